"""The confirmation step of the import: only its uploader, only its own id, all or nothing."""

import re
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal.models import PendingImport
from registry.import_rows import question_texts
from registry.models import Registration
from tests.factories import login_verified, make_registration, make_user
from tests.registry.import_helpers import (
    IMPORT,
    SECOND_ROW,
    VALID_ROW,
    answers_csv,
    answers_xlsx,
    confirm,
    messages_after,
    previewed,
)
from tests.spreadsheets import upload, xlsx_bytes, xlsx_rewritten

pytestmark = pytest.mark.django_db


def test_an_oversized_upload_is_refused_and_never_written_to_disk(mic_client, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # Django would spill this upload to a temp file
    big = answers_csv([VALID_ROW], "utf-8") + b"#" * (5 * 2**20)

    response = upload(mic_client, IMPORT, big, "big.csv")

    assert response.status_code == 400
    assert "ファイルが大きすぎます（5MBまで）" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_only_the_uploader_can_see_or_confirm_a_pending_import(mic_client, client):
    pending, _ = previewed(mic_client, answers_xlsx([VALID_ROW]))
    other = make_user("mic-2", groups=["総務省"])
    login_verified(client, other)
    url = reverse("admin:registry_registration_import_preview", args=[pending.pk])

    shown = client.get(url)
    confirmed = client.post(url, {"action": "confirm"})

    assert shown.status_code == 302
    assert "この取込みは見つかりません。" in messages_after(client, confirmed)
    assert Registration.objects.count() == 0
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_a_confirm_accepts_only_a_pending_imports_own_id(mic_client):
    pending, _ = previewed(mic_client, answers_xlsx([VALID_ROW]))
    unknown = reverse("admin:registry_registration_import_preview", args=[uuid.uuid4()])

    response = mic_client.post(
        unknown, {"action": "confirm", "import_file_name": "../../tmp/answers.xlsx"}
    )
    not_an_id = mic_client.post(f"{IMPORT}..%2F..%2Ftmp%2Fanswers/", {"action": "confirm"})

    assert "この取込みは見つかりません。" in messages_after(mic_client, response)
    assert not_an_id.status_code != 200
    assert Registration.objects.count() == 0
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_a_pending_import_expires_after_an_hour_and_is_purged_with_its_rows(mic_client, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 2 * 60 * 60  # the staff member stays signed in
    with time_machine.travel(timezone.now(), tick=False) as clock:
        pending, _ = previewed(mic_client, answers_xlsx([VALID_ROW]))
        clock.shift(timedelta(minutes=61))

        response = confirm(mic_client, pending)
        upload_page = mic_client.get(response.url)

    assert response.url == IMPORT
    assert "この取込みは見つかりません。" in upload_page.content.decode()
    assert not PendingImport.objects.exists()
    assert Registration.objects.count() == 0


def test_confirming_checks_the_stored_rows_again(mic_client):
    pending, _ = previewed(mic_client, answers_xlsx([VALID_ROW, SECOND_ROW]))
    rows = pending.rows
    rows[1][1]["email"] = "no-longer-an-address"
    PendingImport.objects.filter(pk=pending.pk).update(rows=rows)

    response = confirm(mic_client, pending)

    assert Registration.objects.count() == 0
    preview = mic_client.get(response.url).content.decode()
    assert "誤りのある行があるため、何も取り込んでいません。" in preview
    assert "誤り：問4 メールアドレス：" in preview.split('id="row-3"')[1].split("</tr>")[0]


def test_ticking_a_row_that_was_not_shown_as_a_duplicate_imports_nothing(mic_client):
    make_registration(company_name="取込テスト株式会社", email="other@example.jp")
    pending, _ = previewed(mic_client, answers_xlsx([VALID_ROW, SECOND_ROW]))

    for include in (["3"], ["two"], ["2", "99"]):
        response = confirm(mic_client, pending, include=include)
        assert "送信された内容が正しくない" in messages_after(mic_client, response)

    assert Registration.objects.count() == 1


def test_a_registration_added_after_the_preview_stops_the_import(mic_client):
    pending, _ = previewed(mic_client, answers_xlsx([VALID_ROW, SECOND_ROW]))
    make_registration(company_name="別の会社", email="second@example.jp")

    response = confirm(mic_client, pending)

    assert "重複の可能性がある行が変わりました" in messages_after(mic_client, response)
    assert Registration.objects.count() == 1
    assert "このファイル" not in PendingImport.objects.get().preview["duplicates"][0]["reasons"][0]


def test_a_pending_import_can_be_cancelled(mic_client):
    pending, _ = previewed(mic_client, answers_xlsx([VALID_ROW]))
    url = reverse("admin:registry_registration_import_preview", args=[pending.pk])

    response = mic_client.post(url, {"action": "cancel"})

    assert "取込みを取り消しました。" in messages_after(mic_client, response)
    assert not PendingImport.objects.exists()
    assert Registration.objects.count() == 0


def test_a_bomb_is_refused_through_the_admin(mic_client):
    def whole_grid(xml):
        return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)

    bomb = xlsx_rewritten(xlsx_bytes([list(question_texts().values())]), sheet=whole_grid)

    response = upload(mic_client, IMPORT, bomb, "bomb.xlsx")

    assert response.status_code == 400
    assert "見出し行の下にデータの行がありません。" in response.content.decode()
    assert not PendingImport.objects.exists()
