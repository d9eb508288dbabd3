"""Registration.objects.offering: the companies whose 問9 and 問11 offer what is asked (the named
query matching's criteria count and rank by)."""

import pytest

from registry.models import Registration
from tests.factories import make_registration

pytestmark = pytest.mark.django_db

WorkStyle, Period = Registration.WorkStyle, Registration.SecondmentPeriod


@pytest.fixture
def companies():
    def company(name, work_styles, periods):
        return make_registration(
            company_name=name, email=f"{name}@example.jp", work_styles=work_styles, periods=periods
        ).company_name

    return [
        company("full", [WorkStyle.FULL_TIME], [Period.UNDER_1_YEAR]),
        company("part", [WorkStyle.PART_TIME], [Period.ONE_TO_3_YEARS, Period.OVER_3_YEARS]),
        company("asks", [WorkStyle.ON_REQUEST], [Period.OVER_3_YEARS]),
    ]


def _names(queryset):
    return sorted(queryset.values_list("company_name", flat=True))


def test_a_work_style_is_offered_by_those_naming_it_or_open_to_any(companies):
    assert _names(Registration.objects.offering(work_styles=[WorkStyle.FULL_TIME])) == [
        "asks",
        "full",
    ]
    assert _names(Registration.objects.offering(work_styles=[])) == ["asks"]
    assert _names(
        Registration.objects.offering(work_styles=[WorkStyle.FULL_TIME, WorkStyle.PART_TIME])
    ) == ["asks", "full", "part"]


def test_a_period_is_offered_by_those_naming_it_and_both_questions_combine(companies):
    assert _names(Registration.objects.offering(period=Period.OVER_3_YEARS)) == ["asks", "part"]
    assert _names(
        Registration.objects.offering(work_styles=[WorkStyle.PART_TIME], period=Period.OVER_3_YEARS)
    ) == ["asks", "part"]
    assert _names(Registration.objects.offering()) == ["asks", "full", "part"]


def test_an_option_the_questions_do_not_have_is_refused():
    with pytest.raises(ValueError):
        Registration.offers(period="period_forever")
    with pytest.raises(ValueError):
        Registration.offers(work_styles=["work_remote"])
