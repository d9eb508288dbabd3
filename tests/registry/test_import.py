import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import OutgoingMail, Registration
from registry.resources import header_key, question_texts, row_to_form_data

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "import_example.xlsx"
IMPORT = reverse("admin:registry_registration_import")
PROCESS = reverse("admin:registry_registration_process_import")
XLSX, CSV = "0", "1"

VALID_ROW = {
    1: "株式会社取込テスト",
    2: "DX推進部",
    3: "取込 太郎（とりこみ たろう）",
    4: "torikomi@example.jp",
    5: "03-5253-5111",
    6: "協力企業・団体として登録を希望する",
    7: "東京都",
    8: "北海道、青森",
    9: "常勤",
    10: "",
    11: "1～3年",
    12: "周知可能",
    13: "",
    14: "",
    15: "https://torikomi.example.jp/",
    16: "",
}


def _xlsx(rows, headers=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers or list(question_texts().values()))
    for row in rows:
        sheet.append([row[number] for number in range(1, 17)])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _csv(rows, encoding, headers=None):
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(headers or [str(number) for number in range(1, 17)])
    for row in rows:
        writer.writerow([row[number] for number in range(1, 17)])
    return stream.getvalue().encode(encoding)


def _upload(client, content, name, file_format):
    return client.post(
        IMPORT, {"format": file_format, "import_file": SimpleUploadedFile(name, content)}
    )


def _confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(PROCESS, {name: form[name].value() for name in form.fields})


def test_the_header_row_may_holdquestion_texts_or_numbers():
    texts = question_texts()

    assert header_key(texts[7]) == "base_prefectures"
    assert header_key("7") == "base_prefectures"
    assert header_key("問8") == "dispatch"
    assert header_key("ご担当者様のお名前（ふりがな）") == "contact"
    assert header_key("タイムスタンプ") == "created_at"
    assert header_key("知らない列") is None


def test_cells_are_split_and_prefecture_names_mapped():
    data, errors = row_to_form_data(
        {
            "base_prefectures": "東京、大阪府\n北海道; 京都",
            "dispatch": "未定・都道府県からの相談に応じて検討,神奈川",
        }
    )

    assert errors == []
    assert data["base_prefectures"] == ["13", "27", "01", "26"]
    assert data["dispatch_scope"] == ["dispatch_undecided"]
    assert data["dispatch_prefectures"] == ["14"]


def test_a_valid_file_is_previewed_then_imported(mic_client):
    content = _xlsx([VALID_ROW, {**VALID_ROW, 1: "二社目株式会社", 4: "second@example.jp"}])

    preview = _upload(mic_client, content, "answers.xlsx", XLSX)
    assert Registration.objects.count() == 0
    assert "confirm_form" in preview.context
    _confirm(mic_client, preview)

    imported = Registration.objects.get(company_name="株式会社取込テスト")
    assert Registration.objects.count() == 2
    assert imported.source == Registration.Source.IMPORT
    assert imported.receipt_number.startswith("KR-")
    assert (imported.contact_name, imported.contact_name_kana, imported.phone) == (
        "取込 太郎",
        "とりこみ　たろう",
        "0352535111",
    )
    assert [p.code for p in imported.dispatch_prefectures.order_by("code")] == ["01", "02"]
    assert imported.work_full_time and imported.period_1_to_3_years
    assert imported.history.count() == 1
    assert not OutgoingMail.objects.exists()


def test_the_shipped_example_file_imports(mic_client):
    preview = _upload(mic_client, EXAMPLE.read_bytes(), EXAMPLE.name, XLSX)
    _confirm(mic_client, preview)

    nationwide = Registration.objects.get(company_name="一般財団法人地域デジタル振興財団")
    assert Registration.objects.count() == 3
    assert nationwide.dispatch_nationwide
    assert nationwide.scheme_labels() == [
        "地域活性化起業人（総務省）",
        "その他（県のDXアドバイザー制度）",
    ]
    assert nationwide.created_at.year == 2026 and nationwide.created_at.month == 4


def test_a_file_with_errors_shows_each_row_and_column_and_writes_nothing(mic_client):
    rows = [
        VALID_ROW,
        {**VALID_ROW, 4: "not-an-address", 8: "東京都、全国対応可能"},
        {**VALID_ROW, 7: "トウキョウ", 15: "javascript:alert(1)"},
    ]

    preview = _upload(mic_client, _xlsx(rows), "answers.xlsx", XLSX)
    html = preview.content.decode()

    assert "confirm_form" not in preview.context
    assert "問4" in html and "（表の3行目）" in html
    assert "問8" in html
    assert "「トウキョウ」は都道府県名として認識できません。（表の4行目）" in html
    assert "問15" in html
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_in_utf8_or_shift_jis_imports(mic_client, encoding):
    preview = _upload(mic_client, _csv([VALID_ROW], encoding), "answers.csv", CSV)
    _confirm(mic_client, preview)

    assert Registration.objects.get().company_name == "株式会社取込テスト"


def test_a_file_without_the_key_questions_is_refused(mic_client):
    preview = _upload(
        mic_client,
        _csv([VALID_ROW], "utf-8", headers=["列" + str(n) for n in range(16)]),
        "x.csv",
        CSV,
    )

    assert "見出し行に問1" in preview.content.decode()
    assert Registration.objects.count() == 0


def test_import_needs_the_import_permission(client):
    from tests.factories import login_verified, make_user

    login_verified(client, make_user("viewer"))

    assert client.get(IMPORT).status_code == 403


def test_an_oversized_file_is_refused(mic_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    big = _csv([VALID_ROW], "utf-8") + b"#" * (5 * 2**20)

    response = _upload(mic_client, big, "big.csv", CSV)

    assert response.status_code == 302
    assert "ファイルが大きすぎます" in mic_client.get(response.url).content.decode()
    assert Registration.objects.count() == 0
