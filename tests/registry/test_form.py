import pytest

from portal.forms import INVALID_PREFECTURE
from registry.forms import INVALID_CHOICE, RegistrationForm
from tests.factories import registration_form

pytestmark = pytest.mark.django_db


def test_a_complete_answer_is_valid():
    form = registration_form()

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
    form = registration_form(**{field: None})

    assert field in form.errors


@pytest.mark.parametrize("field", ["phone", "retiree_outreach", "message", "periods"])
def test_optional_questions(field):
    assert registration_form(**{field: None}).is_valid()


@pytest.mark.parametrize("field", ["base_prefectures", "work_styles"])
def test_q7_and_q9_are_required_when_seconding(field):
    form = registration_form(**{field: None})

    assert field in form.errors


def test_q8_is_required_when_seconding():
    form = registration_form(dispatch_prefectures=None)

    assert "dispatch_scope" in form.errors


def test_declining_secondment_discards_q7_to_q11():
    form = registration_form(
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
    form = registration_form(
        secondment="no", base_prefectures=None, dispatch_prefectures=None, work_styles=None
    )

    assert form.is_valid(), form.errors


def test_nationwide_cannot_be_combined_with_prefectures():
    form = registration_form(dispatch_scope=["dispatch_nationwide"], dispatch_prefectures=["01"])

    assert "「全国対応可能」を選択した場合は" in form.errors["dispatch_scope"][0]


def test_nationwide_cannot_be_combined_with_undecided():
    form = registration_form(
        dispatch_scope=["dispatch_nationwide", "dispatch_undecided"], dispatch_prefectures=None
    )

    assert "dispatch_scope" in form.errors


def test_nationwide_alone_is_valid():
    form = registration_form(dispatch_scope=["dispatch_nationwide"], dispatch_prefectures=None)

    assert form.is_valid(), form.errors


def test_undecided_may_be_combined_with_prefectures():
    form = registration_form(
        dispatch_scope=["dispatch_undecided"], dispatch_prefectures=["01", "47"]
    )

    assert form.is_valid(), form.errors


@pytest.mark.parametrize("field", ["base_prefectures", "dispatch_prefectures"])
@pytest.mark.parametrize("bad_id", ["48", "00", "abc", "13'; DROP TABLE x;--"])
def test_unknown_prefecture_ids_are_errors(field, bad_id):
    form = registration_form(**{field: ["13", bad_id]})

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
    form = registration_form(**overrides)

    assert form.errors[field] == [INVALID_CHOICE]


def test_unknown_choice_values_are_errors_even_when_the_question_does_not_apply():
    form = registration_form(secondment="no", base_prefectures=["99"])

    assert "base_prefectures" in form.errors


@pytest.mark.parametrize("style", ["work_part_time", "work_on_request"])
def test_q10_is_kept_for_part_time_or_on_request(style):
    form = registration_form(
        work_styles=[style], work_days=["days_week_1_2", "days_month_1_or_less"]
    )

    assert form.cleaned_data["work_days"] == ["days_week_1_2", "days_month_1_or_less"]


def test_q10_is_discarded_for_full_time_only():
    form = registration_form(work_styles=["work_full_time"], work_days=["days_week_1_2"])

    assert form.is_valid()
    assert form.cleaned_data["work_days"] == []


def test_q13_other_requires_its_text():
    form = registration_form(schemes=["scheme_other"], scheme_other_text="  ")

    assert form.errors["scheme_other_text"] == ["「その他」を選択した場合は制度名を記入ください。"]


def test_q13_other_text_is_kept_with_other():
    form = registration_form(schemes=["scheme_other"], scheme_other_text="県独自のDX人材派遣")

    assert form.cleaned_data["scheme_other_text"] == "県独自のDX人材派遣"


def test_q13_other_text_is_discarded_without_other():
    form = registration_form(schemes=["scheme_chiiki_kigyojin"], scheme_other_text="残った文字")

    assert form.cleaned_data["scheme_other_text"] == ""


def test_q14_is_discarded_without_a_q13_choice():
    form = registration_form(schemes=None, scheme_support_record="A市でDX推進")

    assert form.is_valid()
    assert form.cleaned_data["scheme_support_record"] == ""


def test_q14_is_kept_with_a_q13_choice():
    form = registration_form(schemes=["scheme_furusato_nozei"], scheme_support_record="A市でDX推進")

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
    form = registration_form(website=url)

    assert form.errors["website"] == [
        "http:// または https:// で始まるURLを入力してください（例：https://www.example.co.jp/）。"
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("example.co.jp", "https://example.co.jp"),
        ("www.example.co.jp/jisseki/", "https://www.example.co.jp/jisseki/"),
        ("ｗｗｗ．ｅｘａｍｐｌｅ．ｊｐ", "https://www.example.jp"),
        ("http://example.jp/", "http://example.jp/"),
    ],
)
def test_q15_takes_an_address_without_its_scheme_as_https(typed, stored):
    form = registration_form(website=typed)

    assert form.cleaned_data["website"] == stored


