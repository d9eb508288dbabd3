"""Who acts for 総務省 and who for a prefecture: the one place that decides a user's role.

Duties are separated: an account that is both 総務省 staff (superuser, or in the 総務省 group) and
a prefecture's staff (a PrefectureMembership) is treated as neither, everywhere, until an
administrator removes one of the two. The user admin refuses to create such an account.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import update_wrapper, wraps
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.decorators.cache import never_cache

from .models import Prefecture, PrefectureMembership
from .roles import MIC_GROUP

NO_ROLE_TEMPLATE = "portal/no_role.html"
ROLE_CONFLICT_MESSAGE = (
    "このアカウントには総務省の職員の権限と都道府県の職員の権限の両方が設定されています。"
    "役割が矛盾しているため、どちらの職員のページも利用できません。"
    "システム管理者に連絡し、どちらか一方の権限だけにしてもらってください。"
)
ROLE_CONFLICT_FORM_MESSAGE = (
    "総務省の職員（スーパーユーザー、またはグループ「総務省」）と都道府県の職員（所属する都道府県）"
    "は、同じアカウントに設定できません。どちらか一方だけにしてください。"
)


ViewFunction = Callable[..., HttpResponseBase]
AnyView = TypeVar("AnyView", bound=Callable[..., Any])
# A queryset of any model; visible_to gives back the same class (with its named queries).
QS = TypeVar("QS", bound=QuerySet[Any])
# request.user: a signed-in account or the anonymous visitor.
AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Roles:
    mic: bool  # acts for 総務省
    prefecture: Prefecture | None  # acts for this prefecture
    conflict: bool = False  # claims both, so acts for neither


NO_ROLE = Roles(mic=False, prefecture=None)


def claims_mic(*, is_superuser: bool, group_names: Collection[str]) -> bool:
    """Whether an account is set up as 総務省 staff (before the separation of duties is applied)."""
    return is_superuser or MIC_GROUP in group_names


def user_roles(user: AnyUser) -> Roles:
    """The user's role, remembered on the user object for the rest of the request."""
    cached: Roles | None = getattr(user, "_portal_roles", None)
    if cached is not None:
        return cached
    roles = _resolve_roles(user)
    if user.is_authenticated:
        user._portal_roles = roles  # type: ignore[attr-defined]  # a memo of our own on the user
    return roles


def _resolve_roles(user: AnyUser) -> Roles:
    if not user.is_authenticated or not user.is_active:
        return NO_ROLE
    mic = claims_mic(
        is_superuser=user.is_superuser,
        group_names=set(user.groups.values_list("name", flat=True)),
    )
    membership = PrefectureMembership.objects.select_related("prefecture").filter(user=user).first()
    if mic and membership:
        return Roles(mic=False, prefecture=None, conflict=True)
    return Roles(mic=mic, prefecture=membership.prefecture if membership else None)


def user_prefecture(user: AnyUser) -> Prefecture | None:
    """The prefecture a user works for, or None (also None for an account with both roles)."""
    return user_roles(user).prefecture


def visible_to(
    queryset: QS,
    user: AnyUser,
    *,
    prefecture_field: str = "prefecture",
    for_mic: Callable[[QS], QS] | None = None,
    for_prefecture: Callable[[QS, Prefecture], QS] | None = None,
) -> QS:
    """What `user` may see of `queryset` on the staff pages: 総務省 everything (or `for_mic` of
    it), a prefecture's staff their own prefecture's rows (`prefecture_field`, or
    `for_prefecture`), anyone else (no role, or both roles) nothing."""
    if is_mic(user):
        return for_mic(queryset) if for_mic else queryset
    prefecture = user_prefecture(user)
    if prefecture is None:
        return queryset.none()
    if for_prefecture:
        return for_prefecture(queryset, prefecture)
    return queryset.filter(**{prefecture_field: prefecture})


def refuse_role_conflict(user: AnyUser) -> None:
    """Raise PermissionDenied (shown on the 403 page) for an account that holds both roles."""
    if user_roles(user).conflict:
        raise PermissionDenied(ROLE_CONFLICT_MESSAGE)


def is_mic(user: AnyUser) -> bool:
    """Whether the user acts for 総務省 (never for an account that is also a prefecture's staff)."""
    return user_roles(user).mic


def public(view: AnyView) -> AnyView:
    """Declare a page that anyone may open, signed in or not: it asks for no second factor.

    Every page without this mark (or second_factor_exempt) must ask for the second factor;
    tests/portal/test_second_factor_access.py walks the URLs and holds each page to it.
    """
    view.public = True  # type: ignore[attr-defined]
    return view


