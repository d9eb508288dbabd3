"""Two digest runs at once (cron overlapping a manual run, or two workers) send each user's
digest once: the (user, day) claim is an INSERT that the unique constraint lets only one run
make; and an event recorded while they run goes into the next digest (PostgreSQL, real threads)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from portal.models import Digest, StaffEvent, StaffMail
from portal.notifications import digests_send
from portal.roles import MIC_GROUP
from tests.factories import make_registration, make_user

USERS = 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_overlapping_digest_runs_send_each_digest_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    settings.DIGEST_HOUR = 0
    from portal.roles import roles_apply

    roles_apply()
    for n in range(USERS):
        user = make_user(f"mic-race-{n}", groups=[MIC_GROUP])
        user.email = f"mic-race-{n}@example.go.jp"
        user.save()
    make_registration(company_name="競合する会社")
    now = timezone.now()
    start = threading.Barrier(3)
    sent, errors = [], []

    def run():
        try:
            start.wait(timeout=30)
            sent.append(digests_send(now=now).sent)
        except Exception as error:  # every failure in a thread fails the test
            errors.append(error)
        finally:
            connection.close()

    def record():
        try:
            start.wait(timeout=30)
            make_registration(company_name="途中で登録した会社")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)] + [threading.Thread(target=record)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    assert errors == []
    assert sum(sent) == USERS
    assert Digest.objects.count() == USERS
    digests = StaffMail.objects.filter(digest__isnull=False)
    assert sorted(digests.values_list("to", flat=True)) == sorted(
        f"mic-race-{n}@example.go.jp" for n in range(USERS)
    )
    # The event recorded meanwhile is in exactly one digest per user: today's or tomorrow's.
    digests_send(now=now + timedelta(days=1))
    late = StaffEvent.objects.get(title__contains="途中で登録した会社")
    for n in range(USERS):
        bodies = StaffMail.objects.filter(to=f"mic-race-{n}@example.go.jp").values_list(
            "body", flat=True
        )
        assert sum(body.count("途中で登録した会社") for body in bodies) == 1
        assert sum(body.count("競合する会社") for body in bodies) == 1
    assert late.pk
