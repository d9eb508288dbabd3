"""The dashboard's road to the target, read from the nightly snapshots (portal.DailyFigure).

Four queries whatever the history's length: the bounds of the recorded days, the first
appointment, the nationwide sums of the days drawn (each month's last recorded day), and the
prefectures' figures a month and a year ago. The charts are
server-drawn SVG: this module gives the coordinates, the template draws them, and a table of
the same numbers goes under each chart.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

from django.db.models import Count, Max, Min, Q, Sum
from django.utils.html import format_html_join

from portal.models import DailyFigure
from portal.targets import Targets

from .snapshots import APPOINTED, APPOINTED_BULK, APPOINTED_PORTAL, SERVING

# The charts' drawing box (SVG user units; the SVG scales to the page's width).
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 36
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class MonthPoint:
    day: date  # the month's last recorded day
    label: str  # 「2026年4月」
    bulk: int  # appointed in total by that day, loaded by bulk upload
    portal: int  # appointed in total by that day, nominated through the portal
    total: int
    path: int  # where the straight road to the national target is on that day
    reached: int  # prefectures serving at least the per-prefecture target on that day


class Bar(TypedDict):
    x: float
    width: float
    bulk_y: float
    bulk_height: float
    portal_y: float
    portal_height: float
    reached_y: float
    reached_height: float
    point: MonthPoint


class Tick(TypedDict):
    value: int
    y: float


class AxisLabel(TypedDict):
    x: float
    text: str


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def months_back(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day if it has no such day)."""
    year, month = divmod(_month_index(day) - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def path_value(day: date, *, start: date, targets: Targets) -> int:
    """The straight road from 0 on the first appointment to the national target on the last day
    of the target fiscal year: where it stands on `day` (never below 0 nor above the target)."""
    span = (targets.due - start).days
    if span <= 0 or day >= targets.due:
        return targets.national if day >= start else 0
    return max(0, min(targets.national, round(targets.national * (day - start).days / span)))


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def progress_history(
    rows: list[Any], *, targets: Targets, today: date
) -> dict[str, Any]:  # Any: dashboard rows, points, bars and labels for the template
    """The charts and tables of the road to the target (empty while nothing was recorded).

    `rows` are the dashboard's prefecture rows (live counts of today), in JIS order.
    """
    # Three queries that read the index on (key, day) or (day, …) only, whatever the history.
    recorded = DailyFigure.objects.filter(key=APPOINTED)
    bounds = recorded.aggregate(first=Min("day"), last=Max("day"))
    first, last = bounds["first"], bounds["last"]
    if first is None or last is None:
        return {"recorded": False}
    start = (
        recorded.filter(value__gt=0).order_by("day").values_list("day", flat=True).first() or first
    )
    month_days = [
        min(month_end(index // 12, index % 12 + 1), last)
        for index in range(_month_index(first), _month_index(last) + 1)
    ]
    month_ago, year_ago = months_back(last, 1), months_back(last, 12)
    national: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    reached: dict[date, int] = defaultdict(int)
    serving: dict[date, dict[str, int]] = defaultdict(dict)
    # Nationwide sums and the prefectures at the target are added up by the database (a few
    # rows a month); a month and a year ago are read per prefecture.
    for day, key, total, at_target in (
        DailyFigure.objects.filter(
            day__in={*month_days, month_ago, year_ago},
            key__in=[APPOINTED_PORTAL, APPOINTED_BULK, SERVING],
        )
        .order_by()
        .values_list("day", "key")
        .annotate(
            total=Sum("value"),
            at_target=Count("pk", filter=Q(key=SERVING, value__gte=targets.per_prefecture)),
        )
    ):
        national[day][key] = total
        reached[day] = max(reached[day], at_target)
    for day, code, value in DailyFigure.objects.filter(
        day__in=[month_ago, year_ago], key=SERVING
    ).values_list("day", "prefecture_id", "value"):
        serving[day][code] = value
    points = [
        MonthPoint(
            day=day,
            label=f"{day.year}年{day.month}月",
            bulk=national[day][APPOINTED_BULK],
            portal=national[day][APPOINTED_PORTAL],
            total=national[day][APPOINTED_BULK] + national[day][APPOINTED_PORTAL],
            path=path_value(day, start=start, targets=targets),
            reached=reached[day],
        )
        for day in month_days
    ]
    return {
        "recorded": True,
        "first_day": first,
        "last_day": last,
        "month_ago": month_ago if month_ago >= first else None,
        "year_ago": year_ago if year_ago >= first else None,
        "months": points,
        "path_start": (start, 0),
        "path_end": (targets.due, targets.national),
        "prefectures": [
            {
                "prefecture": row["prefecture"],
                "highlight": row["highlight"],
                "now": row["appointed"],
                "month_ago": serving[month_ago].get(row["prefecture"].pk)
                if month_ago >= first
                else None,
                "year_ago": serving[year_ago].get(row["prefecture"].pk)
                if year_ago >= first
                else None,
            }
            for row in rows
        ],
        **_charts(points, start=start, targets=targets, prefectures=len(rows)),
    }


def _charts(
    points: list[MonthPoint], *, start: date, targets: Targets, prefectures: int
) -> dict[str, Any]:
    """Coordinates: one slot per month from the first record to the end of the target year."""
    first_index = _month_index(points[0].day)
    last_index = max(_month_index(points[-1].day), _month_index(targets.due))
    slots = last_index - first_index + 1
    slot = PLOT_WIDTH / slots
    top_value = _nice_ceiling(max([targets.national, *(p.total for p in points)]))
    most_prefectures = max(prefectures, 1)

    def x_of(day: date) -> float:
        """A day's place: its month's slot, and how far into the month it is."""
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        offset = _month_index(day) - first_index + day.day / days_in_month
        return round(LEFT + max(0.0, min(offset, slots)) * slot, 1)

    def y_of(value: int, top: int) -> float:
        return round(TOP + PLOT_HEIGHT - value * PLOT_HEIGHT / top, 1)

    bars: list[Bar] = []
    for point in points:
        x = LEFT + (_month_index(point.day) - first_index) * slot + slot * 0.15
        bulk_y, total_y = y_of(point.bulk, top_value), y_of(point.total, top_value)
        reached_y = y_of(point.reached, most_prefectures)
        bars.append(
            {
                "x": round(x, 1),
                "width": round(slot * 0.7, 1),
                "bulk_y": bulk_y,
                "bulk_height": round(TOP + PLOT_HEIGHT - bulk_y, 1),
                "portal_y": total_y,
                "portal_height": round(bulk_y - total_y, 1),
                "reached_y": reached_y,
                "reached_height": round(TOP + PLOT_HEIGHT - reached_y, 1),
                "point": point,
            }
        )
    # A label at each fiscal year's first month (April), and at the first month.
    labels: list[AxisLabel] = []
    for index in range(first_index, last_index + 1):
        year, month = divmod(index, 12)
        if month + 1 == 4 or index == first_index:
            labels.append(
                {
                    "x": round(LEFT + (index - first_index + 0.5) * slot, 1),
                    "text": f"{year}年{month + 1}月",
                }
            )
    if len(labels) > 1 and labels[1]["x"] - labels[0]["x"] < 60:
        labels.pop(0)  # the first month's label would run into the next April's
    return {
        "chart": {
            "width": WIDTH,
            "height": HEIGHT,
            "left": LEFT,
            "right": WIDTH - RIGHT,
            "top": TOP,
            "bottom": TOP + PLOT_HEIGHT,
            "label_y": HEIGHT - 12,
            "labels": labels,
        },
        "bars": bars,
        # The bars as markup, built here: a loop of 60 months in the template costs more than
        # the rest of the page (bench/reporting.py).
        "appointment_bars": format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#767676"></rect>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#114c96"></rect>',
            (
                (
                    *(b["x"], b["bulk_y"], b["width"], b["bulk_height"]),
                    *(b["x"], b["portal_y"], b["width"], b["portal_height"]),
                )
                for b in bars
            ),
        ),
        "reached_bars": format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#114c96"></rect>',
            ((b["x"], b["reached_y"], b["width"], b["reached_height"]) for b in bars),
        ),
        "appointment_ticks": _ticks(top_value, y_of),
        "reached_ticks": _ticks(most_prefectures, y_of),
        "path_line": {
            "x1": x_of(start),
            "y1": y_of(0, top_value),
            "x2": x_of(targets.due),
            "y2": y_of(targets.national, top_value),
        },
    }


def _nice_ceiling(value: int) -> int:
    """A round top for the axis: 500 → 500, 537 → 600, 42 → 50."""
    step = 10 ** max(len(str(max(value, 1))) - 1, 0)
    return max(-(-value // step) * step, 1)


def _ticks(top: int, y_of: Any) -> list[Tick]:  # Any: the chart's own scale function
    return [{"value": value, "y": y_of(value, top)} for value in sorted({0, top // 2, top})]
