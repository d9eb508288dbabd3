"""The 協力可能人材 panel on the staff home (portal.home)."""

from django.db.models import Count
from django.urls import reverse

from portal.access import is_mic, user_prefecture
from portal.home import Link, Panel, status_figures

from .models import Specialist


def panel(request):
    staff_list = reverse("talent:staff-list")
    if is_mic(request.user):
        counts = dict(Specialist.objects.values_list("status").annotate(n=Count("pk")).order_by())
        changelist = reverse("admin:talent_specialist_changelist")
        return Panel(
            "協力可能人材（個人）",
            "受付の登録を確認し、都道府県に提供します（管理画面）。",
            figures=status_figures(
                counts, Specialist.Status, lambda status: f"{changelist}?status__exact={status}"
            ),
            actions=(
                Link("受付の登録を確認する", f"{changelist}?status__exact=received"),
                Link("掲載中の一覧", staff_list),
            ),
        )
    prefecture = user_prefecture(request.user)
    count = Specialist.objects.for_prefecture_staff(prefecture).count()
    return Panel(
        "協力可能人材（個人）",
        f"{prefecture.name}で働くことを希望するデジタル人材です（公開していません）。",
        figures=(Link("人材", staff_list, count),),
        actions=(Link("人材の一覧・Excel出力", staff_list),),
    )
