"""Daily snapshots: each app's counts per prefecture at the end of each day (DailyFigure).

Each app declares its figures as AppConfig.snapshot_figures, a dotted path to a FigureSet. A
FigureSet computes all its figures for a RANGE of days in a constant number of queries: it
fetches the dated events (appointment dates, status changes, 打診 dates…) and accumulates them in
Python (`day_series`), so the same code fills one night or five years of past days.

`snapshots_take` (run nightly by `manage.py take_snapshots`) fills every day that is missing,
from the earliest day any declaration reports up to yesterday in Japan time, and never rewrites a
day that was taken: the rows are inserted with ignore_conflicts on the (day, prefecture, key)
constraint, so two runs at once or a second run leave one row each. Today is never taken: its
counts still change until midnight, and a row once written is never corrected.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .hooks import app_hooks
from .models import DailyFigure, Prefecture

# {key: {prefecture code: [value on first, value on first + 1 day, …, value on last]}}
Series = dict[str, dict[str, list[int]]]
# (prefecture code, first day counted, last day counted or None while it still counts)
Interval = tuple[str, date, date | None]


@dataclass(frozen=True)
class Figure:
    key: str  # stored in DailyFigure.key; unique across the apps
    label: str  # shown on the dashboard and in the report
    # What a day's value counts, and where past days' values come from (the records it reads).
    counts: str


@dataclass(frozen=True)
class FigureSet:
    figures: tuple[Figure, ...]
    # The earliest day the records hold anything for these figures (None: no record yet).
    first_day: Callable[[], date | None]
    # Every figure for every prefecture on each day from first to last (inclusive), in a
    # constant number of queries whatever the range: (first, last, prefecture codes) → Series.
    compute: Callable[[date, date, Sequence[str]], Series]

    @property
    def keys(self) -> list[str]:
        return [figure.key for figure in self.figures]


def figure_sets() -> list[FigureSet]:
    """What the apps declare (AppConfig.snapshot_figures), in the order of INSTALLED_APPS."""
    return [figures for _, figures in app_hooks("snapshot_figures")]


def figures_declared() -> dict[str, Figure]:
    """Every declared figure by its key."""
    return {figure.key: figure for each in figure_sets() for figure in each.figures}


def local_day(moment: datetime) -> date:
    """The day in Japan time (TIME_ZONE) of a stored moment: what a day's snapshot means."""
    return timezone.localtime(moment).date()


def day_series(
    intervals: Iterable[Interval], *, first: date, last: date, prefectures: Sequence[str]
) -> dict[str, list[int]]:
    """{prefecture: [count of intervals covering each day from first to last]}.

    An interval counts on every day from its first to its last day, both included (last None:
    still counting). A count of events up to each day is the interval (prefecture, day, None).
    """
    days = (last - first).days + 1
    deltas = {code: [0] * (days + 1) for code in prefectures}
    for code, start, end in intervals:
        if code not in deltas or start > last or (end is not None and (end < first or end < start)):
            continue
        begin = max((start - first).days, 0)
        stop = days if end is None else min((end - first).days + 1, days)
        deltas[code][begin] += 1
        deltas[code][stop] -= 1
    series: dict[str, list[int]] = {}
    for code, changes in deltas.items():
        running, values = 0, []
        for change in changes[:days]:
            running += change
            values.append(running)
        series[code] = values
    return series


def days_complete(keys: Sequence[str]) -> set[date]:
    """The days that hold a row of every one of `keys` (one query)."""
    return {
        day
        for day, count in DailyFigure.objects.filter(key__in=keys)
        .order_by()
        .values_list("day")
        .annotate(n=Count("key", distinct=True))
        if count == len(keys)
    }


@dataclass(frozen=True)
class SnapshotResult:
    days: int  # days filled (by any declaration)
    rows: int  # rows offered for insertion (those another run inserted first are skipped)


def snapshots_take(*, today: date | None = None, batch_size: int = 5000) -> SnapshotResult:
    """Fill every missing day up to yesterday for every declaration; never rewrite one.

    Per declaration: one query for the days it already has, its own constant queries for the
    range of the missing days, and the inserts, in one transaction: a day appears whole or not
    at all (a half-written day would look complete to the next run). Rows go in the same order
    in every run, so two runs at once wait on each other's rows and never deadlock.
    """
    today = today or timezone.localdate()
    yesterday = today - timedelta(days=1)
    sets = figure_sets()
    firsts = [day for each in sets if (day := each.first_day()) is not None]
    if not firsts:
        return SnapshotResult(0, 0)
    start = min(firsts)
    prefectures = list(Prefecture.objects.order_by("code").values_list("code", flat=True))
    filled: set[date] = set()
    rows = 0
    for each in sets:
        have = days_complete(each.keys)
        missing = [
            day
            for offset in range((yesterday - start).days + 1)
            if (day := start + timedelta(days=offset)) not in have
        ]
        if not missing:
            continue
        first, last = missing[0], missing[-1]
        series = each.compute(first, last, prefectures)
        per_day = len(prefectures) * len(each.keys)
        chunk = max(batch_size // max(per_day, 1), 1)
        with transaction.atomic():
            # A chunk of days at a time: five years of rows never sit in memory at once.
            for begin in range(0, len(missing), chunk):
                DailyFigure.objects.bulk_create(
                    [
                        DailyFigure(
                            day=day, prefecture_id=code, key=key, value=series[key][code][index]
                        )
                        for day in missing[begin : begin + chunk]
                        for index in [(day - first).days]
                        for code in prefectures
                        for key in each.keys
                    ],
                    ignore_conflicts=True,
                )
        rows += len(missing) * per_day
        filled.update(missing)
    return SnapshotResult(len(filled), rows)
