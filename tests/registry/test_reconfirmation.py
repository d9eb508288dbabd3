"""The yearly reconfirmation, on a frozen clock: who is asked, the mails, 変更なし, 未確認."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from portal.outbox import outbox_resend
from registry.models import OutgoingMail, ReconfirmationRequest, Registration
from registry.reconfirmation import (
    months_before,
    reconfirmation_due,
    reconfirmation_reminders_send,
    reconfirmation_round_start,
)
from tests.factories import make_registration, make_user, reviewed, submit_edit

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")
REGISTERED = datetime(2025, 4, 1, 10, 0, tzinfo=JST)
ROUND = datetime(2026, 5, 11, 9, 0, tzinfo=JST)  # 13 months later


@pytest.fixture
def clock():
    with time_machine.travel(REGISTERED, tick=False) as traveller:
        yield traveller


def _published(company, email, **answers):
    return reviewed(make_registration(company_name=company, email=email, **answers), publish=True)


def _start(clock):
    clock.move_to(ROUND)
    user = User.objects.filter(username="mic-round").first() or make_user("mic-round")
    return reconfirmation_round_start(by=user)


def _link(body):
    """The reconfirmation link: a line of its own in the plain-text mail."""
    lines = [line for line in body.splitlines() if "/register/reconfirm/" in line]
    assert len(lines) == 1
    assert re.fullmatch(r"http://\S+/register/reconfirm/\S+/", lines[0])
    return lines[0].replace("http://127.0.0.1:8000", "")


def test_months_before_keeps_the_day_or_takes_the_last_one():
    assert months_before(datetime(2026, 3, 31, tzinfo=JST), 1) == datetime(2026, 2, 28, tzinfo=JST)
    assert months_before(datetime(2026, 5, 11, tzinfo=JST), 12) == datetime(2025, 5, 11, tzinfo=JST)


def test_a_round_asks_open_registrations_not_confirmed_for_12_months(clock):
    old = _published("一年前株式会社", "old@example.jp")
    withdrawn = make_registration(company_name="取下げ株式会社", email="gone@example.jp")
    withdrawn.status = "withdrawn"
    withdrawn.save()
    clock.move_to(ROUND - timedelta(days=300))
    recent = make_registration(company_name="最近株式会社", email="new@example.jp")

    round_ = _start(clock)

    assert list(round_.requests.values_list("registration", flat=True)) == [old.pk]
    old.refresh_from_db()
    assert old.reconfirmation_deadline == ROUND + timedelta(days=42)
    assert recent.pk not in reconfirmation_due().values_list("pk", flat=True)
    # A second round during the answer period does not ask again.
    assert _start(clock).requests.count() == 0


def test_the_mail_is_plain_text_with_the_link_on_its_own_line(clock):
    registration = _published("確認株式会社", "kakunin@example.jp")

    _start(clock)

    stored = OutgoingMail.objects.get(kind="reconfirmation")
    assert stored.sent_at is None  # waits in the outbox for resend_mail
    outbox_resend()
    (sent,) = [m for m in mail.outbox if "ご確認のお願い" in m.subject]
    assert sent.to == ["kakunin@example.jp"]
    assert "登録内容のご確認のお願い" in sent.subject
    assert not sent.alternatives  # no HTML part
    assert "回答期限：2026年6月22日" in sent.body
    assert "前回のご確認：2025年4月1日" in sent.body
    assert "確認株式会社" in sent.body and "問1 企業名・団体名" in sent.body
    _link(sent.body)
    assert registration.receipt_number in sent.subject


def test_one_press_of_unchanged_confirms(clock, client):
    registration = _published("確認株式会社", "kakunin@example.jp")
    _start(clock)
    link = _link(OutgoingMail.objects.get(kind="reconfirmation").body)
    clock.shift(timedelta(days=3))

    page = client.get(link)
    assert "変更なし（この内容のままで確認しました）" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    done = client.post(link)

    assert "ご確認ありがとうございました" in done.content.decode()
    registration.refresh_from_db()
    assert registration.last_confirmed_at == ROUND + timedelta(days=3)
    assert registration.reconfirmation_deadline is None
    request = ReconfirmationRequest.objects.get()
    assert (request.answer, request.answered_at) == ("unchanged", ROUND + timedelta(days=3))
    assert "変更なし" in client.get(link).content.decode()


def test_the_link_leads_to_the_edit_form_and_an_edit_answers_changed(
    clock, client, django_capture_on_commit_callbacks
):
    registration = _published("確認株式会社", "kakunin@example.jp")
    _start(clock)
    page = client.get(_link(OutgoingMail.objects.get(kind="reconfirmation").body))
    edit = re.search(r'href="([^"]+)" id="reconfirm-edit"', page.content.decode())[1]
    assert client.get(edit).status_code == 200

    submit_edit(client, registration, django_capture_on_commit_callbacks, department="新部署")

    request = ReconfirmationRequest.objects.get()
    assert request.answer == "changed"
    registration.refresh_from_db()
    assert registration.reconfirmation_deadline is None
    assert registration.last_confirmed_at == ROUND


def test_reminders_go_out_after_14_and_28_days(clock, django_capture_on_commit_callbacks):
    _published("督促株式会社", "tokusoku@example.jp")
    answered = _published("回答済株式会社", "kaitou@example.jp")
    _start(clock)
    ReconfirmationRequest.objects.filter(registration=answered).update(
        answered_at=ROUND, answer="unchanged"
    )
    sent = []
    for day in (13, 14, 20, 28, 35, 43):
        clock.move_to(ROUND + timedelta(days=day))
        with django_capture_on_commit_callbacks(execute=True):
            sent.append(reconfirmation_reminders_send())

    assert sent == [0, 1, 0, 1, 0, 0]
    reminders = [m for m in mail.outbox if "（再送）" in m.subject]
    assert [m.to for m in reminders] == [["tokusoku@example.jp"]] * 2
    assert "まだご回答をいただいていない" in reminders[0].body
    _link(reminders[0].body)


def test_unanswered_after_the_deadline_leaves_the_lists_until_confirmed(clock, client):
    registration = _published("未確認株式会社", "mikakunin@example.jp")
    _start(clock)
    link = _link(OutgoingMail.objects.get(kind="reconfirmation").body)

    clock.move_to(ROUND + timedelta(days=41))
    assert "未確認株式会社" in client.get(reverse("registry:companies")).content.decode()
    clock.move_to(ROUND + timedelta(days=43))
    assert "未確認株式会社" not in client.get(reverse("registry:companies")).content.decode()
    assert not Registration.objects.for_prefecture_staff("13").exists()
    assert list(Registration.objects.unconfirmed()) == [registration]
    assert Registration.objects.filter(pk=registration.pk).exists()

    client.post(link)

    assert "未確認株式会社" in client.get(reverse("registry:companies")).content.decode()
    assert Registration.objects.for_prefecture_staff("13").get() == registration


def test_an_unconfirmed_registration_is_asked_again_and_stays_off_the_lists(clock):
    registration = _published("未確認株式会社", "mikakunin@example.jp")
    _start(clock)
    clock.move_to(ROUND + timedelta(days=400))

    again = reconfirmation_round_start(by=make_user("mic-again"))

    assert again.requests.get().registration == registration
    registration.refresh_from_db()
    assert registration.reconfirmation_deadline == ROUND + timedelta(days=42)
    assert not Registration.objects.for_public().exists()


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("forged", "このリンクは正しくありません。"),
        (None, "この登録は取り下げられているため"),
    ],
)
def test_links_that_cannot_be_used_say_why(clock, client, token, message):
    registration = _published("確認株式会社", "kakunin@example.jp")
    _start(clock)
    link = _link(OutgoingMail.objects.get(kind="reconfirmation").body)
    Registration.objects.filter(pk=registration.pk).update(status="withdrawn")

    response = client.get(f"/register/reconfirm/{token}/" if token else link)

    assert response.status_code == 403
    assert message in response.content.decode()
