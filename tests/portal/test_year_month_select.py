"""The year and month selects of the talent form post one "YYYY-MM" value that MonthField reads
as typed text: one rule for every way in (issue 23, point 16)."""

from datetime import date

import pytest
from django.http import QueryDict

from talent.forms import ExperienceForm, SpecialistSubmission


def _experience(**data):
    posted = QueryDict(mutable=True)
    posted.update({"organisation_type": "company", "role": "SE", **data})
    form = ExperienceForm(posted)
    form.is_valid()
    return form


def test_the_two_selects_give_the_month():
    form = _experience(started_on_year="2015", started_on_month="04")
    assert form.cleaned_data["started_on"] == date(2015, 4, 1)


def test_a_month_typed_under_the_fields_own_name_still_counts():
    assert _experience(started_on="2015-04").cleaned_data["started_on"] == date(2015, 4, 1)


@pytest.mark.parametrize("year, month", [("2015", ""), ("", "04")])
def test_half_a_month_asks_for_both_selects(year, month):
    form = _experience(started_on_year=year, started_on_month=month)
    assert form.errors["started_on"] == ["年と月の両方を選んでください。"]


@pytest.mark.parametrize("year, month", [("2015", "13"), ("abcd", "04")])
def test_a_tampered_month_is_a_clear_error(year, month):
    form = _experience(started_on_year=year, started_on_month=month)
    assert form.errors["started_on"] == ["年月は「2027-04」のように西暦と月で入力してください。"]


def test_the_need_form_draws_its_start_month_as_the_same_selects():
    from matching.forms import NeedForm

    html = str(NeedForm()["start_month"])
    assert 'name="start_month_year"' in html and 'name="start_month_month"' in html
    assert 'type="month"' not in html


def test_nothing_chosen_is_no_answer():
    form = _experience(started_on_year="", started_on_month="")
    assert form.errors["started_on"] == ["選んでください。"]
    assert _experience(ended_on_year="", ended_on_month="", started_on="2015-04").is_valid()


def test_each_select_is_labelled_and_an_old_year_is_kept_on_the_page():
    form = ExperienceForm(initial={"started_on": date(1950, 4, 1)})
    html = str(form["started_on"])
    assert 'id="id_started_on"' in html and 'id="id_started_on_month"' in html
    assert '<label class="year-month-unit" for="id_started_on">年</label>' in html
    assert "開始（年月）の</span>月</label>" in html
    assert '<option value="1950" selected>1950</option>' in html
    assert '<option value="04" selected>4</option>' in html
    assert "maxlength" not in html


@pytest.mark.django_db
def test_a_page_redrawn_for_more_blocks_keeps_the_chosen_months():
    posted = QueryDict(mutable=True)
    posted.update(
        {
            "experiences-TOTAL_FORMS": "3",
            "experiences-0-started_on_year": "2015",
            "experiences-0-started_on_month": "04",
            "exams-TOTAL_FORMS": "2",
        }
    )
    submission = SpecialistSubmission.with_more_rows(posted, block="experiences")
    html = str(submission.experiences.forms[0]["started_on"])
    assert '<option value="2015" selected>2015</option>' in html
    assert len(submission.experiences.forms) == 4


@pytest.mark.parametrize(
    "year, month, kept",
    [
        ("2015", "", '<option value="2015" selected>2015</option>'),
        ("", "04", '<option value="04" selected>4</option>'),
    ],
)
def test_half_a_month_is_redrawn_with_the_half_that_was_chosen(year, month, kept):
    """After 「年と月の両方を選んでください」 the person chooses only what is missing."""
    form = _experience(started_on_year=year, started_on_month=month)

    assert kept in str(form["started_on"])
