"""Text answers on the form: normalised first, then checked (portal.text's rule, line breaks, invisible characters, lengths), and the error summary."""

import pytest

from tests.factories import registration_form, registration_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("company_name", 200),
        ("department", 200),
        ("contact_name", 100),
        ("message", 2000),
        ("scheme_other_text", 200),
    ],
)
def test_text_is_held_to_maximum_lengths(field, limit):
    overrides = {field: "あ" * (limit + 1)}
    if field == "scheme_other_text":
        overrides["schemes"] = ["scheme_other"]

    assert field in registration_form(**overrides).errors
    overrides[field] = "あ" * limit
    assert field not in registration_form(**overrides).errors


def test_text_is_stripped():
    assert (
        registration_form(company_name="  株式会社ABC　").cleaned_data["company_name"]
        == "株式会社ABC"
    )


def test_error_summary_links_each_error_to_its_input():
    form = registration_form(company_name="", work_styles=None)

    assert {item["anchor"] for item in form.error_summary()} == {
        "id_company_name",
        "id_work_styles_0",
    }
    assert any(item["message"].startswith("問1 ") for item in form.error_summary())


SINGLE_LINE = [
    "company_name",
    "department",
    "contact_name",
    "contact_name_kana",
    "email",
    "website",
]


@pytest.mark.parametrize("field", [*SINGLE_LINE, "phone"])
@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r", "\u2028"])
def test_single_line_answers_refuse_a_line_break(field, line_break):
    value = registration_post()[field]
    half = len(value) // 2

    form = registration_form(**{field: value[:half] + line_break + value[half:]})

    assert "改行を含めずに1行で入力してください。" in form.errors[field]


def test_multi_line_answers_keep_line_breaks_as_lf():
    form = registration_form(message="一行目\r\n二行目\r三行目")

    assert form.cleaned_data["message"] == "一行目\n二行目\n三行目"


def test_a_company_name_of_invisible_characters_only_is_empty():
    form = registration_form(company_name="\u200b\u200c\u2060\ufeff\u202e")

    assert form.errors["company_name"] == ["企業名・団体名を入力してください。"]


def test_invisible_and_control_characters_are_removed_from_every_text_answer():
    form = registration_form(
        company_name="テ\u200bスト\u202e株式会社",
        department="営業\x07部",
        message="よろしく\u200dお願いします\x00。\n以上",
    )

    assert form.cleaned_data["company_name"] == "テスト株式会社"
    assert form.cleaned_data["department"] == "営業部"
    assert form.cleaned_data["message"] == "よろしくお願いします。\n以上"


def test_the_company_name_keeps_japanese_text_as_written():
    assert (
        registration_form(company_name="ＡＢＣ ﾃｽﾄ ㈱（1名出向）").cleaned_data["company_name"]
        == "ABC テスト ㈱（1名出向）"
    )


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("company_name", 200),
        ("department", 200),
        ("contact_name", 100),
        ("message", 2000),
        ("scheme_support_record", 2000),
    ],
)
@pytest.mark.parametrize("character", ["㌀", "ｶﾞ"])
def test_the_length_limit_counts_the_value_as_stored(field, limit, character):
    """㌀ is stored as typed, one character; ｶﾞ is typed as two and stored as one (ガ)."""
    overrides = {"schemes": ["scheme_chiiki_kigyojin"]}

    accepted = registration_form(**overrides, **{field: character * limit})
    refused = registration_form(**overrides, **{field: character * (limit + 1)})

    assert field not in accepted.errors
    assert len(accepted.cleaned_data[field]) == limit
    assert (
        f"{limit}文字以内で入力してください（現在{limit + 1}文字です）。" in refused.errors[field]
    )


def test_a_line_break_counts_as_one_character_as_the_browser_counts_it():
    line = "あ" * 9
    pasted = "\r\n".join([line] * 200)  # 2199 characters with CRLF, 1999 with LF

    assert "message" not in registration_form(message=pasted).errors
    assert len(registration_form(message=pasted).cleaned_data["message"]) == 1999


def test_the_error_summary_lists_errors_in_question_order_with_their_parts():
    form = registration_form(
        company_name="",
        contact_name_kana="Taro",
        base_prefectures=None,
        secondment="yes",
        schemes=["scheme_other"],
        scheme_other_text="",
        website="not a url",
        privacy_consent=None,
    )

    messages = [item["message"] for item in form.error_summary()]

    assert messages[0].startswith("問1 ")
    assert messages[1].startswith("問3 ふりがな：")
    assert messages[2].startswith("問7 ")
    assert messages[3].startswith("問13 その他の制度名：")
    assert messages[4].startswith("問15 ")
    assert messages[5] == "個人情報の取扱いへの同意が必要です。"


def test_the_honeypot_is_hidden_from_assistive_technology(client):
    from django.urls import reverse

    html = client.get(reverse("registry:register")).content.decode()

    assert '<div class="honeypot" aria-hidden="true">' in html
    honeypot = html[html.index('name="homepage"') - 200 : html.index('name="homepage"') + 200]
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot


def test_japanese_text_reaches_the_confirm_page_the_record_and_the_mail_as_written(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.urls import reverse

    from registry.models import Registration
    from tests.factories import draft_of

    written = {
        "company_name": "株式会社デジタル協力（1名出向）",
        "department": "札幌市（北海道庁）　DX推進課",
        "contact_name": "総務　太郎",
        "message": "①②の順に　9:00～17:00　㈱テスト＠本社",
    }
    typed = {
        **written,
        "department": "札幌市（北海道庁）　ＤＸ推進課",
        "contact_name": "総務　太郎 ",
    }

    response = client.post(reverse("registry:register"), registration_post(**typed))
    page = client.get(response.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:confirm"), {"draft": draft_of(response)})

    stored = Registration.objects.get()
    body = mail.outbox[0].body
    for field, value in written.items():
        assert value in page
        assert getattr(stored, field) == value
        assert value in body


def test_addresses_codes_and_months_typed_full_width_are_read_half_width():
    from datetime import date

    from portal.forms import MonthField
    from registry.forms import EditLinkRequestForm

    form = EditLinkRequestForm(
        {
            "email": "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ",
            "receipt_number": "ｋｒ－２０２６－０００１２３",
        }
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"email": "taro@example.jp", "receipt_number": "KR-2026-000123"}
    assert MonthField().clean("２０２７／４") == date(2027, 4, 1)
