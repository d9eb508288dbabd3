from datetime import date

import pytest

from accelerators.fiscal import (
    CONTRACTED,
    FULL_TIME,
    PART_TIME,
    Contract,
    Staff,
    fiscal_estimate,
    fiscal_year_of,
    reiwa,
)

UNIT = 7_800_000


def _lines(staff, year, unit=UNIT, contracts=()):
    return {
        line.category: line
        for line in fiscal_estimate(
            staff=staff, contracts=list(contracts), fiscal_year=year, unit_cost_yen=unit
        )
    }


def test_full_time_from_reiwa_7_is_ordinary_allocation_at_the_unit_cost():
    line = _lines([Staff(FULL_TIME, 9_000_000), Staff(FULL_TIME, None)], 2025)[FULL_TIME]

    assert (line.allocation, line.persons, line.amount_yen) == ("普通交付税", 2, 2 * UNIT)


def test_the_unit_cost_is_a_parameter():
    assert _lines([Staff(FULL_TIME, None)], 2026, unit=8_000_000)[FULL_TIME].amount_yen == 8_000_000


def test_full_time_up_to_reiwa_6_was_special_allocation_at_0_7_of_cost():
    line = _lines([Staff(FULL_TIME, 9_000_000), Staff(FULL_TIME, None)], 2024)[FULL_TIME]

    assert (line.allocation, line.amount_yen, line.persons_without_cost) == (
        "特別交付税",
        6_300_000,
        1,
    )


@pytest.mark.parametrize("year", [2024, 2025, 2029])
def test_part_time_is_special_allocation_until_reiwa_11(year):
    line = _lines([Staff(PART_TIME, 3_000_000)], year)[PART_TIME]

    assert (line.allocation, line.amount_yen) == ("特別交付税", 2_100_000)


def test_part_time_after_reiwa_11_is_not_covered():
    line = _lines([Staff(PART_TIME, 3_000_000)], 2030)[PART_TIME]

    assert (line.allocation, line.amount_yen, line.persons) == ("対象外", 0, 1)


@pytest.mark.parametrize("year", [2024, 2025, 2031])
def test_contracted_staffing_is_special_allocation_at_0_7_of_the_contract_cost(year):
    contracts = [Contract(persons=2, annual_cost_yen=10_000_001), Contract(1, 1_000_000)]

    line = _lines([], year, contracts=contracts)[CONTRACTED]

    assert (line.allocation, line.persons, line.amount_yen) == ("特別交付税", 3, 7_700_000)
    assert line.label == "委託による人材確保（アクセラレータ以外）"


def test_the_contracted_line_is_there_even_without_records():
    line = _lines([Staff(FULL_TIME, None)], 2026)[CONTRACTED]

    assert (line.persons, line.amount_yen) == (0, 0)


def test_fiscal_years_run_april_to_march():
    assert [fiscal_year_of(date(2026, 3, 31)), fiscal_year_of(date(2026, 4, 1))] == [2025, 2026]
    assert reiwa(2025) == "令和7年度"


@pytest.mark.django_db
def test_the_dashboard_estimate_counts_who_serves_in_that_year(client, mic_user, settings):
    from accelerators.models import Nomination
    from tests.factories import login_verified, make_contracted_staffing, make_nomination

    settings.ACCELERATOR_FULL_TIME_UNIT_COST_YEN = 7_000_000
    make_contracted_staffing("01", fiscal_year=2025, persons=1, annual_cost_yen=5_000_000)
    make_contracted_staffing("13", fiscal_year=2026, persons=3, annual_cost_yen=10_000_000)
    for name, kind, cost, appointed, ended in [
        ("常勤", "permanent", None, date(2025, 6, 1), None),
        ("任期付", "fixed_term", None, date(2026, 4, 1), None),
        ("非常勤", "part_time", 2_000_000, date(2025, 4, 1), None),
        ("退任済", "part_time", 4_000_000, date(2025, 10, 1), date(2026, 3, 31)),
        ("未来", "permanent", None, date(2027, 4, 1), None),
    ]:
        nomination = make_nomination("01", name=name, employment_type=kind, annual_cost_yen=cost)
        Nomination.objects.filter(pk=nomination.pk).update(
            status="retired" if ended else "appointed",
            appointment_date=appointed,
            appointment_number=f"DXA-X-{name}",
            end_date=ended,
            end_reason="任期満了" if ended else "",
        )
    login_verified(client, mic_user)

    fy2025 = client.get("/accelerators/dashboard/", {"fy": "2025"}).context
    fy2026 = client.get("/accelerators/dashboard/", {"fy": "2026"}).context

    assert fy2025["estimate_total"] == 7_000_000 + (1_400_000 + 2_800_000) + 3_500_000
    assert fy2026["estimate_total"] == 2 * 7_000_000 + 1_400_000 + 7_000_000
    contracted = {line.category: line for line in fy2026["estimate"]}[CONTRACTED]
    assert (contracted.persons, contracted.amount_yen) == (3, 7_000_000)
    assert "見込み" in client.get("/accelerators/dashboard/", {"fy": "2025"}).content.decode()


@pytest.mark.django_db
def test_a_prefecture_sees_its_own_estimate_and_mic_the_national_one_each_labelled(
    clients, settings, django_assert_max_num_queries
):
    """The dashboard's 交付税 estimate says whose it is: 北海道's staff see 北海道's, 総務省 all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_appointed, make_contracted_staffing

    settings.ACCELERATOR_FULL_TIME_UNIT_COST_YEN = 7_000_000
    year = fiscal_year_of(date.today())
    make_appointed("01", name="北海道の常勤")
    make_contracted_staffing("01", fiscal_year=year, persons=1, annual_cost_yen=1_000_000)
    url = "/accelerators/dashboard/"
    with CaptureQueriesContext(connection) as few:
        clients["prefecture_a"].get(url)
    make_appointed("13", name="東京都の常勤1")
    make_appointed("13", name="東京都の常勤2")
    make_contracted_staffing("13", fiscal_year=year, persons=2, annual_cost_yen=2_000_000)

    with django_assert_max_num_queries(len(few)):
        hokkaido = clients["prefecture_a"].get(url)
    national = clients["mic"].get(url)

    assert hokkaido.context["estimate_total"] == 7_000_000 + 700_000
    assert national.context["estimate_total"] == 3 * 7_000_000 + 700_000 + 1_400_000
    assert "北海道の推計" in hokkaido.content.decode()
    assert "全国の推計" not in hokkaido.content.decode()
    assert "全国の推計" in national.content.decode()


@pytest.mark.django_db
def test_the_national_counts_beside_a_prefectures_own_estimate_say_they_are_national(clients):
    """On a prefecture's dashboard the 任用形態別 table (national for everyone, as the counts and
    the map) stands right above its own 交付税 estimate: unlabelled, 北海道's staff read the
    nation's 3 常勤 as their own 1."""
    from tests.factories import make_appointed

    make_appointed("01", name="北海道の常勤")
    make_appointed("13", name="東京都の常勤1")
    make_appointed("13", name="東京都の常勤2")

    for who in ("prefecture_a", "mic"):
        html = clients[who].get("/accelerators/dashboard/").content.decode()
        assert "任用形態別（任命中・全国）" in html
