import pytest

from accelerators.models import Nomination
from accelerators.workflow import NominationError
from tests.accelerators.helpers import move, nomination_in
from tests.factories import make_nomination

pytestmark = pytest.mark.django_db
Status = Nomination.Status


ALLOWED = [
    (Status.DRAFT, "submit", "prefecture", Status.SUBMITTED),
    (Status.RETURNED, "submit", "prefecture", Status.SUBMITTED),
    (Status.SUBMITTED, "review", "mic", Status.IN_REVIEW),
    (Status.IN_REVIEW, "appoint", "mic", Status.APPOINTED),
    (Status.IN_REVIEW, "return", "mic", Status.RETURNED),
    (Status.IN_REVIEW, "reject", "mic", Status.REJECTED),
    (Status.APPOINTED, "retire", "mic", Status.RETIRED),
]
ACTIONS = ["submit", "review", "appoint", "return", "reject", "retire"]


@pytest.mark.parametrize(("source", "action", "actor", "target"), ALLOWED)
def test_allowed_moves_are_made_and_recorded(
    source, action, actor, target, hokkaido_user, mic_user
):
    nomination = nomination_in(source, hokkaido_user, mic_user)
    by = mic_user if actor == "mic" else hokkaido_user

    record = move(nomination, action, by)

    assert nomination.status == target
    assert (record.from_status, record.to_status, record.changed_by) == (source, target, by)


@pytest.mark.parametrize(
    ("source", "action"),
    [
        (s, a)
        for s in Status
        for a in ACTIONS
        if not any(row[0] == s and row[1] == a for row in ALLOWED)
    ],
)
def test_moves_from_the_wrong_state_are_refused(source, action, hokkaido_user, mic_user):
    nomination = nomination_in(source, hokkaido_user, mic_user)

    for by in (hokkaido_user, mic_user):
        with pytest.raises(NominationError):
            move(nomination, action, by)
    nomination.refresh_from_db()
    assert nomination.status == source


@pytest.mark.parametrize(("source", "action", "actor", "target"), ALLOWED)
def test_moves_by_the_wrong_person_are_refused(
    source, action, actor, target, hokkaido_user, aomori_user, mic_user
):
    nomination = nomination_in(source, hokkaido_user, mic_user)
    wrong = [hokkaido_user, aomori_user] if actor == "mic" else [mic_user, aomori_user]

    for by in wrong:
        with pytest.raises(NominationError, match="だけです"):
            move(nomination, action, by)
    assert Nomination.objects.get(pk=nomination.pk).status == source


def test_an_ineligible_nomination_cannot_be_submitted(hokkaido_user):
    nomination = make_nomination(experience_years=4)

    with pytest.raises(NominationError, match="実務経験が5年に満たません"):
        move(nomination, "submit", hokkaido_user)
    assert Nomination.objects.get(pk=nomination.pk).status == Status.DRAFT


def test_the_main_duty_must_be_confirmed(hokkaido_user):
    nomination = make_nomination(main_duty_confirmed=False)

    with pytest.raises(NominationError, match="主たる業務"):
        move(nomination, "submit", hokkaido_user)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"experience_years": 0, "exams": ["SC"]}, True),
        ({"experience_years": 0, "justification": "同等の経歴"}, True),
        ({"experience_years": 5}, True),
    ],
)
def test_each_rule_allows_submission(fields, expected, hokkaido_user):
    nomination = make_nomination(**fields)

    move(nomination, "submit", hokkaido_user)

    assert nomination.status == Status.SUBMITTED


def test_rule_3_alone_needs_mic_acceptance_to_appoint(hokkaido_user, mic_user):
    nomination = nomination_in(
        Status.IN_REVIEW, hokkaido_user, mic_user, experience_years=0, justification="同等の経歴"
    )

    with pytest.raises(NominationError, match="認めることの確認が必要"):
        move(nomination, "appoint", mic_user)
    move(nomination, "appoint", mic_user, accept_equivalence=True)

    assert nomination.status == Status.APPOINTED
    assert nomination.equivalence_accepted_by == mic_user


