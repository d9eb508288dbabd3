from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from portal.imports import prefecture_lookup
from portal.models import ImportLog, PendingImport
from registry.import_rows import header_key, question_texts, row_answers
from registry.models import OutgoingMail, Registration
from tests.factories import login_verified, make_registration, make_user, registration_form
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
from tests.spreadsheets import upload

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "import_example.xlsx"


def test_the_header_row_may_hold_question_texts_or_numbers():
    texts = question_texts()

    assert header_key(texts[7]) == "base_prefectures"
    assert header_key("7") == "base_prefectures"
    assert header_key("問8") == "dispatch"
    assert header_key("ご担当者様のお名前（ふりがな）") == "contact"
    assert header_key("タイムスタンプ") == "created_at"
    assert header_key("知らない列") is None


def test_cells_are_split_and_prefecture_names_mapped():
    data, errors = row_answers(
        {
            "base_prefectures": "東京、大阪府\n北海道; 京都",
            "dispatch": "未定・都道府県からの相談に応じて検討,神奈川",
        },
        prefectures=prefecture_lookup(),
    )

    assert errors == []
    assert [p.code for p in data["base_prefectures"]] == ["13", "27", "01", "26"]
    assert data["dispatch_scope"] == ["dispatch_undecided"]
    assert [p.code for p in data["dispatch_prefectures"]] == ["14"]


def test_a_valid_file_is_previewed_then_imported(mic_client, mic_user):
    pending, preview = previewed(mic_client, answers_xlsx([VALID_ROW, SECOND_ROW]))
    assert Registration.objects.count() == 0
    assert "株式会社取込テスト" in preview.content.decode()
    assert 'id="import-submit"' in preview.content.decode()

    response = confirm(mic_client, pending)

    assert response.url == reverse("admin:registry_registration_changelist")
    assert "2件を取り込みました。" in messages_after(mic_client, response)
    imported = Registration.objects.get(company_name="株式会社取込テスト")
    assert Registration.objects.count() == 2
    assert imported.source == Registration.Source.IMPORT
    assert imported.receipt_number == f"KR-{timezone.localdate().year}-{imported.pk:06d}"
    assert (imported.contact_name, imported.contact_name_kana, imported.phone) == (
        "取込 太郎",
        "とりこみ　たろう",
        "0352535111",
    )
    assert imported.company_name_key == "取込テスト"
    assert [p.code for p in imported.dispatch_prefectures.order_by("code")] == ["01", "02"]
    assert imported.work_full_time and imported.period_1_to_3_years
    entry = imported.history.get()
    assert (entry.history_type, entry.history_change_reason, entry.history_user) == (
        "+",
        "旧フォームの回答を取込み",
        mic_user,
    )
    assert sorted(p.prefecture_id for p in entry.dispatch_prefectures.all()) == ["01", "02"]
    assert entry.receipt_number == imported.receipt_number
    assert abs(entry.history_date - timezone.now()) < timedelta(minutes=1)
    assert not OutgoingMail.objects.exists()
    assert not PendingImport.objects.exists()
    log = ImportLog.objects.get()
    assert (log.user, log.row_count, log.imported_count, log.skipped_count) == (mic_user, 2, 2, 0)


def test_a_preview_consumes_no_registration_id(mic_client):
    before = make_registration(company_name="前の会社", email="before@example.jp")

    previewed(mic_client, answers_xlsx([VALID_ROW, SECOND_ROW]))
    after = make_registration(company_name="後の会社", email="after@example.jp")

    assert after.pk == before.pk + 1


def test_the_shipped_example_file_imports(mic_client):
    pending, _ = previewed(mic_client, EXAMPLE.read_bytes(), EXAMPLE.name)
    confirm(mic_client, pending)

    nationwide = Registration.objects.get(company_name="一般財団法人地域デジタル振興財団")
    assert Registration.objects.count() == 3
    assert nationwide.dispatch_nationwide
    assert nationwide.scheme_labels() == [
        "地域活性化起業人（総務省）",
        "その他（県のDXアドバイザー制度）",
    ]
    assert nationwide.created_at.year == 2026 and nationwide.created_at.month == 4


