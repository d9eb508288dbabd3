import pytest

from registry.forms import INVALID_CHOICE, INVALID_PREFECTURE, RegistrationForm
from tests.factories import registration_post

pytestmark = pytest.mark.django_db


def _form(**overrides):
    form = RegistrationForm(registration_post(**overrides))
    form.is_valid()
    return form


def test_a_complete_answer_is_valid():
    form = _form()

    assert form.is_valid(), form.errors
    assert [p.code for p in form.cleaned_data["dispatch_prefectures"]] == ["13", "14"]


@pytest.mark.parametrize(
    "field",
    [
        "company_name",
        "department",
        "contact_name",
        "contact_name_kana",
        "email",
        "secondment",
        "website",
        "privacy_consent",
    ],
)
def test_required_questions(field):
    form = _form(**{field: None})

    assert field in form.errors


@pytest.mark.parametrize("field", ["phone", "retiree_outreach", "message", "periods"])
def test_optional_questions(field):
    assert _form(**{field: None}).is_valid()


@pytest.mark.parametrize("field", ["base_prefectures", "work_styles"])
def test_q7_and_q9_are_required_when_seconding(field):
    form = _form(**{field: None})

    assert field in form.errors


def test_q8_is_required_when_seconding():
    form = _form(dispatch_prefectures=None)

    assert "dispatch_scope" in form.errors


def test_declining_secondment_discards_q7_to_q11():
    form = _form(
        secondment="no",
        base_prefectures=["01"],
        dispatch_scope=["dispatch_undecided"],
        dispatch_prefectures=["01"],
        work_styles=["work_part_time"],
        work_days=["days_week_1_2"],
        periods=["period_under_1_year"],
    )

    assert form.is_valid(), form.errors
    for name in [
        "base_prefectures",
        "dispatch_scope",
        "dispatch_prefectures",
        "work_styles",
        "work_days",
        "periods",
    ]:
        assert list(form.cleaned_data[name]) == []


def test_declining_secondment_needs_no_q7_to_q9():
    form = _form(
        secondment="no", base_prefectures=None, dispatch_prefectures=None, work_styles=None
    )

    assert form.is_valid(), form.errors


def test_nationwide_cannot_be_combined_with_prefectures():
    form = _form(dispatch_scope=["dispatch_nationwide"], dispatch_prefectures=["01"])

    assert "「全国対応可能」を選択した場合は" in form.errors["dispatch_scope"][0]


def test_nationwide_cannot_be_combined_with_undecided():
    form = _form(
        dispatch_scope=["dispatch_nationwide", "dispatch_undecided"], dispatch_prefectures=None
    )

    assert "dispatch_scope" in form.errors


def test_nationwide_alone_is_valid():
    form = _form(dispatch_scope=["dispatch_nationwide"], dispatch_prefectures=None)

    assert form.is_valid(), form.errors


def test_undecided_may_be_combined_with_prefectures():
    form = _form(dispatch_scope=["dispatch_undecided"], dispatch_prefectures=["01", "47"])

    assert form.is_valid(), form.errors


@pytest.mark.parametrize("field", ["base_prefectures", "dispatch_prefectures"])
@pytest.mark.parametrize("bad_id", ["48", "00", "abc", "13'; DROP TABLE x;--"])
def test_unknown_prefecture_ids_are_errors(field, bad_id):
    form = _form(**{field: ["13", bad_id]})

    assert form.errors[field] == [INVALID_PREFECTURE]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("secondment", "maybe"),
        ("work_styles", ["work_full_time", "overtime"]),
        ("work_days", ["days_every_day"]),
        ("periods", ["period_forever"]),
        ("retiree_outreach", "sometimes"),
        ("schemes", ["scheme_unknown"]),
        ("dispatch_scope", ["dispatch_everywhere"]),
    ],
)
def test_unknown_choice_values_are_errors(field, value):
    overrides = {field: value}
    if field == "work_days":
        overrides["work_styles"] = ["work_part_time"]
    form = _form(**overrides)

    assert form.errors[field] == [INVALID_CHOICE]


def test_unknown_choice_values_are_errors_even_when_the_question_does_not_apply():
    form = _form(secondment="no", base_prefectures=["99"])

    assert "base_prefectures" in form.errors


@pytest.mark.parametrize("style", ["work_part_time", "work_on_request"])
def test_q10_is_kept_for_part_time_or_on_request(style):
    form = _form(work_styles=[style], work_days=["days_week_1_2", "days_month_1_or_less"])

    assert form.cleaned_data["work_days"] == ["days_week_1_2", "days_month_1_or_less"]


def test_q10_is_discarded_for_full_time_only():
    form = _form(work_styles=["work_full_time"], work_days=["days_week_1_2"])

    assert form.is_valid()
    assert form.cleaned_data["work_days"] == []


def test_q13_other_requires_its_text():
    form = _form(schemes=["scheme_other"], scheme_other_text="  ")

    assert form.errors["scheme_other_text"] == ["「その他」を選択した場合は制度名を記入ください。"]


def test_q13_other_text_is_kept_with_other():
    form = _form(schemes=["scheme_other"], scheme_other_text="県独自のDX人材派遣")

    assert form.cleaned_data["scheme_other_text"] == "県独自のDX人材派遣"


def test_q13_other_text_is_discarded_without_other():
    form = _form(schemes=["scheme_chiiki_kigyojin"], scheme_other_text="残った文字")

    assert form.cleaned_data["scheme_other_text"] == ""


def test_q14_is_discarded_without_a_q13_choice():
    form = _form(schemes=None, scheme_support_record="A市でDX推進")

    assert form.is_valid()
    assert form.cleaned_data["scheme_support_record"] == ""


