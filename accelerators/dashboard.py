"""The figures of the progress dashboard: counts per prefecture, the tile map and the estimate."""

from datetime import date
from typing import Any, NamedTuple, TypedDict

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

from portal.models import Prefecture
from portal.targets import DEFAULT_TARGETS, Targets, targets_current

from .fiscal import (
    FULL_TIME,
    PART_TIME,
    Contract,
    Staff,
    fiscal_estimate,
    fiscal_year_bounds,
    fiscal_year_of,
    fiscal_years_offered,
    reiwa,
)
from .models import ContractedStaffing, Nomination
from .progress import progress_history

TILE = 44
# Column and row of each prefecture on a map-like grid of Japan (north-east at the top right).
TILE_POSITIONS = {
    "01": (12, 0), "02": (12, 2), "05": (11, 3), "03": (12, 3), "17": (8, 4), "16": (9, 4),
    "15": (10, 4), "06": (11, 4), "04": (12, 4), "32": (3, 5), "31": (4, 5), "28": (5, 5),
    "26": (6, 5), "18": (7, 5), "21": (8, 5), "20": (9, 5), "10": (10, 5), "09": (11, 5),
    "07": (12, 5), "35": (2, 6), "34": (3, 6), "33": (4, 6), "27": (5, 6), "25": (6, 6),
    "24": (7, 6), "23": (8, 6), "19": (9, 6), "11": (10, 6), "08": (11, 6), "41": (0, 7),
    "40": (1, 7), "44": (2, 7), "38": (3, 7), "37": (4, 7), "30": (5, 7), "29": (6, 7),
    "22": (8, 7), "14": (9, 7), "13": (10, 7), "12": (11, 7), "42": (0, 8), "43": (1, 8),
    "45": (2, 8), "39": (3, 8), "36": (4, 8), "46": (1, 9), "47": (0, 10),
}  # fmt: skip
EMPLOYMENT_CATEGORY: dict[str, str] = {
    Nomination.EmploymentType.PERMANENT: FULL_TIME,
    Nomination.EmploymentType.FIXED_TERM: FULL_TIME,
    Nomination.EmploymentType.PART_TIME: PART_TIME,
}


class Step(NamedTuple):
    minimum: int  # the lowest count in the step; the step ends where the next one begins
    fill: str
    text: str  # the colour of the name and count drawn on the tile
    outline: str


# The map's stepped scale. 1 and 2 each get a step (most prefectures start there) and the last
# is the per-prefecture target (10 as first set; map_steps follows an edited target). The text on every fill keeps 4.5:1 and each fill is at least 1.5:1 from the next, so
# neighbouring steps look different (tests/accelerators/test_dashboard.py checks both).
STEPS = [
    Step(0, "#f0f0f0", "#1a1a1a", "#767676"),
    Step(1, "#a3c5ef", "#1a1a1a", "#ffffff"),
    Step(2, "#5e9ae3", "#1a1a1a", "#ffffff"),
    Step(3, "#236dc8", "#ffffff", "#ffffff"),
    Step(5, "#114c96", "#ffffff", "#ffffff"),
    Step(DEFAULT_TARGETS.per_prefecture, "#0b305f", "#ffffff", "#ffffff"),
]


def map_steps(per_prefecture: int) -> list[Step]:
    """The scale for a per-prefecture target: the last step begins at the target, and the steps
    at or above it give way (a target of 4 keeps 0, 1, 2, 3 and the target)."""
    top = STEPS[-1]._replace(minimum=per_prefecture)
    return [step for step in STEPS[:-1] if step.minimum < per_prefecture] + [top]


def fiscal_year_from(value: str | None) -> int:
    """The fiscal year asked for in the query string, or the current one; never an error."""
    current = fiscal_year_of(timezone.localdate())
    try:
        year = int(value or "")
    except (TypeError, ValueError):
        return current
    return year if 2020 <= year <= current + 10 else current


class PrefectureRow(TypedDict):
    prefecture: Prefecture
    short_name: str
    appointed: int
    in_review: int
    target: int
    reached: bool
    highlight: bool
    x: int
    y: int
    step: Step


def map_step(count: int, steps: list[Step] = STEPS) -> Step:
    """The step of the map's scale that a prefecture's appointed count falls in."""
    return next(step for step in reversed(steps) if count >= step.minimum)


def step_label(step: Step, steps: list[Step] = STEPS) -> str:
    """The legend's words for a step: 「1名」, 「3～4名」, 「10名以上（目標達成）」."""
    index = steps.index(step)
    if index == len(steps) - 1:
        return f"{step.minimum}名以上（目標達成）"
    last = steps[index + 1].minimum - 1
    return f"{step.minimum}名" if last == step.minimum else f"{step.minimum}～{last}名"


def _count_by(nominations: QuerySet[Nomination], field: str) -> dict[Any, int]:
    return dict(nominations.order_by().values_list(field).annotate(n=Count("id")))


