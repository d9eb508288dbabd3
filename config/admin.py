from django.contrib import admin


class PortalAdminSite(admin.AdminSite):
    """The admin, open only to staff who also passed the second factor (see config.middleware)."""

    site_header = "自治体DX 人材プールポータル 管理"
    site_title = "人材プールポータル 管理"
    index_title = "総務省 管理画面"

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()
