"""From need to appointment: the figures 総務省 follows toward 500 アクセラレータ.

Per prefecture and nationwide: the pipeline (needs open, 打診 sent, 関心あり, 面談 (reached an
interview or beyond), 任用決定); apart from it, the アクセラレータ serving today against the
targets, split by how they were recorded (nominated in the portal, or loaded in bulk as
appointments made before it), since bulk appointments never went through the pipeline and would
make its last step the longest; the days from a need's opening to its first 任用決定; and the
needs never filled, by 得意分野. A handful of grouped queries, whatever the numbers.

打診, 関心あり and 面談 count 打診. 任用決定 counts people: each person the prefecture hired once
(the hire recorded on the person by talent.hiring, from a 打診 or from the talent page, which
has no need), and for each company 任用決定 the people it seconds. Per-need figures (days to the
first hire, unmet needs) come from the 打診 alone, so a talent-page hire is left out of them.
"""

from collections.abc import Iterable
from statistics import median
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accelerators.models import Nomination
from portal.models import Prefecture
from portal.targets import targets_current
from talent.models import Specialist

from .choices import Outcome, Response
from .models import Approach, Need

# A prefecture's figures (the steps' counts, its target, days to the first hire, the cells shown):
# Any, as the values are a Prefecture, counts, a median or None, and the cells.
FunnelRow = dict[str, Any]

# The pipeline, step by step: what the chart draws.
STEPS = [
    ("open_needs", "募集中の募集"),
    ("sent", "打診"),
    ("interested", "関心あり"),
    ("interviewed", "面談"),
    ("hired", "任用決定"),
]
# The アクセラレータ serving today: not a step of the pipeline (bulk appointments never were).
APPOINTED = [
    ("appointed", "任命中（合計）"),
    ("appointed_portal", "うちポータルで推薦"),
    ("appointed_bulk", "うち一括登録"),
]
# The columns of the table by prefecture and of its export, in order: each one sorts it.
COLUMNS = [
    ("prefecture", "都道府県"),
    *STEPS,
    ("days_to_first_hire", "最初の任用決定までの日数（中央値）"),
    *APPOINTED,
]
DEFAULT_ORDER = "prefecture"
COUNTS = [*STEPS, *APPOINTED]


def _by_prefecture(
    rows: Iterable[dict[str, Any]], key: str = "prefecture"
) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in rows}


def funnel_rows(*, prefecture: Prefecture | None = None) -> tuple[list[FunnelRow], FunnelRow]:
    """One row per prefecture (or just the given one), in JIS order, plus the national total."""
    targets = targets_current()
    needs = Need.objects.all()
    approaches = Approach.objects.all()
    people = Specialist.objects.filter(hired_by__isnull=False)
    nominations = Nomination.objects.serving_on(timezone.localdate())
    prefectures = Prefecture.objects.order_by("code")
    if prefecture is not None:
        needs, prefectures = (
            needs.filter(prefecture=prefecture),
            prefectures.filter(pk=prefecture.pk),
        )
        approaches = approaches.filter(need__prefecture=prefecture)
        people = people.filter(hired_by=prefecture)
        nominations = nominations.filter(prefecture=prefecture)
    need_counts = _by_prefecture(
        needs.values("prefecture").annotate(
            open_needs=Count("pk", filter=Q(status=Need.Status.OPEN))
        )
    )
    approach_counts = _by_prefecture(
        approaches.values(prefecture=F("need__prefecture")).annotate(
            sent=Count("pk"),
            interested=Count("pk", filter=Q(response=Response.INTERESTED)),
            interviewed=Count("pk", filter=Q(outcome__in=[Outcome.INTERVIEW, Outcome.HIRED])),
            # A company 任用決定 always records how many it seconds (matching.workflow); one
            # without would still be at least one person.
            seconded=Sum(
                Coalesce("seconded_count", 1),
                filter=Q(outcome=Outcome.HIRED, registration__isnull=False),
            ),
        )
    )
    # One row per person, whether hired in a 打診, from the talent page or both.
    people_hired = _by_prefecture(
        people.values(prefecture=F("hired_by")).annotate(people=Count("pk")).order_by()
    )
    appointed = _by_prefecture(
        nominations.values("prefecture").annotate(
            appointed=Count("pk"),
            appointed_portal=Count("pk", filter=Q(source=Nomination.Source.PORTAL)),
            appointed_bulk=Count("pk", filter=Q(source=Nomination.Source.BULK)),
        )
    )
    days = _days_to_first_hire(needs)
    rows: list[FunnelRow] = []
    for each in prefectures:
        row: FunnelRow = {"prefecture": each, "target": targets.per_prefecture}
        for source in (need_counts, approach_counts, appointed):
            found = source.get(each.pk, {})
            row.update({step: found[step] for step, _ in COUNTS if step in found})
        row["hired"] = (approach_counts.get(each.pk, {}).get("seconded") or 0) + (
            people_hired.get(each.pk, {}).get("people", 0)
        )
        for step, _ in COUNTS:
            row.setdefault(step, 0)
        row["days_to_first_hire"] = _median(days.get(each.pk, []))
        row["cells"] = [(step, row[step]) for step, _ in STEPS]
        row["reached"] = row["appointed"] >= targets.per_prefecture
        rows.append(row)
    total: FunnelRow = {step: sum(row[step] for row in rows) for step, _ in COUNTS}
    total["target"] = targets.national if prefecture is None else targets.per_prefecture
    total["days_to_first_hire"] = _median([d for values in days.values() for d in values])
    return rows, total


