"""The road from need to appointment: 総務省 nationwide, a prefecture its own."""

from django.shortcuts import render

from portal.access import staff_required, user_prefecture
from portal.targets import targets_current

from .. import funnel
from ..exports import FUNNEL, export_funnel


def _scope(request):
    return user_prefecture(request.user)


def _rows(request):
    """The page's scope, its rows in the order asked for (?sort=), the total and that order."""
    prefecture = _scope(request)
    rows, total = funnel.funnel_rows(prefecture=prefecture)
    order = funnel.funnel_order(request.GET.get("sort", ""))
    return prefecture, funnel.funnel_sort(rows=rows, order=order), total, order


def _headers(order):
    """Each column's label, the order its link asks for, and its aria-sort (or "")."""
    headers = []
    for column, label in funnel.COLUMNS:
        if order.removeprefix("-") == column:
            # The sorted column's link turns its order round.
            descending = order.startswith("-")
            sort = column if descending else f"-{column}"
            state = "descending" if descending else "ascending"
        else:
            # A count is most useful most first; the prefectures start in JIS order.
            sort, state = (column if column == funnel.DEFAULT_ORDER else f"-{column}"), ""
        headers.append({"column": column, "label": label, "sort": sort, "aria_sort": state})
    return headers


@staff_required
def funnel_page(request):
    prefecture, rows, total, order = _rows(request)
    biggest = max([total[step] for step, _ in funnel.STEPS] + [1])
    headers = _headers(order)
    return render(
        request,
        "matching/funnel.html",
        {
            "prefecture": prefecture,
            "rows": rows,
            "total": total,
            "headers": headers,
            "pipeline_headers": headers[1 : 2 + len(funnel.STEPS)],
            "appointed_headers": headers[2 + len(funnel.STEPS) :],
            "order": order,
            "default_order": order == funnel.DEFAULT_ORDER,
            "bars": [
                (label, total[step], total[step] * 100 // biggest) for step, label in funnel.STEPS
            ],
            "appointed": [(label, total[key]) for key, label in funnel.APPOINTED],
            "unmet": funnel.unmet_by_specialty(prefecture=prefecture),
            # Both targets by name: the total's target is the page's scope (a prefecture's 10).
            "targets": targets_current(),
        },
    )


@staff_required
def funnel_export(request):
    prefecture, rows, total, order = _rows(request)
    return export_funnel(
        rows=rows, total=total, user=request.user, prefecture=prefecture, kind=FUNNEL, order=order
    )
