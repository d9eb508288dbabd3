"""任期付職員 has a 任期の終了日: required on the hire form and when a nomination is submitted; rows
loaded without one stay as they are and are listed for their prefecture to complete."""

from datetime import date

import pytest
from django.urls import reverse

from accelerators.models import Nomination, NominationTransition
from talent.models import Specialist
from tests.factories import make_appointed, make_nomination, make_specialist

pytestmark = pytest.mark.django_db
MISSING = "任期付職員は任期の終了日を入力してください。"
LIST = reverse("accelerators:list")


def _hire(client, specialist, **data):
    return client.post(
        reverse("talent:staff-hire", args=[specialist.pk]),
        {"employment_type": "fixed_term", "start_date": "2026-04-01", **data},
    )


def test_a_fixed_term_hire_needs_its_end_date(clients):
    specialist = make_specialist(status="listed", desired_prefectures=["01"])

    response = _hire(clients["prefecture_a"], specialist)

    assert response.status_code == 200
    assert MISSING in response.content.decode()
    assert not Nomination.objects.exists()
    assert not Specialist.objects.get(pk=specialist.pk).hired_by_id


def test_a_fixed_term_hire_with_its_end_date_starts_the_nomination_with_it(clients):
    specialist = make_specialist(status="listed", desired_prefectures=["01"])

    _hire(clients["prefecture_a"], specialist, term_end="2028-03-31")

    assert Nomination.objects.get().term_end == date(2028, 3, 31)


def test_a_hire_term_cannot_end_before_it_starts(clients):
    specialist = make_specialist(status="listed", desired_prefectures=["01"])

    response = _hire(clients["prefecture_a"], specialist, term_end="2026-03-31")

    assert "任期の終了日は、任用開始日と同じ日かそれより後の日付にしてください。" in (
        response.content.decode()
    )
    assert not Nomination.objects.exists()


def test_a_hire_term_may_end_on_the_day_it_starts(clients):
    """The rule (and the database constraint) refuse an end before the start, not on it: the
    message says so."""
    specialist = make_specialist(status="listed", desired_prefectures=["01"])

    _hire(clients["prefecture_a"], specialist, term_end="2026-04-01")

    assert Nomination.objects.get().term_end == date(2026, 4, 1)


def test_a_permanent_hire_needs_no_end_date(clients):
    specialist = make_specialist(status="listed", desired_prefectures=["01"])

    _hire(clients["prefecture_a"], specialist, employment_type="permanent")

    assert Nomination.objects.get().term_end is None


def test_the_hire_service_itself_refuses_a_fixed_term_without_end(clients):
    """The rule is the service's, not only the form's."""
    from talent.hiring import HireError, specialist_hire
    from tests.factories import make_prefecture_user

    specialist = make_specialist(status="listed", desired_prefectures=["01"])

    with pytest.raises(HireError, match=MISSING):
        specialist_hire(
            specialist=specialist,
            by=make_prefecture_user("hire-01", "01"),
            employment_type="fixed_term",
            start_date=date(2026, 4, 1),
            term_end=None,
        )
    assert not Nomination.objects.exists()


def test_a_fixed_term_draft_saves_without_end_but_is_not_submitted_without_it(clients):
    nomination = make_nomination("01", employment_type="fixed_term", term_end=None)
    url = reverse("accelerators:transition", args=[nomination.pk])

    response = clients["prefecture_a"].post(url, {"action": "submit"}, follow=True)

    assert MISSING in response.content.decode()
    assert Nomination.objects.get(pk=nomination.pk).status == "draft"
    Nomination.objects.filter(pk=nomination.pk).update(term_end=date(2028, 3, 31))
    clients["prefecture_a"].post(url, {"action": "submit"})
    assert Nomination.objects.get(pk=nomination.pk).status == "submitted"


def test_the_nomination_form_says_the_end_date_is_needed_for_fixed_term(clients):
    html = clients["prefecture_a"].get(reverse("accelerators:create")).content.decode()

    assert "任期の定めがない場合は空欄" not in html
    assert "任期付職員は必須" in html


