"""The 協力可能人材 panel on the staff home (portal.home)."""

from django.http import HttpRequest
from django.urls import reverse

from portal.access import is_mic, user_prefecture
from portal.home import Link, Panel, review_parts, review_waiting

from .models import Specialist


def panel(request: HttpRequest) -> Panel | None:
    staff_list = reverse("talent:staff-list")
    if is_mic(request.user):
        figures, review = review_parts(model=Specialist)
        return Panel(
            "協力可能人材（個人）",
            "受付の登録を確認し、都道府県に提供します（確認の画面）。状態ごとの件数は管理画面の一覧です。",
            figures=figures,
            actions=(review, Link("掲載中の一覧", staff_list)),
        )
    prefecture = user_prefecture(request.user)
    if prefecture is None:  # staff_home lets in only 総務省 and prefecture staff
        return None
    count = Specialist.objects.for_prefecture_staff(prefecture).count()
    return Panel(
        "協力可能人材（個人）",
        f"{prefecture.name}で働くことを希望するデジタル人材です（公開していません）。",
        figures=(Link("人材", staff_list, count),),
        actions=(Link("人材の一覧・Excel出力", staff_list),),
    )


def your_turn(request: HttpRequest) -> tuple[Link, ...]:
    """総務省's part of the staff home's "your turn" panel: entries waiting for review."""
    if not is_mic(request.user):
        return ()
    return (review_waiting(model=Specialist, label="確認を待つ人材の登録"),)