def test_a_file_with_errors_shows_each_row_and_question_and_cannot_be_confirmed(mic_client):
    rows = [
        VALID_ROW,
        {**VALID_ROW, 4: "not-an-address", 8: "東京都、全国対応可能"},
        {**VALID_ROW, 7: "トウキョウ", 15: "javascript:alert(1)"},
    ]

    pending, preview = previewed(mic_client, answers_xlsx(rows))
    html = preview.content.decode()

    third = html.split('id="row-3"')[1].split("</tr>")[0]
    fourth = html.split('id="row-4"')[1].split("</tr>")[0]

    assert "誤り（4件・2行）" in html
    assert "誤り：問4 メールアドレス：" in third
    assert "誤り：問8 職員を出向させることが可能な都道府県：" in third
    assert "「トウキョウ」は都道府県名として認識できません。" in fourth
    assert "誤り：問15" in fourth
    assert 'id="import-submit"' not in html
    # A crafted confirm for the same file imports nothing, not even its good row.
    response = confirm(mic_client, pending)
    assert "誤りのある行があるため、何も取り込んでいません。" in messages_after(
        mic_client, response
    )
    assert Registration.objects.count() == 0


def test_the_import_and_the_form_give_the_same_messages_for_the_same_mistakes(mic_client):
    mistakes = {
        "問12": (
            {12: "周知は難しい", 6: "登録を希望しない"},
            {"secondment": "no", "retiree_outreach": "difficult"},
        ),
        "問5": ({5: "090-1234-567"}, {"phone": "090-1234-567"}),
        "ふりがな": ({3: "取込 太郎（Torikomi）"}, {"contact_name_kana": "Torikomi"}),
    }
    rows = [{**VALID_ROW, **cells} for cells, _ in mistakes.values()]

    _, preview = previewed(mic_client, answers_xlsx(rows))
    html = preview.content.decode()

    for _, posted in mistakes.values():
        form = registration_form(**posted)
        for messages in form.errors.values():
            for message in messages:
                assert escape(message) in html


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_in_utf8_or_shift_jis_imports(mic_client, encoding):
    pending, _ = previewed(mic_client, answers_csv([VALID_ROW], encoding), "answers.csv")
    confirm(mic_client, pending)

    assert Registration.objects.get().company_name == "株式会社取込テスト"


def test_a_file_without_the_key_questions_is_refused(mic_client):
    response = upload(
        mic_client,
        IMPORT,
        answers_csv([VALID_ROW], "utf-8", headers=["列" + str(n) for n in range(16)]),
        "x.csv",
    )

    assert response.status_code == 400
    assert "見出し行に問1" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_a_damaged_file_gets_a_japanese_message(mic_client):
    response = upload(mic_client, IMPORT, b"PK\x03\x04 not really a workbook", "answers.xlsx")

    assert "ファイルを読み取れませんでした。" in response.content.decode()
    assert "BadZipFile" not in response.content.decode()


def test_import_needs_the_import_permission(client):
    login_verified(client, make_user("viewer"))

    assert client.get(IMPORT).status_code == 403


def test_possible_duplicates_are_skipped_unless_ticked(mic_client):
    existing = make_registration(company_name="取込テスト株式会社", email="other@example.jp")
    third = {**VALID_ROW, 1: "三社目株式会社", 4: "TORIKOMI@example.jp"}

    pending, preview = previewed(mic_client, answers_xlsx([VALID_ROW, SECOND_ROW, third]))
    html = preview.content.decode()
    assert "重複の可能性（2行）" in html
    assert f"登録済みの {existing.receipt_number} と企業名が同じ" in html
    assert "このファイルの2行目とメールアドレスが同じ" in html

    response = confirm(mic_client, pending, include=["4"])

    assert "2件を取り込みました。重複の可能性がある1行は取り込んでいません。" in messages_after(
        mic_client, response
    )
    assert set(Registration.objects.values_list("company_name", flat=True)) == {
        "取込テスト株式会社",
        "二社目株式会社",
        "三社目株式会社",
    }


def test_importing_the_same_file_again_is_flagged(mic_client):
    content = answers_xlsx([VALID_ROW])
    pending, _ = previewed(mic_client, content)
    confirm(mic_client, pending)

    pending, preview = previewed(mic_client, content)
    html = preview.content.decode()

    assert "このファイルは" in html and "さんが取り込んでいます（1件）" in html
    assert "重複の可能性（1行）" in html
    confirm(mic_client, pending)
    assert Registration.objects.count() == 1


def test_the_preview_pages_through_every_row(mic_client):
    rows = [{**VALID_ROW, 1: f"会社{n}", 4: f"c{n}@example.jp"} for n in range(60)]

    _, preview = previewed(mic_client, answers_xlsx(rows))
    html = preview.content.decode()
    second = mic_client.get(preview.wsgi_request.path, {"page": 2}).content.decode()

    assert "「answers.xlsx」の60行を読み込みました。" in html
    assert "会社49" in html and "会社50" not in html  # 50 rows a page: only this page is drawn
    assert "会社50" in second and "会社59" in second