def test_a_fixed_term_row_without_end_says_so_and_never_no_fixed_term(clients):
    fixed = make_appointed("01", name="任期付　一郎", employment_type="fixed_term")
    permanent = make_appointed("01", name="常勤　二郎", employment_type="permanent")

    fixed_html = clients["prefecture_a"].get(reverse("accelerators:detail", args=[fixed.pk]))
    permanent_html = clients["prefecture_a"].get(
        reverse("accelerators:detail", args=[permanent.pk])
    )

    assert "任期の終了日が未入力" in fixed_html.content.decode()
    assert "任期の定めなし" not in fixed_html.content.decode()
    assert "（任期の定めなし）" in permanent_html.content.decode()


def _bulk_fixed_term(prefecture, name):
    nomination = make_appointed(prefecture, name=name, employment_type="fixed_term")
    Nomination.objects.filter(pk=nomination.pk).update(source=Nomination.Source.BULK)
    return nomination


def test_rows_without_end_are_listed_for_their_prefecture_only(clients):
    ours = _bulk_fixed_term("01", "一括　任期付")
    theirs = _bulk_fixed_term("02", "青森　任期付")
    make_appointed(
        "01", name="完了　任期付", employment_type="fixed_term", term_end=date(2028, 3, 31)
    )
    make_nomination("01", name="下書き　任期付", employment_type="fixed_term")

    html = clients["prefecture_a"].get(LIST).content.decode()

    assert "任期の終了日が未入力の任期付職員" in html
    assert reverse("accelerators:detail", args=[ours.pk]) in html
    assert reverse("accelerators:detail", args=[theirs.pk]) not in html
    section = html.split('id="term-end-missing"')[1].split("</section>")[0]
    assert "一括　任期付" in section
    assert "完了　任期付" not in section and "下書き　任期付" not in section


def test_the_prefecture_completes_a_listed_row_and_it_leaves_the_list(clients):
    nomination = _bulk_fixed_term("01", "一括　任期付")
    url = reverse("accelerators:term-end", args=[nomination.pk])

    response = clients["prefecture_a"].post(url, {"term_end": "2028-03-31"}, follow=True)

    nomination.refresh_from_db()
    assert (nomination.term_end, nomination.status) == (date(2028, 3, 31), "appointed")
    assert "任期の終了日を入力しました" in response.content.decode()
    assert NominationTransition.objects.filter(
        nomination=nomination, comment__contains="任期の終了日"
    ).exists()
    assert 'id="term-end-missing"' not in clients["prefecture_a"].get(LIST).content.decode()


@pytest.mark.parametrize(
    ("who", "value", "status"),
    [
        ("prefecture_b", "2028-03-31", 404),
        ("mic", "2028-03-31", 200),
        ("prefecture_a", "2026-03-31", 200),
        ("prefecture_a", "2101-03-31", 200),
        ("prefecture_a", "", 200),
    ],
)
def test_only_the_prefecture_completes_it_and_with_a_good_date(clients, who, value, status):
    nomination = make_appointed("01", employment_type="fixed_term", start_date=date(2026, 4, 1))
    url = reverse("accelerators:term-end", args=[nomination.pk])

    response = clients[who].post(url, {"term_end": value}, follow=True)

    assert response.status_code == status
    assert Nomination.objects.get(pk=nomination.pk).term_end is None


def test_a_recorded_end_date_is_not_changed_this_way(clients):
    nomination = make_appointed("01", employment_type="fixed_term", term_end=date(2028, 3, 31))
    url = reverse("accelerators:term-end", args=[nomination.pk])

    clients["prefecture_a"].post(url, {"term_end": "2030-03-31"})

    assert Nomination.objects.get(pk=nomination.pk).term_end == date(2028, 3, 31)


def test_the_list_with_rows_to_complete_runs_a_constant_number_of_queries(
    clients, django_assert_max_num_queries
):
    _bulk_fixed_term("01", "一括　任期付1")
    client = clients["prefecture_a"]
    client.get(LIST)  # the session and the role, read once
    with django_assert_max_num_queries(20) as few:
        client.get(LIST)
    for n in range(2, 8):
        _bulk_fixed_term("01", f"一括　任期付{n}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert "（7名）" in response.content.decode()