def test_appointment_gives_a_date_and_a_sequential_number(hokkaido_user, mic_user):
    first = nomination_in(Status.APPOINTED, hokkaido_user, mic_user)
    second = nomination_in(Status.APPOINTED, hokkaido_user, mic_user, name="二人目")

    assert first.appointment_date is not None
    assert first.appointment_number.endswith("-0001")
    assert second.appointment_number.endswith("-0002")


def test_returning_and_rejecting_need_a_comment(hokkaido_user, mic_user):
    nomination = nomination_in(Status.IN_REVIEW, hokkaido_user, mic_user)

    for action in ("return", "reject"):
        with pytest.raises(NominationError, match="理由"):
            move(nomination, action, mic_user, comment=" ")


def test_retiring_needs_an_end_date_and_reason(hokkaido_user, mic_user):
    nomination = nomination_in(Status.APPOINTED, hokkaido_user, mic_user)

    with pytest.raises(NominationError, match="退任日と退任の理由"):
        move(nomination, "retire", mic_user, end_reason="")
    move(nomination, "retire", mic_user)

    assert (nomination.status, nomination.end_reason) == (Status.RETIRED, "任期満了")


def test_a_returned_nomination_is_fixed_and_resubmitted(hokkaido_user, mic_user):
    nomination = nomination_in(Status.RETURNED, hokkaido_user, mic_user)

    move(nomination, "submit", hokkaido_user)

    assert nomination.status == Status.SUBMITTED
    assert [t.to_status for t in nomination.transitions.order_by("changed_at", "id")] == [
        "submitted", "in_review", "returned", "submitted"
    ]  # fmt: skip


# Separation of duties: whoever created or submitted a nomination never decides on it.


# Appointment numbers and dates.


def test_appointment_numbers_continue_after_numbers_made_outside_the_counter(
    hokkaido_user, mic_user
):
    from datetime import date

    from accelerators.models import AppointmentNumberCounter

    existing = make_nomination(name="取り込み済み")
    Nomination.objects.filter(pk=existing.pk).update(
        status=Status.APPOINTED,
        appointment_date=date(2024, 5, 1),
        appointment_number="DXA-2024-0007",
    )
    nomination = nomination_in(Status.IN_REVIEW, hokkaido_user, mic_user)

    move(nomination, "appoint", mic_user, appointment_date=date(2024, 6, 1))

    assert nomination.appointment_number == "DXA-2024-0008"
    assert AppointmentNumberCounter.objects.get(year=2024).last_number == 8


def test_each_year_has_its_own_sequence(hokkaido_user, mic_user):
    from datetime import date

    numbers = []
    for day in (date(2024, 12, 31), date(2025, 1, 1), date(2024, 6, 1)):
        nomination = nomination_in(Status.IN_REVIEW, hokkaido_user, mic_user)
        move(nomination, "appoint", mic_user, appointment_date=day)
        numbers.append(nomination.appointment_number)

    assert numbers == ["DXA-2024-0001", "DXA-2025-0001", "DXA-2024-0002"]


def test_the_appointment_date_cannot_lie_in_the_future(hokkaido_user, mic_user):
    from datetime import timedelta

    from django.utils import timezone

    nomination = nomination_in(Status.IN_REVIEW, hokkaido_user, mic_user)
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(NominationError, match="任命日に将来の日付は指定できません"):
        move(nomination, "appoint", mic_user, appointment_date=tomorrow)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.appointment_number) == (Status.IN_REVIEW, None)
    move(nomination, "appoint", mic_user, appointment_date=timezone.localdate())
    assert nomination.status == Status.APPOINTED


def test_a_retirement_may_be_scheduled_for_a_later_day(hokkaido_user, mic_user):
    from datetime import timedelta

    from django.utils import timezone

    nomination = nomination_in(Status.APPOINTED, hokkaido_user, mic_user)
    later = timezone.localdate() + timedelta(days=30)

    move(nomination, "retire", mic_user, end_date=later)

    assert (nomination.status, nomination.end_date) == (Status.RETIRED, later)
    assert nomination.retirement_scheduled and nomination.status_display == "退任予定"
