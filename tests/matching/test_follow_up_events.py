"""A 打診 past its follow-up date with no outcome is an event for its prefecture's staff, in that
day's digest (issue 26, items 2 and 6): once per 打診 and date, never for one with an outcome,
without a date, or for another prefecture."""

from datetime import timedelta

import pytest
from django.utils import timezone

from matching.models import Approach
from matching.staff_events import FOLLOW_UP, follow_ups_due_record
from matching.workflow import approach_outcome, approaches_send
from portal.models import StaffEvent, StaffMail
from portal.notifications import digests_send
from tests.factories import make_need, make_prefecture_user, make_specialist

pytestmark = pytest.mark.django_db


def _staff(name, code):
    user = make_prefecture_user(name, code)
    user.email = f"{name}@example.go.jp"
    user.save()
    return user


@pytest.fixture
def sent(settings):
    """A 打診 of prefecture 01 to a person, its follow-up date three days ago."""
    settings.DIGEST_HOUR = 0
    hokkaido, aomori = _staff("hokkaido-a", "01"), _staff("aomori-a", "02")
    need = make_need("01", by=hokkaido, title="窓口DXの推進")
    person = make_specialist(status="listed", desired_prefectures=["01"], name="佐藤 一郎")
    approaches_send(need=need, by=hokkaido, specialist_ids=[person.pk])
    approach = Approach.objects.get()
    approach.follow_up_on = timezone.localdate() - timedelta(days=3)
    approach.save(update_fields=["follow_up_on"])
    return {"approach": approach, "hokkaido": hokkaido, "aomori": aomori}


def test_a_passed_follow_up_date_is_in_that_days_digest_of_its_prefecture_only(sent):
    run = digests_send(now=timezone.now())
    event = StaffEvent.objects.get(kind=FOLLOW_UP)
    assert event.audience == "01"
    assert run.sent == 1
    digest = StaffMail.objects.get(digest__isnull=False)
    assert digest.to == "hokkaido-a@example.go.jp"
    assert "佐藤 一郎" in digest.body and "次の確認日" in digest.body
    assert not StaffMail.objects.filter(user=sent["aomori"]).exists()


def test_each_date_is_one_event_however_often_the_digest_runs(sent):
    today = timezone.localdate()
    assert follow_ups_due_record(today=today) == 1
    assert follow_ups_due_record(today=today) == 0
    assert follow_ups_due_record(today=today + timedelta(days=1)) == 0
    # Staff move the date on; when that one passes as well, it is news again.
    Approach.objects.update(follow_up_on=today + timedelta(days=2))
    assert follow_ups_due_record(today=today + timedelta(days=1)) == 0
    assert follow_ups_due_record(today=today + timedelta(days=3)) == 1
    assert StaffEvent.objects.filter(kind=FOLLOW_UP).count() == 2


def test_a_follow_up_date_not_yet_passed_is_no_event(sent):
    Approach.objects.update(follow_up_on=timezone.localdate())
    assert follow_ups_due_record(today=timezone.localdate()) == 0


def test_no_event_for_a_decided_approach_or_one_without_a_date(sent):
    approach = sent["approach"]
    approach_outcome(
        approach=approach, by=sent["hokkaido"], outcome="declined", decline_reason="other"
    )
    assert follow_ups_due_record(today=timezone.localdate()) == 0
    Approach.objects.update(outcome="contacting", follow_up_on=None)
    assert follow_ups_due_record(today=timezone.localdate()) == 0
    assert not StaffEvent.objects.filter(kind=FOLLOW_UP).exists()


def test_the_kind_is_on_the_prefecture_settings_page_in_the_digest_by_default(sent, client):
    from tests.factories import login_verified

    login_verified(client, sent["hokkaido"])
    page = client.get("/staff/notifications/").content.decode()
    assert "次の確認日を過ぎた打診" in page