def test_q14_is_kept_with_a_q13_choice():
    form = _form(schemes=["scheme_furusato_nozei"], scheme_support_record="A市でDX推進")

    assert form.cleaned_data["scheme_support_record"] == "A市でDX推進"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>",
        "ftp://example.jp/",
        "example",
        "http://",
    ],
)
def test_q15_accepts_only_http_and_https_urls(url):
    form = _form(website=url)

    assert form.errors["website"] == ["http:// または https:// で始まるURLを入力してください。"]


def test_q15_normalises_full_width_urls():
    form = _form(website="ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｊｐ／ｄｘ")

    assert form.cleaned_data["website"] == "https://example.jp/dx"


@pytest.mark.parametrize(
    "email", ["taro", "taro@", "@example.jp", "taro@@example.jp", "taro example@example.jp"]
)
def test_q4_must_be_an_email_address(email):
    assert "email" in _form(email=email).errors


def test_q4_is_normalised():
    form = _form(email="  Ｔａｒｏ＠Example.CO.JP ")

    assert form.cleaned_data["email"] == "Taro@example.co.jp"


def test_q5_is_stored_as_digits():
    assert _form(phone="０３－１２３４－５６７８").cleaned_data["phone"] == "0312345678"


@pytest.mark.parametrize("phone", ["12345", "090-1234-567", "03-1234-567", "+1-202-555-0123"])
def test_q5_rejects_what_is_not_a_valid_japanese_number(phone):
    assert "電話番号を市外局番から正しく入力してください" in _form(phone=phone).errors["phone"][0]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("Soumu", "ローマ字ではなく"), ("総務", "漢字ではなく"), ("そうむ2", "数字や記号")],
)
def test_q3_furigana_in_romaji_or_kanji_is_refused_with_the_reason(typed, reason):
    assert reason in _form(contact_name_kana=typed).errors["contact_name_kana"][0]


def test_q3_furigana_takes_katakana_names_with_middle_dots():
    form = _form(contact_name_kana="ジョン・スミス")

    assert form.cleaned_data["contact_name_kana"] == "じょん・すみす"


def test_q3_katakana_furigana_becomes_hiragana():
    assert (
        _form(contact_name_kana="ソウム タロウ").cleaned_data["contact_name_kana"]
        == "そうむ　たろう"
    )


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

    assert field in _form(**overrides).errors
    overrides[field] = "あ" * limit
    assert field not in _form(**overrides).errors


def test_text_is_stripped():
    assert _form(company_name="  株式会社ABC　").cleaned_data["company_name"] == "株式会社ABC"


def test_error_summary_links_each_error_to_its_input():
    form = _form(company_name="", work_styles=None)

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

    form = _form(**{field: value[:half] + line_break + value[half:]})

    assert "改行を含めずに1行で入力してください。" in form.errors[field]


def test_multi_line_answers_keep_line_breaks_as_lf():
    form = _form(message="一行目\r\n二行目\r三行目")

    assert form.cleaned_data["message"] == "一行目\n二行目\n三行目"


def test_a_company_name_of_invisible_characters_only_is_empty():
    form = _form(company_name="\u200b\u200c\u2060\ufeff\u202e")

    assert form.errors["company_name"] == ["企業名・団体名を入力してください。"]


def test_invisible_and_control_characters_are_removed_from_every_text_answer():
    form = _form(
        company_name="テ\u200bスト\u202e株式会社",
        department="営業\x07部",
        message="よろしく\u200dお願いします\x00。\n以上",
    )

    assert form.cleaned_data["company_name"] == "テスト株式会社"
    assert form.cleaned_data["department"] == "営業部"
    assert form.cleaned_data["message"] == "よろしくお願いします。\n以上"


def test_the_company_name_is_nfkc_normalised():
    assert _form(company_name="ＡＢＣ ﾃｽﾄ ㈱").cleaned_data["company_name"] == "ABC テスト (株)"


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
@pytest.mark.parametrize(("character", "width"), [("㌀", 4), ("㍊", 5), ("ﬃ", 3)])
def test_length_is_checked_after_nfkc_lengthens_a_value(field, limit, character, width):
    overrides = {"schemes": ["scheme_chiiki_kigyojin"]}
    fits = limit // width

    accepted = _form(**overrides, **{field: character * fits})
    refused = _form(**overrides, **{field: character * (fits + 1)})

    assert field not in accepted.errors
    assert len(accepted.cleaned_data[field]) <= limit
    assert (
        f"{limit}文字以内で入力してください（現在{(fits + 1) * width}文字です）。"
        in (refused.errors[field])
    )


def test_a_line_break_counts_as_one_character_as_the_browser_counts_it():
    line = "あ" * 9
    pasted = "\r\n".join([line] * 200)  # 2199 characters with CRLF, 1999 with LF

    assert "message" not in _form(message=pasted).errors
    assert len(_form(message=pasted).cleaned_data["message"]) == 1999


def test_declining_secondment_needs_retiree_outreach():
    form = _form(secondment="no", retiree_outreach="difficult")
    blank = _form(secondment="no", retiree_outreach=None)

    assert "問12で「周知可能」を選ぶか" in form.errors["retiree_outreach"][0]
    assert "retiree_outreach" in blank.errors
    assert _form(secondment="no", retiree_outreach="possible").is_valid()


def test_the_form_explains_how_to_help_with_retirees_only():
    help_text = RegistrationForm().fields["secondment"].help_text

    assert "退職者への周知だけでご協力いただける場合は「登録を希望しない」を選び" in help_text
    assert "問12で「周知可能」" in help_text


def test_the_error_summary_lists_errors_in_question_order_with_their_parts():
    form = _form(
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