def second_factor_exempt(view: AnyView) -> AnyView:
    """Declare a page for signed-in users who have not given the second factor: the page that
    asks for it. Without the mark they would be sent from it to itself."""
    view.second_factor_exempt = True  # type: ignore[attr-defined]
    return view


def needs_second_factor(view: Callable[..., Any]) -> bool:
    """Whether a view is held to the second factor (it is declared neither public nor exempt)."""
    return not (getattr(view, "public", False) or getattr(view, "second_factor_exempt", False))


def second_factor_required(view: ViewFunction) -> ViewFunction:
    """Send a signed-in user who has not given the second factor to the page that asks for it,
    and back here afterwards. Anonymous visitors go on to the next rule (login_required, or the
    admin's own login), so that they are asked for the password first."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not user_is_verified(request.user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('portal:two-factor')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped


def signed_in_user(request: HttpRequest) -> User:
    """request.user on a page that only signed-in staff reach (the admin, login_required): the
    account, never the anonymous visitor."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def user_is_verified(user: AnyUser) -> bool:
    """Whether the user gave the second factor in this session: django-otp's OTPMiddleware sets
    `is_verified` on request.user, and django-otp ships no type hints."""
    otp_user: Any = user  # the attribute exists only at run time, set by the middleware
    return bool(otp_user.is_verified())


def prefecture_staff_required(view: Callable[..., HttpResponseBase]) -> ViewFunction:
    """Log in, then give the second factor; then pass the user's prefecture to the view, or explain
    why there is none.

    Staff pages show people's details, so no browser or proxy cache may keep them.
    """

    @never_cache
    @login_required
    @second_factor_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        refuse_role_conflict(request.user)
        prefecture = user_prefecture(request.user)
        if prefecture is None:
            return render(request, NO_ROLE_TEMPLATE, status=403)
        return view(request, prefecture, *args, **kwargs)

    return _held_to_second_factor(wrapped)


def _held_to_second_factor(view: AnyView) -> AnyView:
    """A staff rule's view, never taken for a public one: functools.wraps copies the marks of
    the view it wraps, and a @public mark carried over would hide the page from the URL walk."""
    for mark in ("public", "second_factor_exempt"):
        view.__dict__.pop(mark, None)
    return view


def staff_required(view: ViewFunction) -> ViewFunction:
    """Log in, then give the second factor; then 総務省 staff or a prefecture's staff (never both at
    once) may enter."""

    @never_cache
    @login_required
    @second_factor_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        refuse_role_conflict(request.user)
        if not is_mic(request.user) and user_prefecture(request.user) is None:
            return render(request, NO_ROLE_TEMPLATE, status=403)
        return view(request, *args, **kwargs)

    return _held_to_second_factor(wrapped)


def mic_staff_required(view: ViewFunction) -> ViewFunction:
    """Log in, then give the second factor; then only 総務省 staff (a superuser, or the group
    総務省; never an account that also holds a prefecture) may enter: anyone else gets 403."""

    @never_cache
    @login_required
    @second_factor_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        refuse_role_conflict(request.user)
        if not is_mic(request.user):
            raise PermissionDenied("このページは総務省の職員だけが利用できます。")
        return view(request, *args, **kwargs)

    return _held_to_second_factor(wrapped)


# The mixins below go before a View among a class-based view's bases: type-checked as one, a
# plain class at run time.
if TYPE_CHECKING:
    _ViewBase = View
else:
    _ViewBase = object


class StaffRequiredMixin(_ViewBase):
    """staff_required for class-based views."""

    @classmethod
    def as_view(cls, **initkwargs: Any) -> ViewFunction:
        return staff_required(super().as_view(**initkwargs))


class PrefectureStaffRequiredMixin(_ViewBase):
    """prefecture_staff_required for class-based views: the prefecture is self.prefecture."""

    @classmethod
    def as_view(cls, **initkwargs: Any) -> ViewFunction:
        view = super().as_view(**initkwargs)

        def with_prefecture(
            request: HttpRequest, prefecture: Prefecture, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            request.staff_prefecture = prefecture  # type: ignore[attr-defined]  # handed to setup()
            return view(request, *args, **kwargs)

        return prefecture_staff_required(update_wrapper(with_prefecture, view))

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.prefecture: Prefecture = request.staff_prefecture  # type: ignore[attr-defined]  # set by as_view's wrapper
