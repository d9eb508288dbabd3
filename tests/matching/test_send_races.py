"""打診 sent at the same moment (PostgreSQL, real threads): the daily limit and the need's status
are checked under the same lock as the sending, so neither can be outrun."""

import threading

import pytest
from django.db import connection, transaction

from matching.models import Approach, Need
from matching.workflow import MatchingError, approaches_send
from tests.factories import make_need, make_prefecture_user, make_specialist
from tests.locks import wait_for_lock_waiters

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers and has no row locks; the race needs PostgreSQL")


def _people(count):
    return [
        make_specialist(status="listed", desired_prefectures=["01"], email=f"race{n}@example.jp")
        for n in range(count)
    ]


def _sender(need, user, person, outcomes, errors):
    def send():
        try:
            approaches_send(need=need, by=user, specialist_ids=[person.pk])
            outcomes.append("sent")
        except MatchingError as error:
            outcomes.append(str(error))
        except Exception as error:  # every other failure in a thread fails the test
            errors.append(error)
        finally:
            connection.close()

    return threading.Thread(target=send)


def test_two_sends_at_once_keep_the_daily_limit(settings):
    settings.APPROACHES_PER_USER_PER_DAY = 1
    user = make_prefecture_user("race-sender", "01")
    need = make_need("01", by=user)
    outcomes, errors = [], []
    threads = [_sender(need, user, person, outcomes, errors) for person in _people(2)]

    # Holding the need's row makes both sends wait at the same point, whichever it is: before
    # the count (the lock the sending takes) or only when the 打診 row is inserted.
    with transaction.atomic():
        Need.objects.select_for_update().get(pk=need.pk)
        for thread in threads:
            thread.start()
        wait_for_lock_waiters(2)
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    assert errors == []
    assert Approach.objects.count() == 1
    assert outcomes.count("sent") == 1
    assert [outcome for outcome in outcomes if outcome != "sent"] == [
        "打診は1人1日1件までです（今日は1件送っています）。明日以降に送ってください。"
    ]


def test_a_need_closed_while_sending_gets_no_approach():
    user = make_prefecture_user("race-closer", "01")
    need = make_need("01", by=user)
    outcomes, errors = [], []
    thread = _sender(need, user, _people(1)[0], outcomes, errors)

    # Staff close the need (as need_transition does, under the row lock) while a send starts.
    with transaction.atomic():
        Need.objects.select_for_update().get(pk=need.pk)
        Need.objects.filter(pk=need.pk).update(status=Need.Status.CLOSED)
        thread.start()
        wait_for_lock_waiters(1, unless=lambda: not thread.is_alive())
    thread.join(timeout=60)

    assert not thread.is_alive()
    assert errors == []
    assert outcomes == ["打診できるのは「募集中」の募集だけです。"]
    assert not Approach.objects.exists()


def test_two_sends_by_one_user_on_two_needs_keep_the_daily_limit(settings):
    """The need's lock cannot serialise sends on different needs: the sender's row does."""
    from django.contrib.auth import get_user_model

    settings.APPROACHES_PER_USER_PER_DAY = 1
    user = make_prefecture_user("race-two-needs", "01")
    needs = [make_need("01", by=user, title=f"募集{n}") for n in range(2)]
    outcomes, errors = [], []
    threads = [
        _sender(need, user, person, outcomes, errors)
        for need, person in zip(needs, _people(2), strict=True)
    ]

    # Each send holds its own need; both then wait for the sender's row, held here.
    with transaction.atomic():
        get_user_model().objects.select_for_update(no_key=True).get(pk=user.pk)
        for thread in threads:
            thread.start()
        wait_for_lock_waiters(2)
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    assert errors == []
    assert Approach.objects.count() == 1
    assert outcomes.count("sent") == 1
