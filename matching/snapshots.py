"""The matching figures per day (portal.snapshots; AppConfig.snapshot_figures).

Six queries for any range of days: the needs' opening and closing moments, the 打診 with their
dates, the first reply and the first 面談 of each 打診 from its history, the people hired, and
the earliest day. Each figure says what it counts and where its past comes from.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from django.db.models import Min

from portal.snapshots import Figure, FigureSet, Interval, Series, day_series, local_day
from talent.models import Specialist

from .choices import Outcome
from .models import Approach, Need

NEEDS_OPEN = "needs_open"
SENT = "approaches_sent"
REPLIES = "replies"
INTERVIEWS = "interviews"
HIRES = "hires"

FIGURES_LIST = (
    Figure(
        NEEDS_OPEN,
        "募集中の募集",
        "その日の終わりに募集中だった募集の数。募集を始めた日時（opened_at）から終えた日時"
        "（closed_at）の前日まで。募集は一度終えると再開しないので、この2つで過去も再現できる。",
    ),
    Figure(SENT, "打診（累計）", "その日までに送った打診の数（送った日時 sent_at から）。"),
    Figure(
        REPLIES,
        "返答（累計）",
        "その日までに返答（関心あり・今回は見送り）があった打診の数。最初の返答の日は打診の"
        "変更履歴から取り、履歴のないものは返答の日時（responded_at：返答を変えた日）による。"
        "返答が消去された打診（保存期間の経過）は、消去の前に取った日には数えられている。",
    ),
    Figure(
        INTERVIEWS,
        "面談（累計）",
        "その日までに面談（またはその先の任用決定）に進んだ打診の数。進んだ日は打診の変更履歴"
        "から取り、履歴のない任用決定は任用決定の日時による。",
    ),
    Figure(
        HIRES,
        "任用決定（累計・人数）",
        "その日までに任用決定した人数。募集から任用までの状況と同じく、人材は1人（打診でも"
        "人材のページからでも、記録した日時 hired_at）、企業・団体は出向を受ける人数"
        "（打診の任用決定の日時）。",
    ),
)


def _first_day() -> date | None:
    """The earliest opening of a need or 打診: where the matching history begins."""
    moments = [
        Need.objects.aggregate(first=Min("opened_at"))["first"],
        Approach.objects.aggregate(first=Min("sent_at"))["first"],
    ]
    days = [local_day(moment) for moment in moments if moment is not None]
    return min(days) if days else None


def _compute(first: date, last: date, prefectures: Sequence[str]) -> Series:
    intervals: dict[str, list[Interval]] = {key: [] for key in (NEEDS_OPEN, SENT, REPLIES)}
    intervals.update({INTERVIEWS: [], HIRES: []})
    for code, opened_at, closed_at in Need.objects.filter(opened_at__isnull=False).values_list(
        "prefecture_id", "opened_at", "closed_at"
    ):
        assert opened_at is not None  # filtered above; the stubs cannot know
        # Closed during a day: not open at its end.
        end = local_day(closed_at) - timedelta(days=1) if closed_at else None
        intervals[NEEDS_OPEN].append((code, local_day(opened_at), end))

    history = Approach.history.model.objects.order_by()
    first_reply = dict(
        history.exclude(response="")
        .values("id")
        .annotate(at=Min("history_date"))
        .values_list("id", "at")
    )
    first_interview = dict(
        history.filter(outcome__in=[Outcome.INTERVIEW, Outcome.HIRED])
        .values("id")
        .annotate(at=Min("history_date"))
        .values_list("id", "at")
    )
    for (
        pk,
        code,
        sent_at,
        responded_at,
        hired_at,
        company,
        seconded,
    ) in Approach.objects.order_by().values_list(
        "pk",
        "need__prefecture_id",
        "sent_at",
        "responded_at",
        "hired_at",
        "registration_id",
        "seconded_count",
    ):
        intervals[SENT].append((code, local_day(sent_at), None))
        if replied := first_reply.get(pk) or responded_at:
            intervals[REPLIES].append((code, local_day(replied), None))
        if interviewed := first_interview.get(pk) or hired_at:
            intervals[INTERVIEWS].append((code, local_day(interviewed), None))
        if company and hired_at:
            # Each person the company seconds (one if the number is missing, as the funnel).
            intervals[HIRES].extend([(code, local_day(hired_at), None)] * (seconded or 1))
    # People hired, whether through a 打診 or from the talent page: once each (talent.hiring).
    for code, hired_at in Specialist.objects.filter(
        hired_by__isnull=False, hired_at__isnull=False
    ).values_list("hired_by_id", "hired_at"):
        intervals[HIRES].append((code, local_day(hired_at), None))
    return {
        key: day_series(found, first=first, last=last, prefectures=prefectures)
        for key, found in intervals.items()
    }


FIGURES = FigureSet(figures=FIGURES_LIST, first_day=_first_day, compute=_compute)
