from django.contrib import admin


class PortalAdminSite(admin.AdminSite):
    """The admin, open only to staff who also passed the second factor (see config.middleware)."""

    site_header = "自治体DX 人材プールポータル 管理"
    site_title = "人材プールポータル 管理"
    index_title = "総務省 管理画面"

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are reference data or an audit trail: shown in the admin, never edited there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
