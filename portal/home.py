"""The staff home after sign-in: one page for 総務省 and for prefecture staff, made of the panels
the apps declare (AppConfig.home_panel, a dotted path to a function of the request that returns a
Panel, or None when it has nothing for this user). portal knows no app; it only collects.

Above them, the "your turn" panel: what waits for this user (AppConfig.your_turn, a dotted path
to a function of the request that returns Links with a count, each linking to a list filtered to
exactly the rows counted; an empty tuple when the app has nothing for this role)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Model, TextChoices
from django.http import HttpRequest
from django.urls import reverse

from .access import is_mic, signed_in_user
from .hooks import app_hooks
from .models import StaffInvitation
from .review import review_kind_of, waiting_count
from .staff_accounts import staff_without_address


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    count: int | None = None  # shown after the label when given: 「受付 3件」


@dataclass(frozen=True)
class Panel:
    title: str
    text: str = ""
    figures: tuple[Link, ...] = ()
    actions: tuple[Link, ...] = ()


def status_figures(
    counts: Mapping[str, int], statuses: type[TextChoices], url: Callable[[str], str]
) -> tuple[Link, ...]:
    """A Link per status, in the choices' order, with its count (0 when none) and filtered URL."""
    return tuple(Link(label, url(value), counts.get(value, 0)) for value, label in statuses.choices)


def review_parts(*, model: type[Model]) -> tuple[tuple[Link, ...], Link]:
    """What 総務省's panel of self-registered entries shows: a figure per status linking to the
    admin list filtered by it, and the way to the entries waiting for review (受付): the review
    workspace's queue."""
    counts = dict(model._default_manager.values_list("status").annotate(n=Count("pk")).order_by())
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    figures = status_figures(
        counts,
        model.Status,  # type: ignore[attr-defined]  # each entry model's own status choices
        lambda status: f"{changelist}?status__exact={status}",
    )
    return figures, Link("受付の登録を確認する", review_queue_url(model))


def review_queue_url(model: type[Model]) -> str:
    """The review workspace's queue of this kind of entry (portal.review)."""
    return reverse("portal:review-queue", args=[review_kind_of(model).slug])


def review_waiting(*, model: type[Model], label: str) -> Link:
    """総務省's "your turn" count of self-registered entries waiting for review (受付), linking
    to the review workspace's queue of exactly them (its own count)."""
    kind = review_kind_of(model)
    return Link(label, review_queue_url(model), waiting_count(kind))


def export_log_panel(request: HttpRequest) -> Panel | None:
    if not is_mic(request.user) or not request.user.has_perm("portal.view_exportlog"):
        return None
    return Panel(
        "Excel出力の記録",
        "誰が、いつ、どの条件で Excel を出力したかの記録です。",
        actions=(Link("出力の記録を見る", reverse("admin:portal_exportlog_changelist")),),
    )


def staff_accounts_panel(request: HttpRequest) -> Panel | None:
    """総務省's way to invite staff, with what waits: open invitations, staff without an address."""
    if not is_mic(request.user):
        return None
    return Panel(
        "職員のアカウント",
        "新しい職員をメールで招待します。本人が自分でパスワードと2段階認証を設定します。",
        figures=(
            Link(
                "受諾待ちの招待",
                reverse("portal:invitations"),
                StaffInvitation.objects.open().count(),
            ),
            Link(
                "メールアドレスが未登録の職員",
                reverse("portal:staff-addresses"),
                staff_without_address(by=signed_in_user(request)).count(),
            ),
        ),
        actions=(Link("職員を招待する", reverse("portal:invitations")),),
    )


def home_panels(request: HttpRequest) -> list[Panel]:
    functions = [function for _, function in app_hooks("home_panel")]
    functions += [export_log_panel, staff_accounts_panel]
    return [panel for function in functions if (panel := function(request)) is not None]


def your_turn(request: HttpRequest) -> list[Link]:
    """What waits for this user, from every app that declares it, in INSTALLED_APPS order."""
    return [link for _, function in app_hooks("your_turn") for link in function(request)]
