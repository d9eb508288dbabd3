"""One hire is one hire: a person is recorded as hired once (talent.hiring), whether from the
talent page or a 打診's 任用決定, and the funnel counts people, not 打診."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from matching.funnel import funnel_rows
from matching.models import Approach
from matching.workflow import MatchingError, approach_outcome
from talent.models import Specialist
from tests.factories import (
    make_need,
    make_prefecture_user,
    make_registration,
    make_specialist,
    prefectures,
    reviewed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return make_specialist(status="listed", desired_prefectures=["01"], email="p@example.jp")


def _approach(need, person, **fields):
    return Approach.objects.create(need=need, specialist=person, sent_by=need.created_by, **fields)


def _outcome(client, approach, **data):
    return client.post(reverse("matching:approach", args=[approach.pk]), data, follow=True)


def _talent_hire(client, person):
    # 任期なし常勤職員: no end date to give, whatever the hire form asks for other types.
    return client.post(
        reverse("talent:staff-hire", args=[person.pk]),
        {"employment_type": "permanent", "start_date": "2026-04-01"},
    )


def _hokkaido(rows):
    return next(row for row in rows if row["prefecture"].code == "01")


def test_a_hire_from_the_talent_page_counts_in_the_prefectures_hires_but_in_no_need(
    clients, person
):
    need = make_need("01")
    _approach(need, make_specialist(status="listed", desired_prefectures=["01"]))

    response = _talent_hire(clients["prefecture_a"], person)

    assert response.status_code == 302
    rows, total = funnel_rows()
    assert (_hokkaido(rows)["hired"], total["hired"]) == (1, 1)
    # No 募集 had a 任用決定: the per-need figure stays empty.
    assert _hokkaido(rows)["days_to_first_hire"] is None
    assert funnel_rows(prefecture=person.hired_by)[1]["hired"] == 1


def test_a_person_is_hired_in_one_need_only(clients, person):
    first, second = make_need("01", title="最初の募集"), make_need("01", title="次の募集")
    hired, again = _approach(first, person), _approach(second, person)
    client = clients["prefecture_a"]
    _outcome(client, hired, outcome="hired")

    page = _outcome(client, again, outcome="hired")

    assert "この人材は募集「最初の募集」ですでに任用決定として記録されています" in (
        page.content.decode()
    )
    again.refresh_from_db()
    assert (again.outcome, again.hired_at) == ("contacting", None)
    rows, total = funnel_rows()
    assert (_hokkaido(rows)["hired"], total["hired"]) == (1, 1)


def test_a_talent_page_hire_then_its_need_records_the_same_hire_counted_once(clients, person):
    need = make_need("01")
    approach = _approach(need, person)
    client = clients["prefecture_a"]
    _talent_hire(client, person)

    _outcome(client, approach, outcome="hired")

    approach.refresh_from_db()
    assert approach.outcome == "hired"
    assert Specialist.objects.get(pk=person.pk).hired_display == "任用済（北海道）"
    rows, total = funnel_rows()
    assert (_hokkaido(rows)["hired"], total["hired"]) == (1, 1)
    # The need that recorded the hire now has its first 任用決定.
    assert _hokkaido(rows)["days_to_first_hire"] == 0


def test_a_company_hire_counts_the_people_it_seconds(clients):
    company = reviewed(
        make_registration(company_name="協力株式会社", email="c@example.jp", dispatch_prefectures=prefectures("01"))
    )  # fmt: skip
    approach = Approach.objects.create(
        need=make_need("01"), registration=company, sent_by=make_prefecture_user("sender", "01")
    )

    _outcome(clients["prefecture_a"], approach, outcome="hired", seconded_count=3)

    rows, total = funnel_rows()
    assert (_hokkaido(rows)["hired"], total["hired"]) == (3, 3)


def test_the_funnel_counts_people_with_a_constant_number_of_queries(
    clients, person, django_assert_max_num_queries
):
    need = make_need("01")
    approach_outcome(approach=_approach(need, person), by=need.created_by, outcome="hired")
    with django_assert_max_num_queries(20) as few:
        clients["mic"].get(reverse("matching:funnel"))
    # Read now: each request starts a new query log.
    queries = len(few.captured_queries)
    for index in range(3):
        other = make_specialist(status="listed", desired_prefectures=["01"], email=f"o{index}@example.jp")  # fmt: skip
        _talent_hire(clients["prefecture_a"], other)

    with django_assert_max_num_queries(queries):
        page = clients["mic"].get(reverse("matching:funnel"))
    assert page.context["total"]["hired"] == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_hires_of_one_person_in_two_needs_record_one():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers and has no row locks; the race needs PostgreSQL")
    person = make_specialist(status="listed", desired_prefectures=["01"], email="race@example.jp")
    needs = [make_need("01", title=f"募集{index}") for index in range(2)]
    approaches = [_approach(need, person) for need in needs]
    barrier = threading.Barrier(2, timeout=30)
    refused, errors = [], []

    def hire(approach):
        try:
            barrier.wait()
            approach_outcome(approach=approach, by=approach.need.created_by, outcome="hired")
        except MatchingError as error:
            refused.append(str(error))
        except Exception as error:  # every other failure in a thread fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=hire, args=(a,)) for a in approaches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    assert errors == []
    assert len(refused) == 1 and "すでに任用決定として記録されています" in refused[0]
    assert Approach.objects.filter(outcome="hired").count() == 1
    assert funnel_rows()[1]["hired"] == 1


def test_a_need_shows_which_of_its_candidates_the_prefecture_already_hired(clients, person):
    need = make_need("01")
    other = make_specialist(status="listed", desired_prefectures=["01"], name="未任用 太郎")
    _talent_hire(clients["prefecture_a"], person)

    page = clients["prefecture_a"].get(reverse("matching:need", args=[need.pk])).content.decode()

    assert page.count("任用済（北海道）") == 1
    assert other.name in page


@pytest.mark.parametrize("then", ["withdrawn", "erased"])
def test_a_hire_still_counts_after_the_person_withdraws_or_is_erased(clients, person, then):
    """The funnel counts a hire that happened: the person leaving the pool later (or their
    personal data being erased, which keeps the entry's 任用済) does not undo it."""
    from talent.self_service import specialist_erase, specialist_withdraw

    need = make_need("01")
    approach = _approach(need, person)
    _outcome(clients["prefecture_a"], approach, outcome="hired")
    person.refresh_from_db()
    leave = specialist_withdraw if then == "withdrawn" else specialist_erase
    leave(specialist=person, expected_version=person.edit_link_version)

    rows, total = funnel_rows()
    assert (_hokkaido(rows)["hired"], total["hired"]) == (1, 1)
    assert _hokkaido(rows)["days_to_first_hire"] is not None


def test_a_company_hire_recorded_without_a_count_is_one_person(clients):
    """A company 任用決定 stored without seconded_count (before the count was asked) is at least
    the one person it seconds, not none."""
    company = reviewed(
        make_registration(company_name="協力株式会社", email="c@example.jp", dispatch_prefectures=prefectures("01"))
    )  # fmt: skip
    need = make_need("01")
    Approach.objects.create(
        need=need, registration=company, sent_by=need.created_by, outcome="hired"
    )

    assert funnel_rows()[1]["hired"] == 1
