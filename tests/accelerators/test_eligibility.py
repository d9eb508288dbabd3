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


def test_one_day_short_of_five_years_is_not_five_years():
    assert experience_months([Period(date(2018, 4, 1), date(2023, 3, 30))], as_of=AS_OF) == 59


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
