"""Staff screens speak to staff, not to developers: no commands, file paths or Python names.

The staff of 総務省 and the prefectures have little IT background: a page says what happens and
when, and offers files as downloads, never as a path in the repository."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse, reverse_lazy

from tests.factories import login_verified, make_prefecture_user
from tests.registry.import_helpers import IMPORT, VALID_ROW, previewed
from tests.spreadsheets import xlsx_bytes

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
COMMENT = re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{#.*?#\}", re.S)
TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
CODE = re.compile(r"<script\b.*?</script>|<style\b.*?</style>", re.S)
MARKUP = re.compile(r"<[^>]*>", re.S)
DEVELOPER_WORDS = re.compile(
    r"[\w./-]*/[\w.-]+\.(?:xlsx|csv|json|py)\b|fixtures/"  # a path in the repository
    r"|manage\.py"  # a command
    r"|\b\w+\.py\b"  # a module file
    r"|\b[a-z]+(?:_[a-z0-9]+)+\b"  # a Python name (send_reconfirmation_reminders)
)
TEMPLATE = reverse_lazy("admin:registry_registration_import_template")


def _words_shown(template_text):
    """The text a page shows: no template comments, tags, scripts or markup."""
    text = CODE.sub(" ", COMMENT.sub(" ", template_text))
    return MARKUP.sub(" ", TAG.sub(" ", text))


@pytest.mark.parametrize(
    "path", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_no_page_shows_developer_language(path):
    found = DEVELOPER_WORDS.findall(_words_shown(path.read_text(encoding="utf-8")))

    assert not found, f"{path.relative_to(TEMPLATES)}: {found}"


def test_the_scan_finds_what_it_looks_for():
    shown = _words_shown(
        "{% comment %}portal.reconfirmation.reconfirmation_view{% endcomment %}"
        "<p>見本: <code>fixtures/import_example.xlsx</code>"
        "（manage.py send_reconfirmation_reminders）{{ some_name }}</p>"
    )

    assert DEVELOPER_WORDS.findall(shown) == [
        "fixtures/import_example.xlsx",
        "manage.py",
        "send_reconfirmation_reminders",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "start",
    ["admin:registry_reconfirmationround_add", "admin:talent_specialistreconfirmationround_add"],
)
def test_the_reconfirmation_page_says_when_reminders_go_out(mic_client, settings, start):
    settings.RECONFIRMATION_REMINDER_DAYS = [14, 28]

    html = mic_client.get(reverse(start)).content.decode()

    assert "manage.py" not in html and "send_reconfirmation_reminders" not in html
    assert "送付から14日後と28日後に、まだ回答のないものへ自動で再送します" in html


@pytest.mark.django_db
def test_the_import_page_offers_the_template_as_a_download(mic_client):
    html = mic_client.get(IMPORT).content.decode()

    assert "fixtures/" not in html
    assert f'href="{TEMPLATE}"' in html


@pytest.mark.django_db
def test_the_import_template_has_every_question_lists_and_notes(mic_client):
    response = mic_client.get(TEMPLATE)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headings = [cell.value for cell in sheet[1]]
    assert headings[0] == "タイムスタンプ"
    assert headings[1:] == [
        "問1 企業名・団体名", "問2 担当部署", "問3 ご担当者様のお名前（ふりがな）",
        "問4 メールアドレス", "問5 電話番号", "問6 職員の都道府県出向による自治体DX支援へのご協力",
        "問7 活動拠点のある都道府県", "問8 職員を出向させることが可能な都道府県",
        "問9 協力可能な勤務形態", "問10 非常勤職員として勤務する場合の勤務可能日数",
        "問11 職員出向が可能な期間", "問12 退職者への本事業の周知へのご協力",
        "問13 既に活用・登録されている官公庁のアドバイザー制度・職員派遣制度",
        "問14 上記制度における自治体の支援実績",
        "問15 自治体向けの活動内容を示す実績紹介サイト・SNS等", "問16 備考欄／自治体向けのメッセージ",
    ]  # fmt: skip
    assert workbook.sheetnames[1:] == ["選択肢", "記入方法"]
    lists = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    assert lists == {"G2", "M2"}  # 問6 and 問12: one answer from a list
    notes = {row[0]: row[1:] for row in workbook["記入方法"].iter_rows(values_only=True)}
    assert notes["問1 企業名・団体名"][0] == "必須"
    assert "週1～2日程度" in notes["問10 非常勤職員として勤務する場合の勤務可能日数"][1]


@pytest.mark.django_db
def test_a_filled_in_template_imports(mic_client):
    workbook = openpyxl.load_workbook(io.BytesIO(mic_client.get(TEMPLATE).content))
    headings = [cell.value for cell in workbook.worksheets[0][1]]
    row = ["2026/04/10 9:15", *(VALID_ROW[number] for number in range(1, 17))]

    _, preview = previewed(mic_client, xlsx_bytes([headings, row]))

    html = preview.content.decode()
    assert "1行を読み込みました。" in html and "誤り" not in html


@pytest.mark.django_db
def test_only_staff_allowed_to_import_get_the_template(client):
    login_verified(client, make_prefecture_user("pref-template", "01"))

    assert client.get(TEMPLATE).status_code in (302, 403)
