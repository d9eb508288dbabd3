"""Duties are separated: the author of a nomination never decides on it; and a save that races a move."""

import pytest

from accelerators.models import Nomination
from accelerators.workflow import NominationError
from tests.accelerators.helpers import move, nomination_in
from tests.factories import make_nomination, make_prefecture_user

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _mic_colleague(username):
    from portal.roles import MIC_GROUP
    from tests.factories import make_user

    return make_user(username, groups=[MIC_GROUP])


def _now_mic(user):
    """The same person, moved from a prefecture to 総務省 (the membership removed)."""
    from django.contrib.auth.models import Group, User

    from portal.models import PrefectureMembership
    from portal.roles import MIC_GROUP

    PrefectureMembership.objects.filter(user=user).delete()
    user.groups.set([Group.objects.get(name=MIC_GROUP)])
    return User.objects.get(pk=user.pk)  # a fresh object: roles are remembered per object


@pytest.mark.parametrize("action", ["return", "reject", "appoint"])
def test_the_submitter_cannot_decide_on_the_nomination_later_as_mic(action, hokkaido_user):
    colleague = _mic_colleague("mic-colleague")
    nomination = make_nomination()
    move(nomination, "submit", hokkaido_user)
    move(nomination, "review", colleague)
    submitter = _now_mic(hokkaido_user)

    with pytest.raises(NominationError, match="ご自身が作成または推薦した推薦は"):
        move(nomination, action, submitter)
    assert Nomination.objects.get(pk=nomination.pk).status == Status.IN_REVIEW
    move(nomination, action, colleague)  # another 総務省 member may


def test_the_submitter_cannot_start_the_review(hokkaido_user, mic_user):
    nomination = make_nomination()
    move(nomination, "submit", hokkaido_user)
    submitter = _now_mic(hokkaido_user)

    with pytest.raises(NominationError, match="別の総務省の職員が行ってください"):
        move(nomination, "review", submitter)
    move(nomination, "review", mic_user)

    assert nomination.status == Status.IN_REVIEW


def test_the_creator_cannot_review_even_if_someone_else_submitted(hokkaido_user, mic_user):
    from tests.factories import make_prefecture_user

    creator = make_prefecture_user("creator", "01")
    nomination = make_nomination(by=creator)
    move(nomination, "submit", hokkaido_user)
    creator = _now_mic(creator)

    with pytest.raises(NominationError, match="ご自身が作成または推薦した推薦は"):
        move(nomination, "review", creator)
    assert Nomination.objects.get(pk=nomination.pk).status == Status.SUBMITTED


def test_the_author_is_not_offered_the_decisions(hokkaido_user, mic_user):
    from accelerators.workflow import available_actions

    nomination = nomination_in(Status.IN_REVIEW, hokkaido_user, mic_user)
    submitter = _now_mic(hokkaido_user)

    assert available_actions(submitter, nomination) == []
    assert [a for a, _ in available_actions(mic_user, nomination)] == [
        "appoint", "return", "reject"
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_racing_a_submit_waits_for_it_and_then_refuses():
    """The edit check runs on the locked row: a save that started while the nomination was a
    draft must not overwrite a 推薦 made meanwhile (PostgreSQL, real threads)."""
    import threading
    import time

    from django.db import connection, transaction

    from accelerators.forms import ExperienceFormSet, IpaPassFormSet, NominationForm
    from accelerators.workflow import nomination_save

    if connection.vendor != "postgresql":
        pytest.skip("needs row locks and concurrent transactions (PostgreSQL)")
    user = make_prefecture_user("racer", "01")
    nomination = make_nomination("01", by=user)
    stale = Nomination.objects.get(pk=nomination.pk)
    data = {
        "name": "上書き　太郎",
        "name_kana": "うわがき　たろう",
        "employment_type": "permanent",
        "start_date": "2026-04-01",
        "main_duty_confirmed": "on",
        **{f"{p}-{n}_FORMS": "0" for p in ("experiences", "ipa") for n in ("TOTAL", "INITIAL")},
    }
    locked, errors, outcome = threading.Event(), [], []

    def submit_holding_the_lock():
        try:
            with transaction.atomic():
                Nomination.objects.select_for_update().get(pk=nomination.pk)
                Nomination.objects.filter(pk=nomination.pk).update(
                    status=Nomination.Status.SUBMITTED
                )
                locked.set()
                _wait_until_another_session_waits_for_a_lock()
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    def save_from_the_stale_page():
        try:
            locked.wait(10)
            form = NominationForm(data, instance=stale, prefecture=stale.prefecture)
            experiences = ExperienceFormSet(data, instance=stale, prefix="experiences")
            ipa_passes = IpaPassFormSet(data, instance=stale, prefix="ipa")
            assert form.is_valid() and experiences.is_valid() and ipa_passes.is_valid()
            nomination_save(form=form, experiences=experiences, ipa_passes=ipa_passes, by=user)
            outcome.append("saved")
        except NominationError:
            outcome.append("refused")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    def _wait_until_another_session_waits_for_a_lock():
        with connection.cursor() as cursor:
            for _ in range(200):
                # Inside a transaction the statistics are a snapshot unless cleared each time.
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0]:
                    return
                time.sleep(0.05)
        raise AssertionError("the save never waited for the lock")

    threads = [
        threading.Thread(target=submit_holding_the_lock),
        threading.Thread(target=save_from_the_stale_page),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert (errors, outcome) == ([], ["refused"])
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.SUBMITTED
