"""The admin site. Kept apart from portal.admin: Django builds the site before any admin module
registers a model, so this module must register nothing itself."""

from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponseBase

from .access import (
    ViewFunction,
    needs_second_factor,
    public,
    refuse_role_conflict,
    second_factor_required,
    user_roles,
)


class PortalAdminSite(admin.AdminSite):
    """The admin, open only to staff who also passed the second factor, and never to an account
    that is both 総務省 staff and a prefecture's staff."""

    site_header = "自治体DX 人材プールポータル 管理"
    site_title = "人材プールポータル 管理"
    index_title = "総務省 管理画面"

    def has_permission(self, request):
        return (
            super().has_permission(request)
            and request.user.is_verified()
            and not user_roles(request.user).conflict
        )

    def admin_view(self, view: ViewFunction, cacheable: bool = False) -> ViewFunction:
        """Send staff without the second factor to the page that asks for it (not back to the
        admin's login, which would only say they may not enter), and explain a role conflict
        (403 with the reason)."""
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            refuse_role_conflict(request.user)
            return inner(request, *args, **kwargs)

        guarded = update_wrapper(guarded, inner)
        return second_factor_required(guarded) if needs_second_factor(view) else guarded

    # Signing in and out come before the second factor. Django's logout already sends a user
    # the admin refuses to its index, which then asks for the second factor.
    @public
    def login(self, request, extra_context=None):
        return super().login(request, extra_context)

    @public
    def logout(self, request, extra_context=None):
        return super().logout(request, extra_context)
