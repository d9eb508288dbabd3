"""The accelerators' panel on the staff home (portal.home)."""

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse

from portal.access import is_mic
from portal.home import Link, Panel, status_figures

from .models import Nomination

Status = Nomination.Status


def panel(request: HttpRequest) -> Panel:
    visible = Nomination.objects.visible_to(request.user)
    counts = dict(visible.values_list("status").annotate(n=Count("pk")).order_by())
    dashboard = Link("任命状況（ダッシュボード）", reverse("accelerators:dashboard"))
    if is_mic(request.user):
        return Panel(
            "自治体DXアクセラレータ",
            "都道府県からの推薦を審査し、任命します。",
            figures=tuple(
                Link(Status(status).label, _filtered(status), counts.get(status, 0))
                for status in (Status.SUBMITTED, Status.IN_REVIEW, Status.APPOINTED)
            ),
            actions=(Link("審査する推薦を見る", _filtered(Status.SUBMITTED)), dashboard),
        )
    return Panel(
        "自治体DXアクセラレータ",
        "市町村のDX支援を主たる業務とする職員を、総務省に推薦します。",
        figures=status_figures(counts, Status, _filtered),
        actions=(Link("推薦の一覧・作成", reverse("accelerators:list")), dashboard),
    )


def _filtered(status: str) -> str:
    return f"{reverse('accelerators:list')}?status={status}"


def your_turn(request: HttpRequest) -> tuple[Link, ...]:
    """What waits for this user (portal.home.your_turn): for 総務省, nominations to decide; for
    a prefecture, its nominations returned (差戻し) to complete and submit again."""
    visible = Nomination.objects.visible_to(request.user)
    if is_mic(request.user):
        return (
            Link(
                "決定を待つ推薦",
                f"{reverse('accelerators:list')}?status=awaiting",
                visible.awaiting_decision().count(),
            ),
        )
    return (
        Link(
            "差し戻された推薦",
            _filtered(Status.RETURNED),
            visible.filter(status=Status.RETURNED).count(),
        ),
    )