def funnel_order(value: str) -> str:
    """The table's order from `?sort=`: a column's name, descending with a leading "-".
    Anything else is the default order (the prefectures' JIS order), never an error."""
    return value if value.removeprefix("-") in dict(COLUMNS) else DEFAULT_ORDER


def funnel_sort(*, rows: list[FunnelRow], order: str) -> list[FunnelRow]:
    """The rows in `order` (as funnel_order returns it); ties keep the JIS order, and a
    prefecture without a figure (no 任用決定 yet, so no days) comes last either way."""
    column = order.removeprefix("-")
    descending = order.startswith("-")
    by_code = sorted(rows, key=lambda row: row["prefecture"].code)
    if column == "prefecture":
        return list(reversed(by_code)) if descending else by_code
    present = [row for row in by_code if row[column] is not None]
    missing = [row for row in by_code if row[column] is None]
    # sorted() is stable, so equal figures stay in JIS order in both directions.
    return sorted(present, key=lambda row: row[column], reverse=descending) + missing


def _days_to_first_hire(needs: QuerySet[Need]) -> dict[str, list[int]]:
    """{prefecture: [days from opening to the first 任用決定, one per need that had one]}."""
    firsts = (
        needs.filter(opened_at__isnull=False)
        .annotate(first_hire=Min("approaches__hired_at"))
        .filter(first_hire__isnull=False)
        .values_list("prefecture", "opened_at", "first_hire")
    )
    days: dict[str, list[int]] = {}
    for prefecture, opened_at, first_hire in firsts:
        days.setdefault(prefecture, []).append(max((first_hire - opened_at).days, 0))
    return days


def _median(values: list[int]) -> int | None:
    return round(median(values)) if values else None


def unmet_by_specialty(*, prefecture: Prefecture | None = None) -> list[tuple[str, int]]:
    """[(得意分野, needs wanting it that have no 任用決定)], most first; 「指定なし」 for none."""
    needs = Need.objects.exclude(status=Need.Status.DRAFT).exclude(
        approaches__outcome=Outcome.HIRED
    )
    if prefecture is not None:
        needs = needs.filter(prefecture=prefecture)
    counted = (
        needs.values("specialties__name").annotate(needs=Count("pk", distinct=True)).order_by()
    )
    # Most first, then by name, needs with no specialty last (the same on every database).
    rows = sorted(
        counted,
        key=lambda r: (-r["needs"], r["specialties__name"] is None, r["specialties__name"] or ""),
    )
    return [(row["specialties__name"] or "指定なし", row["needs"]) for row in rows]
