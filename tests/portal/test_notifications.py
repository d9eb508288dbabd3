"""Staff events and their mails (portal.notifications): each event once, to exactly the right
staff, at once or in the daily digest or not at all; the digest once a day; erasure; the
settings page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accelerators.workflow import nomination_transition
from matching.models import Approach
from matching.workflow import approach_answer, approaches_send
from portal.models import (
    Digest,
    NotificationPreference,
    PrefectureMembership,
    StaffEvent,
    StaffMail,
)
from portal.notifications import (
    digest_high_water,
    digests_send,
    event_copies_erase,
    event_kinds,
)
from portal.outbox import outbox_resend
from portal.roles import MIC_GROUP
from talent.models import Specialist
from talent.self_service import specialist_erase
from tests.factories import (
    login_verified,
    make_need,
    make_nomination,
    make_prefecture_user,
    make_registration,
    make_specialist,
    make_user,
    reviewed,
)

pytestmark = pytest.mark.django_db

JST = ZoneInfo("Asia/Tokyo")
MORNING = datetime(2026, 12, 8, 8, 5, tzinfo=JST)


def staff(name, code=None, *, email=True, active=True):
    user = make_prefecture_user(name, code) if code else make_user(name, groups=[MIC_GROUP])
    user.email = f"{name}@example.go.jp" if email else ""
    user.is_active = active
    user.save()
    return user


@pytest.fixture
def people(mic_user):
    mic_user.email = "mic@example.go.jp"
    mic_user.save()
    no_role = make_user("no-role")  # signed-in staff with an address, but no role
    no_role.email = "no-role@example.go.jp"
    no_role.save()
    return {
        "a1": staff("a1", "01"),
        "a2": staff("a2", "01"),
        "a_no_mail": staff("a-no-mail", "01", email=False),
        "a_inactive": staff("a-inactive", "01", active=False),
        "b1": staff("b1", "02"),
        "mic": mic_user,
    }


def reply(people, capture, *, response="interested"):
    need = make_need("01", by=people["a1"], title="窓口DXの推進", department="デジタル推進課")
    person = make_specialist(status="listed", desired_prefectures=["01"], name="山田 花子")
    approaches_send(need=need, by=people["a1"], specialist_ids=[person.pk])
    approach = Approach.objects.get()
    with capture(execute=True):
        approach_answer(approach=approach, response=response, message="ぜひお話を伺いたいです。")
    return approach, person


def test_a_reply_mails_each_member_of_the_prefecture_once(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    approach, _ = reply(people, django_capture_on_commit_callbacks)
    mails = [m for m in mailoutbox if "打診への返答" in m.subject]
    assert sorted(m.to[0] for m in mails) == ["a1@example.go.jp", "a2@example.go.jp"]
    body = mails[0].body
    for text in (
        "山田 花子",
        "窓口DXの推進",
        "関心あり",
        "ぜひお話を伺いたいです。",
        "デジタル推進課",
    ):
        assert text in body
    assert f"/matching/approaches/{approach.pk}/" in body
    assert "お問い合わせ" in body  # the contact point, last
    assert StaffEvent.objects.filter(kind="matching.reply").count() == 1
    assert StaffMail.objects.filter(event__isnull=False).count() == 2


def test_a_changed_reply_is_a_second_event_the_same_one_is_not(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    approach, _ = reply(people, django_capture_on_commit_callbacks)
    approach_answer(approach=approach, response="not_this_time")
    assert StaffEvent.objects.filter(kind="matching.reply").count() == 2
    assert StaffMail.objects.filter(event__isnull=False).count() == 4


def test_opted_out_staff_get_no_mail(people, mailoutbox, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=people["a2"], kind="matching.reply", delivery="none")
    mailoutbox.clear()
    reply(people, django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mailoutbox if "打診への返答" in m.subject] == ["a1@example.go.jp"]
    # A first digest reaches back one day from its `now`: send it later the same day or the
    # next morning (by the clock, not a fixed date), so the reply is within its reach and only
    # the opt-out keeps it out. The person's listing gives a2 a digest to look into.
    later = timezone.localtime() + timedelta(hours=12)
    if later.hour < settings.DIGEST_HOUR:
        later = later.replace(hour=settings.DIGEST_HOUR, minute=0)
    digests_send(now=later)
    digests = list(StaffMail.objects.filter(user=people["a2"], digest__isnull=False))
    assert digests and all("山田 花子" in mail.body for mail in digests)
    assert not any("打診への返答" in mail.body for mail in digests)


def test_a_reply_chosen_for_the_digest_comes_in_the_digest_only(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=people["a2"], kind="matching.reply", delivery="digest"
    )
    reply(people, django_capture_on_commit_callbacks)
    assert not StaffMail.objects.filter(user=people["a2"], event__isnull=False).exists()
    digests_send(now=timezone_now_morning())
    digest = StaffMail.objects.get(user=people["a2"], digest__isnull=False)
    assert "山田 花子" in digest.body


def timezone_now_morning():
    from django.utils import timezone

    return timezone.localtime().replace(hour=23, minute=0)


def test_review_events_go_to_mic_only_in_the_digest(people):
    registration = make_registration()
    make_specialist()
    nomination = make_nomination("01", by=people["a1"])
    nomination_transition(nomination=nomination, action="submit", by=people["a1"])
    kinds = set(StaffEvent.objects.values_list("kind", flat=True))
    assert kinds == {"registry.new", "talent.new", "accelerators.submitted"}
    assert set(StaffEvent.objects.values_list("audience", flat=True)) == {"mic"}
    assert not StaffMail.objects.exists()  # the digest's, by default
    run = digests_send(now=timezone_now_morning())
    assert run.sent == 1
    mail = StaffMail.objects.get()
    assert mail.to == "mic@example.go.jp"
    assert registration.company_name in mail.body
    assert "推薦" in mail.body


def test_a_decision_on_a_nomination_reaches_its_prefecture_and_immediately_if_chosen(
    people, mic_user, mailoutbox, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=people["a1"], kind="accelerators.decided", delivery="immediate"
    )
    nomination = make_nomination("01", by=people["a1"])
    nomination_transition(nomination=nomination, action="submit", by=people["a1"])
    nomination_transition(nomination=nomination, action="review", by=mic_user)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nomination_transition(
            nomination=nomination, action="return", by=mic_user, comment="経歴を補ってください"
        )
    assert [m.to[0] for m in mailoutbox] == ["a1@example.go.jp"]
    assert "差戻し" in mailoutbox[0].body and "経歴を補ってください" in mailoutbox[0].body
    event = StaffEvent.objects.get(kind="accelerators.decided")
    assert event.audience == "01"


def test_a_company_choosing_nationwide_is_in_47_digests_once_each(people):
    registration = make_registration(
        dispatch_scope=["dispatch_nationwide"], dispatch_prefectures=[]
    )
    reviewed(registration, publish=True)  # 確認済, then 掲載: one event per prefecture
    events = StaffEvent.objects.filter(kind="registry.listed")
    assert events.count() == 47
    assert events.values("audience").distinct().count() == 47
    for code in ("03", "47"):
        staff(f"p{code}", code)
    digests_send(now=timezone_now_morning())
    prefecture_digests = StaffMail.objects.filter(digest__isnull=False).exclude(audience="mic")
    # a1, a2 (北海道), b1 (青森県), and the two made above; none to the inactive or address-less.
    assert prefecture_digests.count() == 5
    for mail in prefecture_digests:
        assert mail.body.count(registration.company_name) == 1


def test_listed_entries_are_digest_only(people, client):
    kinds = event_kinds()
    assert kinds["registry.listed"].digest_only
    login_verified(client, people["a1"])
    response = client.post(
        reverse("portal:notification-settings"),
        {"registry.listed": "immediate", "talent.listed": "digest", "matching.reply": "immediate",
         "accelerators.decided": "digest"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_a_digest_goes_once_per_day_and_not_before_the_hour(people):
    make_registration()
    early = timezone_now_morning().replace(hour=7)
    assert digests_send(now=early).due is False
    assert not Digest.objects.exists()
    assert digests_send(now=early.replace(hour=9)).sent == 1
    assert digests_send(now=early.replace(hour=10)).sent == 0
    assert StaffMail.objects.filter(digest__isnull=False).count() == 1
    # The next day, with nothing new: no mail; with something new: that only.
    assert digests_send(now=early.replace(hour=9) + timedelta(days=1)).sent == 0
    make_specialist(name="新人 次郎")
    assert digests_send(now=early.replace(hour=9) + timedelta(days=2)).sent == 1
    latest = StaffMail.objects.filter(digest__isnull=False).order_by("-id").first()
    assert "新人 次郎" in latest.body and "・1件）" in latest.subject


def test_an_event_recorded_while_a_digest_is_built_goes_into_the_next(people):
    make_registration(company_name="先に登録した会社")
    mark = digest_high_water()  # the run began here…
    make_registration(company_name="後から登録した会社")  # …and this came meanwhile
    morning = timezone_now_morning()
    digests_send(now=morning, mark=mark)
    first = StaffMail.objects.get(digest__isnull=False)
    assert "先に登録した会社" in first.body and "後から登録した会社" not in first.body
    digests_send(now=morning + timedelta(days=1))
    second = StaffMail.objects.filter(digest__isnull=False).order_by("-id").first()
    assert "後から登録した会社" in second.body and "先に登録した会社" not in second.body


def test_staff_who_lose_their_role_get_nothing_more_also_of_what_was_queued(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    # Queued, but the worker is not there: the mails wait in the outbox.
    reply(people, lambda **kw: _no_capture())
    assert StaffMail.objects.unsent().count() == 2
    PrefectureMembership.objects.filter(user=people["a2"]).delete()
    mailoutbox.clear()
    outbox_resend()
    assert [m.to[0] for m in mailoutbox if "打診への返答" in m.subject] == ["a1@example.go.jp"]
    people["a1"].is_active = False
    people["a1"].save()
    assert not StaffMail.objects.claimable(timezone_now_morning()).exists()


class _no_capture:
    """A stand-in for django_capture_on_commit_callbacks that runs nothing after commit."""

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False


def test_erasing_a_person_reaches_their_events_and_staff_mails(
    people, django_capture_on_commit_callbacks
):
    _approach, person = reply(people, django_capture_on_commit_callbacks)
    NotificationPreference.objects.create(
        user=people["a2"], kind="talent.listed", delivery="digest"
    )
    digests_send(now=timezone_now_morning())  # a1 and a2: 山田 花子 was provided to 北海道
    unsent_digest = StaffMail.objects.get(user=people["a2"], digest__isnull=False)
    assert "山田 花子" in unsent_digest.body
    specialist_erase(specialist=Specialist.objects.get(pk=person.pk))
    assert not StaffEvent.objects.filter(title__contains="山田").exists()
    assert not StaffMail.objects.filter(body__contains="山田").exists()
    assert not StaffMail.objects.filter(subject__contains="山田").exists()
    unsent_digest.refresh_from_db()
    assert unsent_digest.to and "消去" in unsent_digest.body  # still sent, without the name
    # Again: nothing left to erase.
    assert event_copies_erase(model=Specialist, pks=[person.pk], now=MORNING) == {}


def test_the_digest_runs_a_constant_number_of_queries(people, settings):
    from django.utils import timezone

    settings.DIGEST_HOUR = 0

    def queries_for_a_run(now):
        with CaptureQueriesContext(connection) as queries:
            run = digests_send(now=now)
        return run.sent, len(queries)

    first = timezone.now()
    make_registration()
    sent_once, queries_once = queries_for_a_run(first)
    second = timezone.now()
    for n in range(5):
        staff(f"more-mic-{n}")
    for n in range(3):
        make_registration(company_name=f"追加の会社{n}")
    sent_six, queries_six = queries_for_a_run(second + timedelta(days=1))
    assert (sent_once, sent_six) == (1, 6)
    assert queries_once == queries_six


# ------------------------------------------------------------------ the settings page


def test_the_settings_page_shows_the_kinds_of_the_users_role(people, client):
    login_verified(client, people["a1"])
    page = client.get(reverse("portal:notification-settings")).content.decode()
    assert "打診への返答" in page and "審査を待つ企業・団体の登録" not in page
    assert (
        reverse("portal:notification-settings")
        in client.get(reverse("portal:staff-home")).content.decode()
    )


def test_the_settings_page_saves_the_users_own_choices(people, client):
    login_verified(client, people["a1"])
    response = client.post(
        reverse("portal:notification-settings"),
        {"matching.reply": "digest", "matching.follow_up": "none", "accelerators.decided": "none",
         "registry.listed": "digest", "talent.listed": "none"},
    )  # fmt: skip
    assert response.status_code == 302
    assert dict(
        NotificationPreference.objects.filter(user=people["a1"]).values_list("kind", "delivery")
    ) == {"matching.reply": "digest", "matching.follow_up": "none", "accelerators.decided": "none",
          "registry.listed": "digest", "talent.listed": "none"}  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"matching.unknown": "digest"}, "この画面にない項目"),
        ({"registry.new": "digest"}, "この画面にない項目"),  # 総務省's kind, not the user's role
        ({"user": "1"}, "ほかの職員の設定は変えられません"),
        ({"matching.reply": "sometimes"}, "のどれかを選んでください"),
    ],
)
def test_a_tampered_settings_post_changes_nothing_and_says_so(people, client, extra, message):
    login_verified(client, people["a1"])
    data = {"matching.reply": "digest", "accelerators.decided": "none",
            "registry.listed": "digest", "talent.listed": "none"}  # fmt: skip
    response = client.post(reverse("portal:notification-settings"), data | extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not NotificationPreference.objects.exists()


def _listed_codes(kind):
    return sorted(StaffEvent.objects.filter(kind=kind).values_list("audience", flat=True))


def test_an_edit_that_adds_a_prefecture_tells_that_prefecture_only():
    from portal.models import Prefecture
    from registry.company_edits import registration_company_update
    from tests.factories import make_answers

    registration = reviewed(make_registration(), publish=True)
    assert _listed_codes("registry.listed") == ["13", "14"]
    registration_company_update(
        registration=registration,
        answers=make_answers(
            dispatch_prefectures=list(Prefecture.objects.filter(code__in=["13", "14", "27"]))
        ),
        expected_version=registration.edit_link_version,
    )
    assert _listed_codes("registry.listed") == ["13", "14", "27"]
    # A return from 未確認, or 掲載 again, is no first time: nothing new.
    reviewed_again = StaffEvent.objects.count()
    registration.refresh_from_db()
    from registry.staff_events import registration_listed_event_record

    registration_listed_event_record(registration=registration)
    assert StaffEvent.objects.count() == reviewed_again


def test_a_person_listed_before_these_events_is_not_announced_by_an_edit():
    from talent.self_service import specialist_update
    from tests.factories import talent_answers

    person = make_specialist(status="listed", desired_prefectures=["01"])
    assert _listed_codes("talent.listed") == ["01"]
    StaffEvent.objects.all().delete()  # as for an entry listed before this feature
    person = specialist_update(
        specialist=person,
        answers=talent_answers(desired_prefectures=["01", "02"]),
        expected_version=person.edit_link_version,
    )
    assert _listed_codes("talent.listed") == []


def test_a_person_who_adds_a_prefecture_is_announced_there():
    from talent.self_service import specialist_update
    from tests.factories import talent_answers

    person = make_specialist(status="listed", desired_prefectures=["01"])
    specialist_update(
        specialist=person,
        answers=talent_answers(desired_prefectures=["01", "02"]),
        expected_version=person.edit_link_version,
    )
    assert _listed_codes("talent.listed") == ["01", "02"]


def test_mic_staff_taken_out_of_the_group_get_nothing_more(people):
    from django.contrib.auth.models import Group

    NotificationPreference.objects.create(
        user=people["mic"], kind="registry.new", delivery="immediate"
    )
    make_registration()
    mail = StaffMail.objects.get(user=people["mic"])
    assert StaffMail.objects.claimable(timezone_now_morning()).filter(pk=mail.pk).exists()
    people["mic"].groups.remove(Group.objects.get(name=MIC_GROUP))
    assert not StaffMail.objects.claimable(timezone_now_morning()).filter(pk=mail.pk).exists()


def test_recording_an_event_costs_the_same_queries_for_any_number_of_recipients(
    people, django_capture_on_commit_callbacks
):
    from accelerators.staff_events import DECIDED
    from portal.notifications import event_record

    def queries_for_one(prefecture, about):
        with CaptureQueriesContext(connection) as queries:
            event_record(kind=DECIDED, prefecture=prefecture, about=about, title="t", link="/")
        return len(queries)

    from portal.models import Prefecture

    for code in ("01", "02"):
        for user in PrefectureMembership.objects.filter(prefecture_id=code).select_related("user"):
            NotificationPreference.objects.create(
                user=user.user, kind=DECIDED, delivery="immediate"
            )
    for n in range(4):
        NotificationPreference.objects.create(
            user=staff(f"b-more-{n}", "02"), kind=DECIDED, delivery="immediate"
        )
    one = make_nomination("01", by=people["a1"])
    two = make_nomination("02", by=people["b1"])
    few = queries_for_one(Prefecture.objects.get(code="01"), one)  # a1, a2
    many = queries_for_one(Prefecture.objects.get(code="02"), two)  # b1 and four more
    assert StaffMail.objects.filter(audience="02").count() == 5
    assert few == many


def test_a_withdrawn_company_leaves_the_events_and_the_digest_not_yet_sent(people):
    from registry.workflow import registration_transition

    registration = make_registration(company_name="取り下げる株式会社")
    digests_send(now=timezone_now_morning())
    digest = StaffMail.objects.get(digest__isnull=False)
    assert "取り下げる株式会社" in digest.body
    registration_transition(registration=registration, to="withdrawn", by=None)
    digest.refresh_from_db()
    assert "取り下げる株式会社" not in digest.body and "取下げ済み" in digest.body
    assert not StaffEvent.objects.filter(title__contains="取り下げる").exists()


def test_a_kind_moved_to_the_digest_brings_no_event_already_mailed_at_once(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    """A day with nothing in a user's digest still moves their digest on: events they were
    mailed at once before they chose the digest are not listed again."""
    morning = timezone_now_morning()
    make_specialist(status="listed", desired_prefectures=["01"], name="初日 一郎")
    digests_send(now=morning)  # a1's first digest: the person listed in 01
    digests = StaffMail.objects.filter(user=people["a1"], digest__isnull=False)
    assert digests.count() == 1
    NotificationPreference.objects.create(user=people["a1"], kind="talent.listed", delivery="none")
    reply(people, django_capture_on_commit_callbacks)  # a1 is mailed at once
    digests_send(now=morning + timedelta(days=1))  # nothing in a1's digest that day
    NotificationPreference.objects.create(
        user=people["a1"], kind="matching.reply", delivery="digest"
    )
    digests_send(now=morning + timedelta(days=2))
    assert digests.count() == 1  # the reply mailed at once is not listed again
