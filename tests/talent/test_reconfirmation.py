"""The yearly reconfirmation of talent entries, on a frozen clock: who is asked, the mails, the
link (変更なし, edit, tampered/expired/foreign), reminders, 未確認 leaving every list and coming back."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.mail import MAIL_WIDTH, URL, _columns
from registry.reconfirmation import RECONFIRMATION as REGISTRY_RECONFIRMATION
from registry.reconfirmation import reconfirmation_round_start
from talent.models import Specialist, SpecialistMail, SpecialistReconfirmationRequest
from talent.reconfirmation import (
    RECONFIRMATION,
    specialist_reconfirmation_round_start,
)
from talent.self_service import specialist_update
from tests.factories import (
    edit_token,
    make_registration,
    make_specialist,
    make_user,
    reviewed,
    talent_answers,
)

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")
REGISTERED = datetime(2025, 4, 1, 10, 0, tzinfo=JST)
ROUND = datetime(2026, 5, 11, 9, 0, tzinfo=JST)  # 13 months later
DEADLINE = ROUND + timedelta(days=42)


@pytest.fixture
def clock():
    with time_machine.travel(REGISTERED, tick=False) as traveller:
        yield traveller


def _listed(name, email, **answers):
    return make_specialist(status="listed", name=name, email=email, **answers)


def _start(clock):
    clock.move_to(ROUND)
    user = User.objects.filter(username="mic-round").first() or make_user("mic-round")
    return specialist_reconfirmation_round_start(by=user)


def _link(body):
    """The reconfirmation link: a line of its own in the plain-text mail, as a path."""
    lines = [line for line in body.splitlines() if "/talent/reconfirm/" in line]
    assert len(lines) == 1
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/talent/reconfirm/\S+/", lines[0])
    return lines[0].removeprefix("http://127.0.0.1:8000")


def _stored_link():
    return _link(SpecialistMail.objects.get(kind="reconfirmation").body)


def test_a_round_asks_open_entries_not_confirmed_for_12_months(clock):
    old = _listed("一年 前", "old@example.jp")
    received = make_specialist(name="受付 中", email="received@example.jp")
    make_specialist(status="withdrawn", name="取下 済み", email="gone@example.jp")
    clock.move_to(ROUND - timedelta(days=300))
    recent = _listed("最近 登録", "new@example.jp")

    round_ = _start(clock)

    assert set(round_.requests.values_list("specialist", flat=True)) == {old.pk, received.pk}
    old.refresh_from_db()
    assert old.reconfirmation_deadline == DEADLINE
    assert recent.pk not in RECONFIRMATION.due().values_list("pk", flat=True)
    # A second round during the answer period does not ask again.
    assert _start(clock).requests.count() == 0


def test_the_mail_is_plain_text_with_the_link_alone_on_a_line_and_the_contact_footer(clock):
    person = _listed("確認 花子", "kakunin@example.jp")

    _start(clock)

    stored = SpecialistMail.objects.get(kind="reconfirmation")
    assert stored.sent_at is None  # waits in the outbox for resend_mail
    call_command("resend_mail")
    (sent,) = [m for m in mail.outbox if "ご確認のお願い" in m.subject]
    assert sent.to == ["kakunin@example.jp"]
    assert (
        sent.subject
        == f"【受付番号 {person.receipt_number}】協力可能人材の登録内容のご確認のお願い"
    )
    assert not sent.alternatives  # no HTML part
    body = sent.body
    assert body.startswith("確認 花子 様\n")
    assert f"\n受付番号：{person.receipt_number}\n" in body
    assert "前回のご確認：2025年4月1日" in body
    assert "回答期限：2026年6月22日" in body
    assert (
        "ご確認いただけるまで\n都道府県への情報提供から外れます（登録は削除されません）。\n" in body
    )
    assert "【デジタル分野の実務経験】" in body and "DX推進担当" in body
    assert "&lt;" not in body and "&amp;" not in body
    assert "お問い合わせ：" in body.split("--")[-1]  # the contact point, last
    long = [line for line in body.splitlines() if _columns(line) > MAIL_WIDTH]
    assert all(URL.fullmatch(line) for line in long)  # only a URL, which stays whole
    _link(body)
    stored.refresh_from_db()
    assert stored.sent_at is not None


def test_one_press_of_unchanged_confirms(clock, client):
    person = _listed("確認 花子", "kakunin@example.jp")
    _start(clock)
    link = _stored_link()
    clock.shift(timedelta(days=3))

    page = client.get(link)
    html = page.content.decode()
    assert "変更なし（この内容のままで確認しました）" in html
    assert person.receipt_number in html and "DX推進担当" in html
    assert "no-store" in page["Cache-Control"]
    done = client.post(link)

    assert "ご確認ありがとうございました" in done.content.decode()
    person.refresh_from_db()
    assert person.last_confirmed_at == ROUND + timedelta(days=3)
    assert person.reconfirmation_deadline is None
    request = SpecialistReconfirmationRequest.objects.get()
    assert (request.answer, request.answered_at) == ("unchanged", ROUND + timedelta(days=3))
    again = client.get(link).content.decode()
    assert "2026年5月14日にご確認いただいています（変更なし）" in again


def test_the_link_leads_to_the_self_service_edit_and_an_edit_answers_changed(clock, client):
    person = _listed("確認 花子", "kakunin@example.jp")
    _start(clock)
    page = client.get(_stored_link()).content.decode()
    edit = re.search(r'href="([^"]+)" id="reconfirm-edit"', page)[1]
    assert edit.endswith(reverse("talent:edit", args=[edit_token(person)]))
    clock.shift(timedelta(days=5))

    specialist_update(
        specialist=person,
        answers=talent_answers(
            name="確認 花子", email="kakunin@example.jp", self_pr="更新しました。"
        ),
        expected_version=person.edit_link_version,
    )

    request = SpecialistReconfirmationRequest.objects.get()
    assert (request.answer, request.answered_at) == ("changed", ROUND + timedelta(days=5))
    person.refresh_from_db()
    assert person.last_confirmed_at == ROUND + timedelta(days=5)
    assert person.reconfirmation_deadline is None


def test_an_edit_without_a_round_also_moves_the_last_confirmed_date(clock):
    person = _listed("確認 花子", "kakunin@example.jp")
    clock.move_to(ROUND)
    specialist_update(
        specialist=person,
        answers=talent_answers(name="確認 花子", email="kakunin@example.jp"),
        expected_version=person.edit_link_version,
    )

    person.refresh_from_db()
    assert person.last_confirmed_at == ROUND
    assert not RECONFIRMATION.due().exists()


def _bad_link(kind, person):
    if kind == "tampered":
        token = _stored_link().split("/")[-2]
        return f"/talent/reconfirm/{token[:-3]}xyz/"
    if kind == "company's link":
        reconfirmation_round_start(by=make_user("mic-registry"))
        request = REGISTRY_RECONFIRMATION.request_model.objects.get()
        token = REGISTRY_RECONFIRMATION.url(request).split("/")[-2]
        return f"/talent/reconfirm/{token}/"
    if kind == "edit link":
        return f"/talent/reconfirm/{edit_token(person)}/"
    return _stored_link()


@pytest.mark.parametrize(
    ("kind", "message", "days_later"),
    [
        (
            "tampered",
            "このリンクは正しくありません。メールに記載されたリンクをそのまま開いてください。",
            1,
        ),
        ("company's link", "このリンクは正しくありません。", 1),
        ("edit link", "このリンクは正しくありません。", 1),
        ("expired", "この確認用リンクは有効期限が切れています。", 31 * 12 + 1),
        ("withdrawn", "この登録は取り下げまたは消去されているため、確認の必要はありません。", 1),
    ],
)
def test_links_that_cannot_be_used_say_why_in_japanese_and_change_nothing(
    clock, client, kind, message, days_later
):
    person = _listed("確認 花子", "kakunin@example.jp")
    reviewed(make_registration(company_name="別会社", email="other@example.jp"))
    _start(clock)
    link = _bad_link(kind, person)
    if kind == "withdrawn":
        Specialist.objects.filter(pk=person.pk).update(status="withdrawn")
    clock.shift(timedelta(days=days_later))

    shown, pressed = client.get(link), client.post(link)

    for response in (shown, pressed):
        assert response.status_code == 403
        assert message in response.content.decode()
        # A closed entry: a new edit link would not open it either, so no request is offered.
        offered = "新しい変更用リンクを請求する" in response.content.decode()
        assert offered is (kind != "withdrawn")
    person.refresh_from_db()
    assert person.last_confirmed_at == REGISTERED
    assert person.reconfirmation_deadline == DEADLINE
    assert not SpecialistReconfirmationRequest.objects.filter(answered_at__isnull=False).exists()


def test_reminders_go_out_exactly_once_on_day_14_and_day_28(
    clock, django_capture_on_commit_callbacks
):
    person = _listed("督促 一郎", "tokusoku@example.jp")
    answered = _listed("回答 済み", "kaitou@example.jp")
    _start(clock)
    SpecialistReconfirmationRequest.objects.filter(specialist=answered).update(
        answered_at=ROUND, answer="unchanged"
    )
    sent = []
    for day in (13, 14, 14, 20, 28, 28, 35, 43):
        clock.move_to(ROUND + timedelta(days=day, hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            sent.append(RECONFIRMATION.reminders_send())

    assert sent == [0, 1, 0, 0, 1, 0, 0, 0]
    reminders = [m for m in mail.outbox if "（再送）" in m.subject]
    assert [m.to for m in reminders] == [["tokusoku@example.jp"]] * 2
    assert reminders[0].subject == (
        f"【受付番号 {person.receipt_number}】（再送）協力可能人材の登録内容のご確認のお願い"
    )
    assert "まだご回答をいただいていないため、再度お送りします。" in reminders[0].body
    assert f"\n受付番号：{person.receipt_number}\n" in reminders[0].body
    assert "回答期限：2026年6月22日" in reminders[0].body
    _link(reminders[0].body)


def test_one_command_reminds_both_companies_and_people(
    clock, capsys, django_capture_on_commit_callbacks
):
    _listed("督促 一郎", "tokusoku@example.jp")
    reviewed(make_registration(company_name="督促株式会社", email="co@example.jp"))
    _start(clock)
    reconfirmation_round_start(by=make_user("mic-co"))
    clock.move_to(ROUND + timedelta(days=14))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reconfirmation_reminders")

    out = capsys.readouterr().out
    assert "年次確認の再送（協力企業・団体の登録）: 1件" in out
    assert "年次確認の再送（協力可能人材）: 1件" in out
    assert {m.to[0] for m in mail.outbox if "（再送）" in m.subject} == {
        "tokusoku@example.jp",
        "co@example.jp",
    }


def test_the_privacy_notice_tells_of_the_yearly_reconfirmation(client):
    page = client.get(reverse("talent:privacy")).content.decode()

    assert "年に1回、登録内容が今も正しいかをメールでお尋ねします。" in page
    assert "回答期限（送付から42日）までにご確認がない場合" in page


def test_an_unconfirmed_entry_is_asked_again_stays_off_the_lists_and_is_told_so(clock, client):
    person = _listed("未確認 花子", "mikakunin@example.jp")
    _start(clock)
    clock.move_to(ROUND + timedelta(days=400))

    again = specialist_reconfirmation_round_start(by=make_user("mic-again"))

    assert again.requests.get().specialist == person
    person.refresh_from_db()
    assert person.reconfirmation_deadline == DEADLINE  # the passed one: still 未確認
    assert not Specialist.objects.for_prefecture_staff("13").exists()
    newest = SpecialistMail.objects.filter(kind="reconfirmation").order_by("-id").first()
    page = client.get(_link(newest.body)).content.decode()
    assert "現在、都道府県への情報提供から外しています" in page
    client.post(_link(newest.body))
    assert Specialist.objects.for_prefecture_staff("13").get() == person


def _round_queries(clock, count):
    clock.move_to(REGISTERED)
    Specialist.objects.update(last_confirmed_at=ROUND)  # earlier entries are not due again
    for n in range(count):
        _listed(f"一括 {count}-{n}", f"bulk{count}-{n}@example.jp")
    clock.move_to(ROUND)
    user = make_user(f"mic-bulk-{count}")
    with CaptureQueriesContext(connection) as queries:
        RECONFIRMATION.round_start(by=user)
    return len(queries)


def test_a_round_reads_the_entries_in_a_fixed_number_of_queries_plus_one_mail_each(clock):
    three, six = _round_queries(clock, 3), _round_queries(clock, 6)

    assert six - three == 3  # one stored mail per entry; the answers are prefetched
    assert three <= 20
