import itertools
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from accelerators.eligibility import (
    Period,
    eligibility_check,
    experience_months,
    merged_periods,
    years_months_text,
)

AS_OF = date(2026, 11, 28)


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, day.day)


def _check(periods=(), passes=(), justification=""):
    return eligibility_check(
        periods=list(periods), exam_passes=list(passes), justification=justification, as_of=AS_OF
    )


def test_exactly_five_years_meets_rule_1():
    result = _check([Period(date(2018, 4, 1), date(2023, 3, 31))])

    assert result.experience_months == 60
    assert result.by_experience and result.eligible_without_acceptance
    assert result.experience_text == "5年"


def test_four_years_eleven_months_is_not_five_years():
    result = _check([Period(date(2018, 4, 1), date(2023, 2, 28))])

    assert result.experience_months == 59
    assert not result.by_experience
    assert (
        result.reasons[0]
        == "(1) 実務経験が5年に満たません（4年11か月。重なる期間は1回だけ数えます）。"
    )


def test_59_months_and_29_days_is_not_five_years():
    # 1 Apr 2018 to 28 Feb 2023 is 59 months; 1 to 29 March 2023 is 29 days left over.
    assert experience_months([Period(date(2018, 4, 1), date(2023, 3, 29))], as_of=AS_OF) == 59


def test_59_months_and_30_days_left_over_in_one_span_count_as_five_years():
    # 30 days left over make a month wherever they are, also within a single span.
    assert experience_months([Period(date(2018, 4, 1), date(2023, 3, 30))], as_of=AS_OF) == 60


def test_leftover_days_of_two_jobs_add_up_to_a_month():
    periods = [
        Period(date(2010, 4, 1), date(2012, 9, 15)),  # 29 months + 15 days (1–15 Sep)
        Period(date(2014, 4, 1), date(2016, 9, 15)),  # 29 months + 15 days
    ]

    result = _check(periods)

    assert result.experience_months == 59
    assert not result.by_experience


def test_59_months_and_30_days_of_leftovers_across_two_jobs_is_five_years():
    periods = [
        Period(date(2010, 4, 1), date(2012, 9, 15)),  # 29 months + 15 days
        Period(date(2014, 4, 1), date(2016, 10, 15)),  # 30 months + 15 days
    ]

    result = _check(periods)

    assert result.experience_months == 60
    assert result.by_experience and result.experience_text == "5年"


def test_59_months_and_29_days_of_leftovers_across_two_jobs_is_not_five_years():
    periods = [
        Period(date(2010, 4, 1), date(2012, 9, 15)),  # 29 months + 15 days
        Period(date(2014, 4, 1), date(2016, 10, 14)),  # 30 months + 14 days
    ]

    assert experience_months(periods, as_of=AS_OF) == 59
    assert not _check(periods).by_experience


def test_overlapping_jobs_with_leftover_days_count_each_day_once():
    periods = [
        Period(date(2018, 4, 1), date(2020, 4, 20)),  # overlaps the next one from 1 Apr 2020
        Period(date(2020, 4, 1), date(2023, 3, 20)),
    ]

    # One span, 1 Apr 2018 to 20 Mar 2023: 59 months + 20 days, not 24 + 35 months + leftovers.
    assert experience_months(periods, as_of=AS_OF) == 59


def test_a_month_end_start_has_no_leftover_for_a_complete_month():
    # 31 Jan to 28 Feb: a complete month (the month from 31 Jan ends with February).
    assert experience_months([Period(date(2023, 1, 31), date(2023, 2, 28))], as_of=AS_OF) == 1
    assert experience_months([Period(date(2023, 1, 31), date(2023, 2, 27))], as_of=AS_OF) == 0


def test_overlapping_periods_count_once():
    periods = [
        Period(date(2018, 4, 1), date(2021, 3, 31)),
        Period(date(2020, 4, 1), date(2022, 3, 31)),
    ]

    assert experience_months(periods, as_of=AS_OF) == 48


def test_digital_and_user_side_periods_add_up():
    periods = [
        Period(date(2015, 4, 1), date(2018, 3, 31)),
        Period(date(2020, 4, 1), date(2022, 3, 31)),
    ]

    assert _check(periods).by_experience


