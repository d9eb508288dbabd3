"""The accelerators' daily figures (portal.snapshots; AppConfig.snapshot_figures).

Three queries for any range of days: the appointed nominations with their dates, the status
changes, and nothing else. Each figure says what it counts and where its past comes from.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from django.db.models import Min

from portal.snapshots import Figure, FigureSet, Interval, Series, day_series, local_day

from .models import Nomination, NominationTransition

APPOINTED = "appointed"
APPOINTED_PORTAL = "appointed_portal"
APPOINTED_BULK = "appointed_bulk"
SERVING = "serving"
IN_REVIEW = "in_review"

_WAS_APPOINTED = [Nomination.Status.APPOINTED, Nomination.Status.RETIRED]
_REVIEW = {Nomination.Status.SUBMITTED, Nomination.Status.IN_REVIEW}

FIGURES_LIST = (
    Figure(
        APPOINTED,
        "任命（累計）",
        "その日までに任命された人数（後に退任した人を含む）。過去の日も推薦の任命日から数える。",
    ),
    Figure(
        APPOINTED_PORTAL,
        "任命（累計・ポータルで推薦）",
        "任命（累計）のうち、ポータルで推薦された人（Nomination.source = portal）。任命日から。",
    ),
    Figure(
        APPOINTED_BULK,
        "任命（累計・一括登録）",
        "任命（累計）のうち、既存の任命として一括登録された人（source = bulk）。任命日から。",
    ),
    Figure(
        SERVING,
        "任命中",
        "その日に在任していた人数（任命日から退任日まで、退任日を含む）。ダッシュボードの"
        "「任命」と同じ数え方で、過去の日も任命日と退任日から数える。",
    ),
    Figure(
        IN_REVIEW,
        "審査待ち・審査中",
        "その日の終わりに「推薦」「審査中」だった推薦の数。過去の日は状態の変更履歴"
        "（NominationTransition）から再現する。履歴のない推薦（一括登録など）は数えない。",
    ),
)


def _first_day() -> date | None:
    """The earliest appointment date or status change: where the accelerators' history begins."""
    appointed = Nomination.objects.filter(appointment_date__isnull=False).aggregate(
        first=Min("appointment_date")
    )["first"]
    changed = NominationTransition.objects.aggregate(first=Min("changed_at"))["first"]
    days = [day for day in (appointed, changed and local_day(changed)) if day is not None]
    return min(days) if days else None


def _compute(first: date, last: date, prefectures: Sequence[str]) -> Series:
    appointed: dict[str, list[Interval]] = {
        APPOINTED: [],
        APPOINTED_PORTAL: [],
        APPOINTED_BULK: [],
        SERVING: [],
    }
    # A nomination appointed (or retired since) carries its 任命日 and 退任日; one in any other
    # status was never appointed. Nothing else is needed for the past of these four.
    for code, source, appointed_on, ended_on in Nomination.objects.filter(
        status__in=_WAS_APPOINTED, appointment_date__isnull=False, appointment_date__lte=last
    ).values_list("prefecture_id", "source", "appointment_date", "end_date"):
        assert appointed_on is not None  # filtered above; the stubs cannot know
        appointed[APPOINTED].append((code, appointed_on, None))
        by_source = APPOINTED_BULK if source == Nomination.Source.BULK else APPOINTED_PORTAL
        appointed[by_source].append((code, appointed_on, None))
        appointed[SERVING].append((code, appointed_on, ended_on))
    series = {
        key: day_series(intervals, first=first, last=last, prefectures=prefectures)
        for key, intervals in appointed.items()
    }
    series[IN_REVIEW] = day_series(
        _review_intervals(last), first=first, last=last, prefectures=prefectures
    )
    return series


def _review_intervals(last: date) -> list[Interval]:
    """From each move into 推薦 or 審査中 to the day before the next move (end of day)."""
    intervals: list[Interval] = []
    moves = NominationTransition.objects.order_by("nomination_id", "changed_at", "id").values_list(
        "nomination_id", "nomination__prefecture_id", "to_status", "changed_at"
    )
    previous: tuple[int, str, str, date] | None = None
    for nomination, code, status, changed_at in moves:
        day = local_day(changed_at)
        if previous is not None and previous[2] in _REVIEW:
            # The previous move was into review: it lasted until this move, if of the same one.
            same = previous[0] == nomination
            intervals.append((previous[1], previous[3], day - timedelta(days=1) if same else None))
        previous = (nomination, code, status, day)
    if previous is not None and previous[2] in _REVIEW:
        intervals.append((previous[1], previous[3], None))
    return [interval for interval in intervals if interval[1] <= last]


FIGURES = FigureSet(figures=FIGURES_LIST, first_day=_first_day, compute=_compute)
