"""The needs' panel on the staff home (portal.home)."""

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse

from portal.access import is_mic, user_prefecture
from portal.home import Link, Panel
from portal.targets import targets_current

from .models import Approach, Need


def panel(request: HttpRequest) -> Panel:
    counts = dict(
        Need.objects.visible_to(request.user)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    needs = reverse("matching:needs")
    figures = tuple(
        Link(label, f"{needs}?status={status}", counts.get(status, 0))
        for status, label in Need.Status.choices
    )
    funnel = Link("募集から任用までの状況", reverse("matching:funnel"))
    if is_mic(request.user):
        text = f"都道府県の募集、打診、任用までの流れを見られます（目標 {targets_current().national}人）。"
        return Panel("募集と打診", text, figures=figures, actions=(funnel,))
    return Panel(
        "募集と打診",
        "求める人材を募集として登録し、一致する企業・団体と人材に打診します。",
        figures=figures,
        actions=(Link("募集を作成する", reverse("matching:need-create")), funnel),
    )


def your_turn(request: HttpRequest) -> tuple[Link, ...]:
    """What waits for a prefecture's staff (portal.home.your_turn): replies nobody of the
    prefecture has looked at, and 打診 past their follow-up date. 総務省 only reads 打診."""
    if user_prefecture(request.user) is None:
        return ()
    approaches = Approach.objects.visible_to(request.user)
    listed = reverse("matching:approaches")
    return (
        Link("未確認の返答", f"{listed}?show=unseen", approaches.reply_unseen().count()),
        Link("確認日を過ぎた打診", f"{listed}?show=overdue", approaches.overdue().count()),
    )