def test_an_ongoing_period_counts_until_today():
    assert experience_months([Period(date(2021, 11, 28))], as_of=AS_OF) == 60


def test_future_experience_does_not_count():
    assert experience_months([Period(date(2027, 1, 1), date(2033, 1, 1))], as_of=AS_OF) == 0


def test_an_ipa_level4_pass_meets_rule_2():
    result = _check(passes=["SC"])

    assert result.by_exam and result.eligible_without_acceptance
    assert result.rules_met == ["(2) IPA高度試験の合格"]


def test_a_partly_equivalent_legacy_pass_is_evidence_for_rule_3_not_rule_2():
    result = eligibility_check(
        periods=[],
        exam_passes=[],
        partial_exam_evidence=["情報セキュリティアドミニストレータ試験（2005年）"],
        justification="",
        as_of=AS_OF,
    )

    assert not result.by_exam and not result.may_be_nominated
    assert result.partial_exam_evidence == ["情報セキュリティアドミニストレータ試験（2005年）"]
    assert "一部だけが同等のため、(2)には当たりません" in result.reasons[1]
    assert "総務省が判断します" in result.reasons[2]


def test_a_justification_meets_rule_3_but_needs_acceptance():
    result = _check(justification="海外でクラウド移行を10件主導")

    assert result.by_equivalence and result.may_be_nominated
    assert not result.eligible_without_acceptance


def test_a_blank_justification_is_no_justification():
    result = _check(justification="   ")

    assert not result.may_be_nominated
    assert len(result.reasons) == 3


def test_years_months_text():
    assert [years_months_text(m) for m in (0, 11, 12, 59, 61)] == [
        "0か月",
        "11か月",
        "1年",
        "4年11か月",
        "5年1か月",
    ]


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 11, 28))
periods = st.lists(
    st.tuples(dates, st.integers(min_value=0, max_value=4000)).map(
        lambda pair: Period(pair[0], pair[0] + timedelta(days=pair[1]))
    ),
    max_size=8,
)


@given(periods)
def test_order_does_not_matter(items):
    assert experience_months(items, as_of=AS_OF) == experience_months(
        list(reversed(items)), as_of=AS_OF
    )


@given(periods)
def test_repeating_a_period_adds_nothing(items):
    assert experience_months(items + items, as_of=AS_OF) == experience_months(items, as_of=AS_OF)


@given(periods, periods)
def test_more_periods_never_mean_less_experience(items, more):
    assert experience_months(items + more, as_of=AS_OF) >= experience_months(items, as_of=AS_OF)


@given(periods)
def test_merged_periods_are_disjoint_and_apart(items):
    spans = merged_periods(items, as_of=AS_OF)

    for (_, end), (next_start, _) in itertools.pairwise(spans):
        assert next_start > end + timedelta(days=1)


@given(dates, st.integers(min_value=1, max_value=4000), st.integers(min_value=1, max_value=3999))
def test_splitting_a_period_in_two_adjacent_ones_changes_nothing(start, length, cut):
    cut = min(cut, length - 1)
    end = start + timedelta(days=length)
    middle = start + timedelta(days=cut)
    whole = experience_months([Period(start, end)], as_of=AS_OF)
    split = experience_months(
        [Period(start, middle), Period(middle + timedelta(days=1), end)], as_of=AS_OF
    )

    assert split == whole


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2020, 1, 28)),
    st.integers(min_value=0, max_value=80),
)
def test_a_period_of_n_whole_months_counts_n(start, months):
    if start.day > 28:
        start = start.replace(day=28)
    end = add_months(start, months) - timedelta(days=1)

    assert experience_months([Period(start, end)], as_of=AS_OF) == (months if end >= start else 0)


@given(periods)
def test_experience_never_exceeds_the_calendar_span(items):
    months = experience_months(items, as_of=AS_OF)
    spans = merged_periods(items, as_of=AS_OF)
    if spans:
        total_days = sum((end - start).days + 1 for start, end in spans)
        assert months * 28 <= total_days
    else:
        assert months == 0