def prefecture_rows(
    highlight: Prefecture | None = None,
    *,
    today: date | None = None,
    targets: Targets | None = None,
) -> list[PrefectureRow]:
    """One row per prefecture in JIS order: serving today, in review, target, and its tile."""
    today = today or timezone.localdate()
    targets = targets or targets_current()
    steps = map_steps(targets.per_prefecture)
    serving = _count_by(Nomination.objects.serving_on(today), "prefecture_id")
    reviewing = _count_by(Nomination.objects.in_review(), "prefecture_id")
    rows: list[PrefectureRow] = []
    for prefecture in Prefecture.objects.order_by("code"):
        appointed = serving.get(prefecture.code, 0)
        in_review = reviewing.get(prefecture.code, 0)
        column, row = TILE_POSITIONS[prefecture.code]
        step = map_step(appointed, steps)
        rows.append(
            {
                "prefecture": prefecture,
                "short_name": prefecture.name
                if prefecture.name == "北海道"
                else prefecture.name[:-1],
                "appointed": appointed,
                "in_review": in_review,
                "target": targets.per_prefecture,
                "reached": appointed >= targets.per_prefecture,
                "highlight": highlight is not None and prefecture.pk == highlight.pk,
                "x": column * TILE,
                "y": row * TILE,
                "step": step,
            }
        )
    return rows


def staff_in_fiscal_year(fiscal_year: int, prefecture: Prefecture | None = None) -> list[Staff]:
    """Appointed accelerators serving at any time in the fiscal year (of one prefecture, or all)."""
    serving = Nomination.objects.serving_between(*fiscal_year_bounds(fiscal_year))
    if prefecture is not None:
        serving = serving.for_prefecture(prefecture)
    return [
        Staff(EMPLOYMENT_CATEGORY[kind], cost)
        for kind, cost in serving.values_list("employment_type", "annual_cost_yen")
    ]


def contracts_in_fiscal_year(
    fiscal_year: int, prefecture: Prefecture | None = None
) -> list[Contract]:
    """The 業務委託 records entered for the fiscal year (by one prefecture, or by all)."""
    records = ContractedStaffing.objects.in_fiscal_year(fiscal_year)
    if prefecture is not None:
        records = records.filter(prefecture=prefecture)
    return [
        Contract(persons, cost)
        for persons, cost in records.values_list("persons", "annual_cost_yen")
    ]


def estimate_scope_label(prefecture: Prefecture | None = None) -> str:
    """Whose 交付税 estimate a table shows: 「北海道の推計」 or 「全国の推計」."""
    return f"{prefecture.name}の推計" if prefecture is not None else "全国の推計"


def dashboard_context(*, highlight: Prefecture | None, fiscal_year: int) -> dict[str, Any]:
    """The dashboard for a prefecture's staff (`highlight`: their prefecture) or 総務省 (None).

    The counts and the map are national for everyone; the 交付税 estimate is the viewer's own: a
    prefecture's staff see their prefecture's (its appointees and its 業務委託 records), 総務省
    the national one, and the page names which it is.
    """
    today = timezone.localdate()
    targets = targets_current()
    steps = map_steps(targets.per_prefecture)
    rows = prefecture_rows(highlight, today=today, targets=targets)
    appointed_total = sum(row["appointed"] for row in rows)
    by_type = _count_by(Nomination.objects.serving_on(today), "employment_type")
    estimate = fiscal_estimate(
        staff=staff_in_fiscal_year(fiscal_year, highlight),
        contracts=contracts_in_fiscal_year(fiscal_year, highlight),
        fiscal_year=fiscal_year,
        unit_cost_yen=settings.ACCELERATOR_FULL_TIME_UNIT_COST_YEN,
    )
    return {
        "rows": rows,
        "highlight": highlight,
        "appointed_total": appointed_total,
        "prefectures_with_appointed": sum(1 for row in rows if row["appointed"]),
        "in_review_total": sum(row["in_review"] for row in rows),
        "targets": targets,
        "targets_due_label": reiwa(targets.fiscal_year),
        "progress_percent": min(100, round(appointed_total * 100 / targets.national)),
        "progress_width": min(targets.national, appointed_total) * 500 // targets.national,
        "by_type": [
            (label, by_type.get(value, 0)) for value, label in Nomination.EmploymentType.choices
        ],
        "map_width": 13 * TILE,
        "map_height": 11 * TILE,
        "tile": TILE - 4,
        "today": today,
        "fiscal_year": fiscal_year,
        "fiscal_year_label": reiwa(fiscal_year),
        "fiscal_years": [(year, reiwa(year)) for year in fiscal_years_offered(today)],
        "estimate": estimate,
        "estimate_scope": estimate_scope_label(highlight),
        "estimate_total": sum(line.amount_yen for line in estimate),
        "legend": [(step, step_label(step, steps)) for step in steps],
        "history": progress_history(rows, targets=targets, today=today),
    }
