"""Imported cells follow the text rule of every answer (portal.text) before anything is stored:
no NUL or other control character reaches the database, and Japanese text stays as written."""

import pytest

from portal.models import PendingImport
from registry.models import Registration
from tests.registry.import_helpers import (
    IMPORT,
    VALID_ROW,
    answers_csv,
    answers_xlsx,
    confirm,
    previewed,
)
from tests.registry.test_queued_work import DATABASE_BACKEND, _run_queued
from tests.spreadsheets import upload

pytestmark = pytest.mark.django_db

NUL_ROW = {**VALID_ROW, 1: "株式会社A\x00B", 2: "DX\x00推進部", 16: "よろしく\x00お願いします"}


def test_a_nul_byte_in_a_csv_cell_is_removed_before_anything_is_stored(mic_client):
    pending, preview = previewed(mic_client, answers_csv([NUL_ROW], "utf-8"), "answers.csv")

    assert preview.status_code == 200
    assert "株式会社AB" in preview.content.decode()
    assert "\x00" not in str(pending.rows) + str(pending.preview)
    confirm(mic_client, pending)
    stored = Registration.objects.get()
    assert (stored.company_name, stored.department, stored.message) == (
        "株式会社AB",
        "DX推進部",
        "よろしくお願いします",
    )
    assert not PendingImport.objects.exists()


def test_a_nul_byte_in_a_large_file_checked_on_the_queue_is_removed(mic_client, settings):
    settings.IMPORT_QUEUE_BYTES = 1
    settings.TASKS = DATABASE_BACKEND
    response = upload(mic_client, IMPORT, answers_csv([NUL_ROW], "utf-8"), "answers.csv")
    _run_queued()

    pending = PendingImport.objects.get()
    assert not pending.checking and not pending.unreadable
    assert pending.rows[0][1]["company_name"] == "株式会社AB"
    assert "株式会社AB" in mic_client.get(response.url).content.decode()


def test_imported_japanese_text_is_stored_as_written(mic_client):
    row = {
        **VALID_ROW,
        1: "株式会社取込テスト（1名出向）",
        2: "札幌市（北海道庁）　ＤＸ推進部２課",
        3: "ﾄﾘｺﾐ　太郎（とりこみ　たろう）",
        13: "地域おこし協力隊（1名出向）",
        16: "①9:00～17:00\r\n㈱テスト＠本社",
    }

    pending, _ = previewed(mic_client, answers_csv([row], "utf-8"), "answers.csv")
    confirm(mic_client, pending)

    stored = Registration.objects.get()
    assert stored.company_name == "株式会社取込テスト（1名出向）"
    assert stored.department == "札幌市（北海道庁）　DX推進部2課"
    assert (stored.contact_name, stored.contact_name_kana) == ("トリコミ　太郎", "とりこみ　たろう")
    assert stored.scheme_other_text == "地域おこし協力隊（1名出向）"
    assert stored.message == "①9:00～17:00\n㈱テスト＠本社"
    assert stored.company_name_key == "取込テスト(1名出向)"


@pytest.mark.parametrize(
    ("cell", "other"),
    [
        ("その他（研修（年2回））", "研修（年2回）"),
        ("その他：研修", "研修"),
        ("その他(自由入力)：研修（年2回）", "研修（年2回）"),
        ("研修（年2回）", "研修（年2回）"),
    ],
)
def test_the_free_text_of_another_scheme_keeps_its_brackets(mic_client, cell, other):
    pending, _ = previewed(mic_client, answers_csv([{**VALID_ROW, 13: cell}], "utf-8"), "a.csv")
    confirm(mic_client, pending)

    assert Registration.objects.get().scheme_other_text == other


def test_invisible_characters_tabs_and_crlf_in_an_xlsx_follow_the_rule(mic_client):
    row = {**VALID_ROW, 1: "テ\u200bスト\t株式会社", 16: "一行目\r\n二行目\u2028三行目"}

    pending, _ = previewed(mic_client, answers_xlsx([row]))
    confirm(mic_client, pending)

    stored = Registration.objects.get()
    assert (stored.company_name, stored.message) == ("テスト株式会社", "一行目\n二行目\n三行目")
