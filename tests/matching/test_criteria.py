"""Matching: counts first, which criterion narrows most, and the ranked lists with reasons."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from matching import criteria
from registry.models import Registration
from talent.models import Specialist
from tests.factories import make_need, make_registration, make_specialist, prefectures, reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool():
    """Companies and people that 北海道 may see, meeting a need's criteria in different ways."""
    return {
        "company_both": reviewed(
            make_registration(
                company_name="両方合う", email="c1@example.jp", dispatch_prefectures=prefectures("01"),
                work_styles=["work_part_time"], periods=["period_1_to_3_years"],
            )
        ),
        "company_style": reviewed(
            make_registration(
                company_name="勤務形態だけ", email="c2@example.jp", dispatch_scope=["dispatch_nationwide"],
                dispatch_prefectures=[], work_styles=["work_full_time"], periods=["period_over_3_years"],
            )
        ),
        "company_none": reviewed(
            make_registration(
                company_name="どちらも合わない", email="c3@example.jp", dispatch_scope=["dispatch_undecided"],
                dispatch_prefectures=[], work_styles=["work_full_time"], periods=["period_under_1_year"],
            ),
        ),
        "company_elsewhere": reviewed(
            make_registration(company_name="東京だけ", email="c4@example.jp", dispatch_prefectures=prefectures("13"))
        ),
        "person_all": make_specialist(status="listed", name="全部 合う", email="p1@example.jp",
                                      desired_prefectures=["01"], specialties=["front_yard"]),
        "person_late": make_specialist(status="listed", name="開始 遅い", email="p2@example.jp",
                                       desired_scope=["desires_anywhere"], desired_prefectures=None,
                                       start="month", start_month="2028-01", specialties=["front_yard"]),
        "person_unlisted": make_specialist(status="confirmed", name="未掲載", email="p3@example.jp",
                                           desired_prefectures=["01"]),
    }  # fmt: skip


def test_the_counts_come_with_what_each_criterion_leaves_out(pool):
    need = make_need("01", wants_fixed_term=True, wants_part_time=True, specialties=["front_yard"])

    companies = criteria.counts(criteria.company_pool(need), criteria.company_criteria(need))
    people = criteria.counts(criteria.people_pool(need), criteria.people_criteria(need))

    assert (companies.total, companies.matching) == (3, 1)
    assert [(c.name, met, out) for c, met, out in companies.per_criterion] == [
        ("work_style", 3, 0),
        ("period", 1, 2),
    ]
    assert companies.narrowest.name == "period"
    assert (people.total, people.matching) == (2, 1)
    assert people.narrowest.name == "start"


def test_the_ranked_lists_put_the_best_matches_first_with_their_reasons(pool):
    need = make_need("01", wants_fixed_term=False, wants_part_time=True, specialties=["front_yard"])
    company_criteria = criteria.company_criteria(need)

    rows = list(
        criteria.ranked(
            criteria.company_pool(need), company_criteria, need=need, target="registration"
        )
    )

    assert [row.company_name for row in rows] == ["両方合う", "勤務形態だけ", "どちらも合わない"]
    assert [criteria.reasons(row, company_criteria) for row in rows] == [
        "勤務形態が一致、期間が一致",
        "―",
        "―",
    ]
    assert [row.score for row in rows] == [2, 0, 0]


def test_a_need_with_no_match_is_still_saved_and_shown(clients):
    need = make_need("01", specialties=["el_qr"], by=None)

    page = clients["prefecture_a"].get(reverse("matching:need", args=[need.pk]))

    assert page.status_code == 200
    assert page.context["companies"]["counts"].matching == 0
    assert page.context["people"]["counts"].total == 0


def test_another_prefecture_and_unreviewed_entries_are_outside_the_pool(pool):
    need = make_need("01")

    companies = {r.company_name for r in criteria.company_pool(need)}
    people = {s.name for s in criteria.people_pool(need)}

    assert "東京だけ" not in companies
    assert "未掲載" not in people


