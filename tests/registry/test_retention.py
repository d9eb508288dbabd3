"""Erasing personal data a year after 取下げ or 重複, on a frozen clock."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from portal.models import PendingImport, RetentionRun
from portal.retention import ERASED_SUBJECT, retention_apply
from portal.roles import MIC_GROUP, roles_apply
from registry import workflow
from registry.models import OutgoingMail, Registration, StatusChange
from tests.factories import login_verified, make_registration, make_user

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")
CLOSED_ON = datetime(2025, 6, 2, 10, 0, tzinfo=JST)


@pytest.fixture
def clock():
    with time_machine.travel(CLOSED_ON - timedelta(days=30), tick=False) as traveller:
        yield traveller


def _closed(to, **answers):
    """A registration, edited once, then closed (取下げ or 重複) on CLOSED_ON."""
    registration = make_registration(message="個人的な連絡先は 090-0000-0000 です。", **answers)
    Registration.objects.filter(pk=registration.pk).update(withdrawal_reason="担当者が退職")
    registration.department = "新しい部署"
    registration.save()
    kept = None
    if to == "duplicate":
        kept = make_registration(company_name="残す株式会社", email="keep@example.jp")
    with time_machine.travel(CLOSED_ON, tick=False):
        workflow.registration_transition(
            registration=registration, to=to, by=None, comment="田中様より電話", duplicate_of=kept
        )
    return registration


@pytest.mark.parametrize("to", ["withdrawn", "duplicate"])
def test_personal_data_is_erased_a_year_after_closing_with_history_and_mails(clock, to):
    registration = _closed(to)
    assert OutgoingMail.objects.filter(registration=registration).exists()

    clock.move_to(CLOSED_ON + timedelta(days=364))
    assert retention_apply().entries == 0
    clock.move_to(CLOSED_ON + timedelta(days=366))
    run = retention_apply()
    part = run.part("協力企業・団体の登録")

    registration.refresh_from_db()
    for field in ["contact_name", "contact_name_kana", "email", "phone", "phone_formatted"]:
        assert getattr(registration, field) == ""
    assert registration.department == ""
    assert (registration.message, registration.withdrawal_reason) == ("", "")
    assert registration.erased_at == CLOSED_ON + timedelta(days=366)
    assert (registration.company_name, registration.status) == ("株式会社デジタル協力", to)
    assert registration.receipt_number.startswith("KR-")
    assert registration.created_at == CLOSED_ON - timedelta(days=30)
    history = list(registration.history.all())
    assert len(history) >= 3
    assert {(h.contact_name, h.email, h.phone, h.message, h.department) for h in history} == {
        ("", "", "", "", "")
    }
    assert {h.company_name for h in history} == {"株式会社デジタル協力"}
    mails = OutgoingMail.objects.filter(registration=registration)
    assert mails.exists()  # the record that mails went out stays, with nothing personal
    assert {(m.to, m.subject, m.body) for m in mails} == {("", ERASED_SUBJECT, "")}
    change = StatusChange.objects.get(registration=registration, to_status=to)
    assert (change.comment, change.changed_at) == ("", CLOSED_ON)
    assert part["entries"] == 1 and part["receipt_numbers"] == [registration.receipt_number]
    assert part["counts"]["変更履歴の行"] == len(history)
    assert part["counts"]["送信メール"] == mails.count()


def test_open_registrations_are_never_erased(clock):
    registration = make_registration()
    clock.shift(timedelta(days=3650))

    retention_apply()

    registration.refresh_from_db()
    assert registration.email == "taro@example.co.jp"
    assert registration.erased_at is None


def test_every_run_is_logged_and_nothing_is_erased_twice(clock):
    _closed("withdrawn")
    clock.move_to(CLOSED_ON + timedelta(days=400))

    first, second = retention_apply(), retention_apply()

    assert (first.entries, second.entries) == (1, 0)
    assert RetentionRun.objects.count() == 2
    erased = first.part("協力企業・団体の登録")["erased"]
    assert "メールアドレス" in erased and "変更履歴" in erased


def test_an_erased_address_is_no_duplicate_of_another(clock):
    _closed("withdrawn", email="same@example.jp", company_name="一社目")
    clock.move_to(CLOSED_ON + timedelta(days=400))
    retention_apply()
    other = make_registration(company_name="別の会社", email="other@example.jp")

    flagged = Registration.objects.with_possible_duplicates().get(pk=other.pk)

    assert not flagged.has_possible_duplicate
    assert not Registration.objects.possible_duplicates_of(other).exists()


def test_the_command_also_purges_expired_pending_imports_and_reports(clock):
    _closed("withdrawn")
    PendingImport.objects.create(
        kind="registrations",
        created_by=make_user("uploader"),
        expires_at=CLOSED_ON,
        file_name="old.xlsx",
        file_sha256="0" * 64,
        rows=[[2, {"email": "someone@example.jp"}]],
        preview={},
    )
    clock.move_to(CLOSED_ON + timedelta(days=400))
    out = StringIO()

    call_command("erase_expired_personal_data", stdout=out)

    assert "協力企業・団体の登録: 個人情報を消去した1件（取下げ・重複から365日" in out.getvalue()
    assert "期限切れの取込み: 1件" in out.getvalue()
    assert not PendingImport.objects.exists()
    assert RetentionRun.objects.get().pending_imports == 1


def test_the_retention_period_is_a_setting(clock, settings):
    settings.REGISTRATION_RETENTION_DAYS = 30
    _closed("withdrawn")
    clock.move_to(CLOSED_ON + timedelta(days=31))

    assert retention_apply().entries == 1


def test_an_erased_registration_is_read_only_in_the_admin_and_the_log_is_shown(clock, client):
    registration = _closed("withdrawn")
    clock.move_to(CLOSED_ON + timedelta(days=400))
    retention_apply()
    roles_apply()
    login_verified(client, make_user("mic-retention", groups=[MIC_GROUP]))
    url = reverse("admin:registry_registration_change", args=[registration.pk])

    page = client.get(url).content.decode()
    log = client.get(reverse("admin:portal_retentionrun_changelist")).content.decode()

    assert "個人情報の消去日時" in page
    assert 'name="_save"' not in page
    assert client.post(url, {}).status_code == 403
    assert "個人情報の消去の記録" in log


def test_the_privacy_notice_states_the_retention_period(client, settings):
    settings.REGISTRATION_RETENTION_DAYS = 400

    page = client.get(reverse("registry:privacy")).content.decode()

    assert "その日から400日を経過した後" in page
    assert "年に1回、確認のお願い" in page


def test_an_erased_registration_s_page_shows_only_what_it_keeps_in_japanese(clock, client):
    registration = _closed("withdrawn")
    clock.move_to(CLOSED_ON + timedelta(days=400))
    retention_apply()
    roles_apply()
    login_verified(client, make_user("mic-erased-page", groups=[MIC_GROUP]))

    page = client.get(
        reverse("admin:registry_registration_change", args=[registration.pk])
    ).content.decode()

    for english in ["Next status", "Transition comment", "Kept receipt number", "None"]:
        assert english not in page
    assert "株式会社デジタル協力" in page and "回答の一覧" in page
