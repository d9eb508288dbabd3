"""The road from need to appointment: 総務省 nationwide, a prefecture its own."""

from django.shortcuts import render

from portal.access import staff_required, user_prefecture
from portal.targets import targets_current

from .. import funnel
from ..exports import FUNNEL, export_funnel


def _scope(request):
    return user_prefecture(request.user)


@staff_required
def funnel_page(request):
    prefecture = _scope(request)
    rows, total = funnel.funnel_rows(prefecture=prefecture)
    biggest = max([total[step] for step, _ in funnel.STEPS] + [1])
    return render(
        request,
        "matching/funnel.html",
        {
            "prefecture": prefecture,
            "rows": rows,
            "total": total,
            "steps": funnel.STEPS,
            "bars": [
                (label, total[step], total[step] * 100 // biggest) for step, label in funnel.STEPS
            ],
            "unmet": funnel.unmet_by_specialty(prefecture=prefecture),
            # Both targets by name: the total's target is the page's scope (a prefecture's 10).
            "targets": targets_current(),
        },
    )


@staff_required
def funnel_export(request):
    prefecture = _scope(request)
    rows, total = funnel.funnel_rows(prefecture=prefecture)
    return export_funnel(
        rows=rows, total=total, user=request.user, prefecture=prefecture, kind=FUNNEL
    )