def test_a_person_hired_by_another_prefecture_leaves_the_pool(pool, clients):
    need = make_need("01")
    person = pool["person_late"]
    person.hired_by_id = "13"
    person.save()

    assert person not in criteria.people_pool(need)


def test_the_need_page_runs_a_constant_number_of_queries(
    clients, pool, django_assert_max_num_queries
):
    need = make_need("01", specialties=["front_yard"])
    url = reverse("matching:need", args=[need.pk])
    with django_assert_max_num_queries(40) as few:
        clients["prefecture_a"].get(url)
    for index in range(15):
        reviewed(
            make_registration(
                company_name=f"追加{index}",
                email=f"x{index}@example.jp",
                dispatch_prefectures=prefectures("01"),
            )
        )
        make_specialist(status="listed", name=f"追加 {index}", email=f"y{index}@example.jp")

    with django_assert_max_num_queries(len(few.captured_queries)):
        clients["prefecture_a"].get(url)


def _registered_on(model, row, moment):
    # 登録日時 is not editable in the app; an import keeps an older answer's date.
    model.objects.filter(pk=row.pk).update(created_at=moment)


def test_equal_scores_come_out_oldest_registration_first_then_by_id():
    """「同数なら登録の古い順」: an older entry with a higher id (imported) comes first."""
    need = make_need("01")
    same = {"dispatch_prefectures": prefectures("01")}
    companies = [
        reviewed(make_registration(company_name=name, email=f"c{index}@example.jp", **same))
        for index, name in enumerate(["新しい株式会社A", "新しい株式会社B", "取込み株式会社"])
    ]
    people = [
        make_specialist(status="listed", name=name, email=f"p{index}@example.jp", desired_prefectures=["01"])
        for index, name in enumerate(["新しい 一", "新しい 二", "古い 三"])
    ]  # fmt: skip
    moment = datetime(2026, 1, 5, tzinfo=UTC)
    for model, rows in [(Registration, companies), (Specialist, people)]:
        for row in rows[:2]:
            _registered_on(model, row, moment)
        _registered_on(model, rows[2], datetime(2025, 5, 1, tzinfo=UTC))

    ranked_companies = criteria.ranked(
        criteria.company_pool(need),
        criteria.company_criteria(need),
        need=need,
        target="registration",
    )
    ranked_people = criteria.ranked(
        criteria.people_pool(need), criteria.people_criteria(need), need=need, target="specialist"
    )

    assert len({row.score for row in ranked_companies}) == 1
    assert [row.company_name for row in ranked_companies] == [
        "取込み株式会社",
        "新しい株式会社A",
        "新しい株式会社B",
    ]
    assert len({row.score for row in ranked_people}) == 1
    assert [row.name for row in ranked_people] == ["古い 三", "新しい 一", "新しい 二"]


def test_the_counts_take_one_query_whatever_the_criteria(pool, django_assert_num_queries):
    need = make_need("01", wants_permanent=True, wants_part_time=True, specialties=["front_yard"])
    company_criteria = criteria.company_criteria(need)
    people_criteria = criteria.people_criteria(need)
    company_pool, people_pool = criteria.company_pool(need), criteria.people_pool(need)

    with django_assert_num_queries(1):
        companies = criteria.counts(company_pool, company_criteria)
    with django_assert_num_queries(1):
        criteria.counts(people_pool, people_criteria)

    assert (companies.total, companies.matching) == (3, 1)


def test_matching_names_no_field_of_registrys_questions():
    """The companies' criteria go through registry's named query (Registration.offers), so a
    renamed option of 問9 or 問11 cannot leave matching counting a field that is gone."""
    import ast
    from pathlib import Path

    fields = {
        field.name
        for field in Registration._meta.get_fields()
        if field.name.startswith(("work_", "period_"))
    }
    source = Path(criteria.__file__).read_text(encoding="utf-8")
    strings = {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    keywords = {node.arg for node in ast.walk(ast.parse(source)) if isinstance(node, ast.keyword)}

    assert len(fields) == 6
    assert (strings | keywords) & fields == set()
