"""The admin site. Kept apart from portal.admin: Django builds the site before any admin module
registers a model, so this module must register nothing itself."""

from functools import update_wrapper
from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import TemplateResponse

from .access import (
    AnyView,
    needs_second_factor,
    public,
    refuse_role_conflict,
    second_factor_required,
    user_is_verified,
    user_roles,
)


class PortalAdminSite(admin.AdminSite):
    """The admin, open only to staff who also passed the second factor, and never to an account
    that is both 総務省 staff and a prefecture's staff."""

    site_header = "自治体DX 人材プールポータル 管理"
    site_title = "人材プールポータル 管理"
    index_title = "総務省 管理画面"

    def has_permission(self, request: HttpRequest) -> bool:
        return (
            super().has_permission(request)
            and user_is_verified(request.user)
            and not user_roles(request.user).conflict
        )

    def admin_view(self, view: AnyView, cacheable: bool = False) -> AnyView:
        """Send staff without the second factor to the page that asks for it (not back to the
        admin's login, which would only say they may not enter), and explain a role conflict
        (403 with the reason)."""
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            refuse_role_conflict(request.user)
            return inner(request, *args, **kwargs)

        guarded = update_wrapper(guarded, inner)
        # The guard takes and gives what the view does: the admin's URLs see the same view type.
        return cast(
            AnyView, second_factor_required(guarded) if needs_second_factor(view) else guarded
        )

    # Signing in and out come before the second factor. Django's logout already sends a user
    # the admin refuses to its index, which then asks for the second factor.
    @public
    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().login(request, extra_context)

    @public
    def logout(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        return super().logout(request, extra_context)
