"""Two reminder runs at once (a cron run overlapping a manual one) remind each entry once:
each reminder is claimed by a conditional update before its mail is queued (PostgreSQL, real
threads)."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from talent.models import Specialist, SpecialistMail, SpecialistReconfirmationRequest
from talent.reconfirmation import RECONFIRMATION, specialist_reconfirmation_round_start
from tests.factories import make_specialist, make_user
from tests.locks import wait_for_lock_waiters

JST = ZoneInfo("Asia/Tokyo")
ROUND = datetime(2026, 5, 11, 9, 0, tzinfo=JST)
PEOPLE = 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_overlapping_reminder_runs_remind_each_entry_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers and has no row locks; the race needs PostgreSQL")
    people = [
        make_specialist(status="listed", email=f"remind{n}@example.jp") for n in range(PEOPLE)
    ]
    Specialist.objects.filter(pk__in=[p.pk for p in people]).update(
        last_confirmed_at=ROUND - timedelta(days=400)
    )
    specialist_reconfirmation_round_start(by=make_user("mic-remind"), now=ROUND)
    now = ROUND + timedelta(days=14, hours=1)
    reminded, errors = [], []

    def run():
        try:
            reminded.append(RECONFIRMATION.reminders_send(now=now))
        except Exception as error:  # every failure in a thread fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    # Both runs read the open requests, then stop at the first request's row, held here; let
    # go, they race for every request.
    with transaction.atomic():
        list(SpecialistReconfirmationRequest.objects.select_for_update())
        for thread in threads:
            thread.start()
        wait_for_lock_waiters(2)
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    assert errors == []
    assert sum(reminded) == PEOPLE
    mails = SpecialistMail.objects.filter(kind=SpecialistMail.Kind.RECONFIRMATION_REMINDER)
    assert sorted(mails.values_list("to", flat=True)) == sorted(p.email for p in people)
    assert set(
        SpecialistReconfirmationRequest.objects.values_list("reminders_sent", flat=True)
    ) == {1}
