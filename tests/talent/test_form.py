"""The 協力可能人材 form's rules: every required answer, periods, exams, consent, normalisation."""

from datetime import date

import pytest
import time_machine
from django.utils.datastructures import MultiValueDict

from talent.forms import SpecialistSubmission
from tests.factories import talent_post

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _submission(**overrides):
    post = talent_post(**overrides)
    submission = SpecialistSubmission(
        MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in post.items()})
    )
    submission.is_valid()
    return submission


def _errors(submission):
    return {item["message"] for item in submission.error_summary()}


def test_a_complete_answer_is_valid_and_blank_blocks_are_no_answer():
    submission = _submission()

    assert submission.is_valid(), submission.error_summary()
    answers = submission.answers()
    assert len(answers["experiences"]) == 2
    assert [row["exam"].code for row in answers["exams"]] == ["PM"]
    assert answers["start_month"] is None


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("name", "氏名を入力してください。"),
        ("name_kana", "氏名のふりがなを入力してください。"),
        ("email", "メールアドレスを入力してください。"),
        ("residence", "現在お住まいの都道府県を選択してください。"),
        ("work_styles", "希望する勤務形態を1つ以上選択してください。"),
        ("start", "勤務開始可能時期を選択してください。"),
        ("situation", "現在の状況を選択してください。"),
        ("specialties", "得意分野を1つ以上選択してください。"),
        ("self_pr", "自己PRを入力してください。"),
        ("privacy_consent", "個人情報の取扱いへの同意が必要です。"),
    ],
)
def test_required_answers(field, message):
    submission = _submission(**{field: None})

    assert not submission.is_valid()
    assert message in submission.form.errors[field]


def test_phone_and_url_are_optional():
    assert _submission(phone=None, url=None).is_valid()


def test_a_prefecture_or_anywhere_or_on_request_is_needed():
    nothing = _submission(desired_prefectures=None)
    on_request = _submission(desired_prefectures=None, desired_scope=["desires_on_request"])

    assert "全国" in nothing.form.errors["desired_prefectures"][0]
    assert on_request.is_valid()


def test_anywhere_makes_individual_prefectures_unneeded():
    submission = _submission(desired_scope=["desires_anywhere"])

    assert submission.is_valid()
    assert submission.answers()["desired_prefectures"] == []


@pytest.mark.parametrize(
    ("month", "valid"),
    [("2026-11", True), ("2027-04", True), ("2027年4月", True), ("２０２７／０４", True),
     ("2026-10", False), ("2027-13", False), ("来年", False), ("", False)],
)  # fmt: skip
def test_a_start_month_is_this_month_or_later(month, valid):
    submission = _submission(start="month", start_month=month)

    assert submission.is_valid() is valid
    if valid:
        assert submission.answers()["start_month"].day == 1


def test_a_start_month_is_dropped_when_starting_now():
    assert _submission(start="now", start_month="2027-04").answers()["start_month"] is None


def test_the_other_specialty_needs_its_text_and_keeps_it_only_when_chosen():
    missing = _submission(specialties=["other"])
    kept = _submission(specialties=["other"], specialty_other_text="GIS")
    dropped = _submission(specialties=["security"], specialty_other_text="GIS")

    assert "「その他」の内容を記入してください。" in missing.form.errors["specialty_other_text"]
    assert kept.answers()["specialty_other_text"] == "GIS"
    assert dropped.answers()["specialty_other_text"] == ""


@pytest.mark.parametrize(
    ("started", "ended", "message"),
    [
        ("2020-04", "2019-03", "終了は開始と同じか後の年月にしてください。"),
        ("2026-12", "", "開始に将来の年月は入力できません。"),
        ("2020-04", "2027-03", "終了に将来の年月は入力できません。"),
        ("2020/13", "", "年月は「2027-04」のように西暦と月で入力してください。"),
    ],
)
def test_experience_periods_are_checked(started, ended, message):
    submission = _submission(
        **{"experiences-0-started_on": started, "experiences-0-ended_on": ended}
    )

    assert not submission.is_valid()
    assert any(message in text for text in _errors(submission))
    assert any(text.startswith("実務経験1の") for text in _errors(submission))


def test_an_ongoing_period_and_a_single_month_are_fine():
    submission = _submission(
        **{
            "experiences-0-started_on": "2026-11",
            "experiences-0-ended_on": "2026-11",
            "experiences-1-ended_on": "",
        }
    )

    assert submission.is_valid(), submission.error_summary()


def test_a_half_filled_block_is_an_error_not_ignored():
    submission = _submission(**{"experiences-2-role": "PMO"})

    assert not submission.is_valid()
    assert "実務経験3の組織の種類：選んでください。" in _errors(submission)


@pytest.mark.parametrize(
    ("exam", "year", "valid"),
    [("SC", "2017", True), ("SC", "2016", False), ("SS", "2012", True), ("SS", "2018", False),
     ("PM", "2027", False), ("ZZ", "2020", False)],
)  # fmt: skip
def test_an_exam_pass_year_lies_within_the_exams_years(exam, year, valid):
    submission = _submission(**{"exams-0-exam": exam, "exams-0-year": year})

    assert submission.is_valid() is valid


def test_text_answers_are_normalised_like_the_company_form():
    submission = _submission(
        name="ｼﾞﾝｻﾞｲ\u200b 花子", name_kana="ジョン・スミス", email="Hanako@EXAMPLE.JP"
    )

    answers = submission.answers()
    assert answers["name"] == "ジンザイ 花子"
    assert answers["name_kana"] == "じょん・すみす"
    assert answers["email"] == "Hanako@example.jp"
    assert answers["phone"] == "09012345678"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "㌀" * 101, "100文字以内"),
        ("name", "人材\n花子", "改行を含めずに"),
        ("name", "\u200b\u200d", "氏名を入力してください。"),
        ("name_kana", "Hanako", "ローマ字"),
        ("phone", "090-1234-567", "電話番号を市外局番から"),
        ("url", "javascript:alert(1)", "http:// または https://"),
        ("self_pr", "あ" * 2001, "2000文字以内"),
    ],
)
def test_bad_text_answers_are_refused_with_a_clear_message(field, value, message):
    submission = _submission(**{field: value})

    assert message in " ".join(submission.form.errors[field])


def test_a_line_break_counts_as_one_character_in_the_self_pr():
    pasted = "\r\n".join(["あ" * 9] * 200)  # 2199 characters with CRLF, 1999 with LF

    assert _submission(self_pr=pasted).is_valid()


def test_the_bot_trap_refuses_the_post():
    submission = _submission(homepage="https://spam.example")

    assert not submission.is_valid()
    assert "送信できませんでした" in submission.form.non_field_errors()[0]


def test_tampered_choices_are_refused():
    submission = _submission(work_styles=["style_ceo"], residence="99", specialties=["nope"])

    assert not submission.is_valid()
    assert {"work_styles", "residence", "specialties"} <= set(submission.form.errors)


def test_only_required_questions_say_required_and_the_repeat_blocks_say_optional(client):
    from django.urls import reverse

    html = client.get(reverse("talent:register")).content.decode()
    experience = html[html.index('id="experiences"') : html.index('id="exams"')]
    exams = html[html.index('id="exams"') : html.index("得意分野と自己PR")]

    assert "実務経験 1（任意）" in experience and "合格 1（任意）" in exams
    assert "必須" not in experience and "必須" not in exams
