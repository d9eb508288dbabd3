"""Daily snapshots (portal.snapshots, `manage.py take_snapshots`): every missing day from the
first record up to yesterday is filled from the records, a day once taken is never rewritten,
and two runs (one after the other, or at once on PostgreSQL) leave one row per day, prefecture
and figure."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accelerators.models import Nomination, NominationTransition
from matching.models import Approach
from portal.models import DailyFigure
from portal.snapshots import day_series, figures_declared, snapshots_take
from tests.factories import make_appointed, make_need, make_nomination, make_specialist, make_user
from tests.locks import at_once

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def ago(days):
    return TODAY - timedelta(days=days)


def moment(day, hour=12):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def value(day, key, prefecture="01"):
    return DailyFigure.objects.get(day=day, prefecture_id=prefecture, key=key).value


def rows():
    return sorted(DailyFigure.objects.values_list("day", "prefecture_id", "key", "value"))


def test_both_apps_declare_their_figures():
    assert set(figures_declared()) == {
        "appointed",
        "appointed_portal",
        "appointed_bulk",
        "serving",
        "in_review",
        "needs_open",
        "approaches_sent",
        "replies",
        "interviews",
        "hires",
    }
    assert all(figure.counts for figure in figures_declared().values())


def test_day_series_counts_each_interval_on_its_days_inclusive():
    series = day_series(
        [("01", ago(5), ago(3)), ("01", ago(4), None), ("02", ago(9), None)],
        first=ago(6),
        last=ago(1),
        prefectures=["01", "02"],
    )
    assert series["01"] == [0, 1, 2, 2, 1, 1]
    assert series["02"] == [1] * 6


def test_every_day_from_the_first_record_to_yesterday_is_filled_and_today_is_not():
    make_appointed("01", appointment_date=ago(10))
    make_appointed("01", appointment_date=ago(4), end_date=ago(2))
    bulk = make_appointed("13", appointment_date=ago(6))
    Nomination.objects.filter(pk=bulk.pk).update(source=Nomination.Source.BULK)

    result = snapshots_take()

    days = sorted(set(DailyFigure.objects.values_list("day", flat=True)))
    assert days[0] == ago(10) and days[-1] == ago(1) and len(days) == 10 == result.days
    assert DailyFigure.objects.filter(day=ago(1)).count() == 47 * len(figures_declared())
    assert [value(ago(n), "appointed") for n in (10, 5, 4, 1)] == [1, 1, 2, 2]
    assert [value(ago(n), "serving") for n in (4, 2, 1)] == [2, 2, 1]  # 退任日 counts
    assert value(ago(1), "appointed_bulk", "13") == 1
    assert value(ago(1), "appointed_portal", "13") == 0
    assert value(ago(7), "appointed_bulk", "13") == 0


def test_a_taken_day_is_never_rewritten_when_records_change_later():
    nomination = make_appointed("01", appointment_date=ago(5))
    snapshots_take()
    before = rows()

    # Records change after the days were taken (a correction, a person erased): history stays.
    Nomination.objects.filter(pk=nomination.pk).update(appointment_date=ago(3))
    make_appointed("01", appointment_date=ago(4))
    snapshots_take()

    assert rows() == before
    assert value(ago(5), "appointed") == 1


def test_twice_gives_the_same_rows():
    make_appointed("01", appointment_date=ago(3))
    snapshots_take()
    first = rows()

    second_run = snapshots_take()

    assert rows() == first and second_run.days == 0


def test_a_night_missed_and_a_gap_are_filled_on_the_next_run():
    make_appointed("01", appointment_date=ago(8))
    snapshots_take(today=ago(3))  # the last night that ran
    assert max(DailyFigure.objects.values_list("day", flat=True)) == ago(4)
    DailyFigure.objects.filter(day=ago(6)).delete()  # a day lost in the middle

    result = snapshots_take()

    assert result.days == 4  # ago(6), ago(3), ago(2), ago(1)
    days = set(DailyFigure.objects.values_list("day", flat=True))
    assert days == {ago(n) for n in range(1, 9)}
    assert DailyFigure.objects.filter(day=ago(6)).count() == 47 * len(figures_declared())


def test_in_review_is_rebuilt_from_the_status_changes():
    user = make_user("mover")
    nomination = make_nomination("01")
    for days, (old, new) in [
        (6, ("draft", "submitted")),
        (4, ("submitted", "in_review")),
        (2, ("in_review", "returned")),
    ]:
        NominationTransition.objects.create(
            nomination=nomination,
            from_status=old,
            to_status=new,
            changed_by=user,
            changed_at=moment(ago(days)),
        )

    snapshots_take()

    assert [value(ago(n), "in_review") for n in (6, 5, 4, 3, 2, 1)] == [1, 1, 1, 1, 0, 0]


def test_matching_figures_come_from_the_needs_and_the_approaches_dates():
    need = make_need("01")
    need.opened_at = moment(ago(6))
    need.closed_at = moment(ago(2))
    need.save()
    person = make_specialist()
    approach = Approach.objects.create(
        need=need, specialist=person, sent_by=need.created_by, sent_at=moment(ago(5))
    )
    Approach.objects.filter(pk=approach.pk).update(
        response="interested", responded_at=moment(ago(4))
    )

    snapshots_take()

    assert [value(ago(n), "needs_open") for n in (6, 3, 2, 1)] == [1, 1, 0, 0]
    assert [value(ago(n), "approaches_sent") for n in (6, 5, 1)] == [0, 1, 1]
    assert [value(ago(n), "replies") for n in (5, 4)] == [0, 1]


def test_nothing_recorded_nothing_taken():
    assert snapshots_take().days == 0
    assert not DailyFigure.objects.exists()


def test_the_command_says_what_it_took():
    make_appointed("01", appointment_date=ago(2))
    out = StringIO()

    call_command("take_snapshots", stdout=out)

    assert "2日分" in out.getvalue()


def test_rows_hold_counts_only_never_a_person():
    fields = {field.name for field in DailyFigure._meta.get_fields()}
    assert fields == {"id", "day", "prefecture", "key", "value"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_leave_one_row_per_day_prefecture_and_figure():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    make_appointed("01", appointment_date=ago(30))
    make_appointed("02", appointment_date=ago(12))

    results, errors = at_once(snapshots_take, 2)

    assert errors == []
    assert len(results) == 2
    expected = 30 * 47 * len(figures_declared())
    assert DailyFigure.objects.count() == expected
    assert value(ago(1), "appointed", "02") == 1
