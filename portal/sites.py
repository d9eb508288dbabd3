"""The admin site. Kept apart from portal.admin: Django builds the site before any admin module
registers a model, so this module must register nothing itself."""

from functools import update_wrapper

from django.contrib import admin

from .access import refuse_role_conflict, user_roles


class PortalAdminSite(admin.AdminSite):
    """The admin, open only to staff who also passed the second factor (see portal.middleware),
    and never to an account that is both 総務省 staff and a prefecture's staff."""

    site_header = "自治体DX 人材プールポータル 管理"
    site_title = "人材プールポータル 管理"
    index_title = "総務省 管理画面"

    def has_permission(self, request):
        return (
            super().has_permission(request)
            and request.user.is_verified()
            and not user_roles(request.user).conflict
        )

    def admin_view(self, view, cacheable=False):
        """Explain the refusal (403 with the reason) instead of sending the user back to log in."""
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            refuse_role_conflict(request.user)
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)
