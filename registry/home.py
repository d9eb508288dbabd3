"""The registrations' panel on the staff home (portal.home)."""

from django.http import HttpRequest
from django.urls import reverse

from portal.access import is_mic, user_prefecture
from portal.home import Link, Panel, review_parts, review_waiting

from .models import Registration


def panel(request: HttpRequest) -> Panel | None:
    if is_mic(request.user):
        figures, review = review_parts(model=Registration)
        return Panel(
            "人材プール協力企業・団体の登録",
            "受付の登録を確認し、掲載します（確認の画面）。状態ごとの件数は管理画面の一覧です。",
            figures=figures,
            actions=(review,),
        )
    prefecture = user_prefecture(request.user)
    if prefecture is None:  # staff_home lets in only 総務省 and prefecture staff
        return None
    count = Registration.objects.for_prefecture_staff(prefecture).count()
    return Panel(
        "人材プール協力企業・団体",
        f"{prefecture.name}に職員を出向させることができる企業・団体（総務省で確認済み）です。",
        figures=(Link("企業・団体", reverse("registry:prefecture-companies"), count),),
        actions=(Link("企業・団体の一覧・Excel出力", reverse("registry:prefecture-companies")),),
    )


def your_turn(request: HttpRequest) -> tuple[Link, ...]:
    """総務省's part of the staff home's "your turn" panel: entries waiting for review."""
    if not is_mic(request.user):
        return ()
    return (review_waiting(model=Registration, label="確認を待つ企業・団体の登録"),)