def test_q15_is_a_text_input_so_the_browser_does_not_refuse_a_missing_scheme():
    widget = registration_form().fields["website"].widget

    assert widget.input_type == "text"
    assert widget.attrs["inputmode"] == "url"


def test_q15_normalises_full_width_urls():
    form = registration_form(website="ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｊｐ／ｄｘ")

    assert form.cleaned_data["website"] == "https://example.jp/dx"


@pytest.mark.parametrize(
    "email", ["taro", "taro@", "@example.jp", "taro@@example.jp", "taro example@example.jp"]
)
def test_q4_must_be_an_email_address(email):
    assert "email" in registration_form(email=email).errors


def test_q4_is_normalised():
    form = registration_form(email="  Ｔａｒｏ＠Example.CO.JP ")

    assert form.cleaned_data["email"] == "Taro@example.co.jp"


def test_q5_is_stored_as_digits():
    assert registration_form(phone="０３－１２３４－５６７８").cleaned_data["phone"] == "0312345678"


@pytest.mark.parametrize("phone", ["12345", "090-1234-567", "03-1234-567", "+1-202-555-0123"])
def test_q5_rejects_what_is_not_a_valid_japanese_number(phone):
    assert (
        "電話番号を市外局番から正しく入力してください"
        in registration_form(phone=phone).errors["phone"][0]
    )


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("Soumu", "ローマ字ではなく"), ("総務", "漢字ではなく"), ("そうむ2", "数字や記号")],
)
def test_q3_furigana_in_romaji_or_kanji_is_refused_with_the_reason(typed, reason):
    assert reason in registration_form(contact_name_kana=typed).errors["contact_name_kana"][0]


def test_q3_furigana_takes_katakana_names_with_middle_dots():
    form = registration_form(contact_name_kana="ジョン・スミス")

    assert form.cleaned_data["contact_name_kana"] == "じょん・すみす"


def test_q3_katakana_furigana_becomes_hiragana():
    assert (
        registration_form(contact_name_kana="ソウム タロウ").cleaned_data["contact_name_kana"]
        == "そうむ　たろう"
    )


def test_declining_secondment_needs_retiree_outreach():
    form = registration_form(secondment="no", retiree_outreach="difficult")
    blank = registration_form(secondment="no", retiree_outreach=None)

    assert "問12で「周知可能」を選ぶか" in form.errors["retiree_outreach"][0]
    assert "retiree_outreach" in blank.errors
    assert registration_form(secondment="no", retiree_outreach="possible").is_valid()


def test_the_form_explains_how_to_help_with_retirees_only():
    help_text = RegistrationForm().fields["secondment"].help_text

    assert "退職者への周知だけでご協力いただける場合は「登録を希望しない」を選び" in help_text
    assert "問12で「周知可能」" in help_text
