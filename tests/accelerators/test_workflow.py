import pytest

from accelerators.models import Nomination
from accelerators.workflow import NominationError, nomination_transition
from tests.factories import make_nomination, make_prefecture_user

pytestmark = pytest.mark.django_db
Status = Nomination.Status


@pytest.fixture
def hokkaido_user():
    return make_prefecture_user("hokkaido", "01")


@pytest.fixture
def aomori_user():
    return make_prefecture_user("aomori", "02")


def _move(nomination, action, by, **details):
    defaults = {"comment": "理由があります。"} if action in ("return", "reject") else {}
    if action == "retire":
        from django.utils import timezone

        defaults = {"end_date": timezone.localdate(), "end_reason": "任期満了"}
    return nomination_transition(
        nomination=nomination, action=action, by=by, **{**defaults, **details}
    )


def _to(status, prefecture_user, mic_user, **nomination_fields):
    nomination = make_nomination(**nomination_fields)
    path = {
        Status.DRAFT: [],
        Status.SUBMITTED: [("submit", prefecture_user)],
        Status.IN_REVIEW: [("submit", prefecture_user), ("review", mic_user)],
        Status.APPOINTED: [
            ("submit", prefecture_user),
            ("review", mic_user),
            ("appoint", mic_user),
        ],
        Status.RETURNED: [("submit", prefecture_user), ("review", mic_user), ("return", mic_user)],
        Status.REJECTED: [("submit", prefecture_user), ("review", mic_user), ("reject", mic_user)],
        Status.RETIRED: [
            ("submit", prefecture_user),
            ("review", mic_user),
            ("appoint", mic_user),
            ("retire", mic_user),
        ],
    }[status]
    for action, by in path:
        _move(nomination, action, by)
    return nomination


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
    nomination = _to(source, hokkaido_user, mic_user)
    by = mic_user if actor == "mic" else hokkaido_user

    record = _move(nomination, action, by)

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
    nomination = _to(source, hokkaido_user, mic_user)

    for by in (hokkaido_user, mic_user):
        with pytest.raises(NominationError):
            _move(nomination, action, by)
    nomination.refresh_from_db()
    assert nomination.status == source


@pytest.mark.parametrize(("source", "action", "actor", "target"), ALLOWED)
def test_moves_by_the_wrong_person_are_refused(
    source, action, actor, target, hokkaido_user, aomori_user, mic_user
):
    nomination = _to(source, hokkaido_user, mic_user)
    wrong = [hokkaido_user, aomori_user] if actor == "mic" else [mic_user, aomori_user]

    for by in wrong:
        with pytest.raises(NominationError, match="だけです"):
            _move(nomination, action, by)
    assert Nomination.objects.get(pk=nomination.pk).status == source


def test_an_ineligible_nomination_cannot_be_submitted(hokkaido_user):
    nomination = make_nomination(experience_years=4)

    with pytest.raises(NominationError, match="実務経験が5年に満たません"):
        _move(nomination, "submit", hokkaido_user)
    assert Nomination.objects.get(pk=nomination.pk).status == Status.DRAFT


def test_the_main_duty_must_be_confirmed(hokkaido_user):
    nomination = make_nomination(main_duty_confirmed=False)

    with pytest.raises(NominationError, match="主たる業務"):
        _move(nomination, "submit", hokkaido_user)


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

    _move(nomination, "submit", hokkaido_user)

    assert nomination.status == Status.SUBMITTED


def test_rule_3_alone_needs_mic_acceptance_to_appoint(hokkaido_user, mic_user):
    nomination = _to(
        Status.IN_REVIEW, hokkaido_user, mic_user, experience_years=0, justification="同等の経歴"
    )

    with pytest.raises(NominationError, match="認めることの確認が必要"):
        _move(nomination, "appoint", mic_user)
    _move(nomination, "appoint", mic_user, accept_equivalence=True)

    assert nomination.status == Status.APPOINTED
    assert nomination.equivalence_accepted_by == mic_user


def test_appointment_gives_a_date_and_a_sequential_number(hokkaido_user, mic_user):
    first = _to(Status.APPOINTED, hokkaido_user, mic_user)
    second = _to(Status.APPOINTED, hokkaido_user, mic_user, name="二人目")

    assert first.appointment_date is not None
    assert first.appointment_number.endswith("-0001")
    assert second.appointment_number.endswith("-0002")


def test_returning_and_rejecting_need_a_comment(hokkaido_user, mic_user):
    nomination = _to(Status.IN_REVIEW, hokkaido_user, mic_user)

    for action in ("return", "reject"):
        with pytest.raises(NominationError, match="理由"):
            _move(nomination, action, mic_user, comment=" ")


def test_retiring_needs_an_end_date_and_reason(hokkaido_user, mic_user):
    nomination = _to(Status.APPOINTED, hokkaido_user, mic_user)

    with pytest.raises(NominationError, match="退任日と退任の理由"):
        _move(nomination, "retire", mic_user, end_reason="")
    _move(nomination, "retire", mic_user)

    assert (nomination.status, nomination.end_reason) == (Status.RETIRED, "任期満了")


def test_a_returned_nomination_is_fixed_and_resubmitted(hokkaido_user, mic_user):
    nomination = _to(Status.RETURNED, hokkaido_user, mic_user)

    _move(nomination, "submit", hokkaido_user)

    assert nomination.status == Status.SUBMITTED
    assert [t.to_status for t in nomination.transitions.order_by("changed_at", "id")] == [
        "submitted", "in_review", "returned", "submitted"
    ]  # fmt: skip


# Separation of duties: whoever created or submitted a nomination never decides on it.


def _mic_colleague(username):
    from portal.roles import MIC_GROUP
    from tests.factories import make_user

    return make_user(username, groups=[MIC_GROUP])


def _now_mic(user):
    """The same person, moved from a prefecture to 総務省 (the membership removed)."""
    from django.contrib.auth.models import Group, User

    from portal.models import PrefectureMembership
    from portal.roles import MIC_GROUP

    PrefectureMembership.objects.filter(user=user).delete()
    user.groups.set([Group.objects.get(name=MIC_GROUP)])
    return User.objects.get(pk=user.pk)  # a fresh object: roles are remembered per object


@pytest.mark.parametrize("action", ["return", "reject", "appoint"])
def test_the_submitter_cannot_decide_on_the_nomination_later_as_mic(action, hokkaido_user):
    colleague = _mic_colleague("mic-colleague")
    nomination = make_nomination()
    _move(nomination, "submit", hokkaido_user)
    _move(nomination, "review", colleague)
    submitter = _now_mic(hokkaido_user)

    with pytest.raises(NominationError, match="ご自身が作成または推薦した推薦は"):
        _move(nomination, action, submitter)
    assert Nomination.objects.get(pk=nomination.pk).status == Status.IN_REVIEW
    _move(nomination, action, colleague)  # another 総務省 member may


def test_the_submitter_cannot_start_the_review(hokkaido_user, mic_user):
    nomination = make_nomination()
    _move(nomination, "submit", hokkaido_user)
    submitter = _now_mic(hokkaido_user)

    with pytest.raises(NominationError, match="別の総務省の職員が行ってください"):
        _move(nomination, "review", submitter)
    _move(nomination, "review", mic_user)

    assert nomination.status == Status.IN_REVIEW


def test_the_creator_cannot_review_even_if_someone_else_submitted(hokkaido_user, mic_user):
    from tests.factories import make_prefecture_user

    creator = make_prefecture_user("creator", "01")
    nomination = make_nomination(by=creator)
    _move(nomination, "submit", hokkaido_user)
    creator = _now_mic(creator)

    with pytest.raises(NominationError, match="ご自身が作成または推薦した推薦は"):
        _move(nomination, "review", creator)
    assert Nomination.objects.get(pk=nomination.pk).status == Status.SUBMITTED


def test_the_author_is_not_offered_the_decisions(hokkaido_user, mic_user):
    from accelerators.workflow import available_actions

    nomination = _to(Status.IN_REVIEW, hokkaido_user, mic_user)
    submitter = _now_mic(hokkaido_user)

    assert available_actions(submitter, nomination) == []
    assert [a for a, _ in available_actions(mic_user, nomination)] == [
        "appoint", "return", "reject"
    ]  # fmt: skip


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
    nomination = _to(Status.IN_REVIEW, hokkaido_user, mic_user)

    _move(nomination, "appoint", mic_user, appointment_date=date(2024, 6, 1))

    assert nomination.appointment_number == "DXA-2024-0008"
    assert AppointmentNumberCounter.objects.get(year=2024).last_number == 8


def test_each_year_has_its_own_sequence(hokkaido_user, mic_user):
    from datetime import date

    numbers = []
    for day in (date(2024, 12, 31), date(2025, 1, 1), date(2024, 6, 1)):
        nomination = _to(Status.IN_REVIEW, hokkaido_user, mic_user)
        _move(nomination, "appoint", mic_user, appointment_date=day)
        numbers.append(nomination.appointment_number)

    assert numbers == ["DXA-2024-0001", "DXA-2025-0001", "DXA-2024-0002"]


def test_the_appointment_date_cannot_lie_in_the_future(hokkaido_user, mic_user):
    from datetime import timedelta

    from django.utils import timezone

    nomination = _to(Status.IN_REVIEW, hokkaido_user, mic_user)
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(NominationError, match="任命日に将来の日付は指定できません"):
        _move(nomination, "appoint", mic_user, appointment_date=tomorrow)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.appointment_number) == (Status.IN_REVIEW, None)
    _move(nomination, "appoint", mic_user, appointment_date=timezone.localdate())
    assert nomination.status == Status.APPOINTED


def test_a_retirement_may_be_scheduled_for_a_later_day(hokkaido_user, mic_user):
    from datetime import timedelta

    from django.utils import timezone

    nomination = _to(Status.APPOINTED, hokkaido_user, mic_user)
    later = timezone.localdate() + timedelta(days=30)

    _move(nomination, "retire", mic_user, end_date=later)

    assert (nomination.status, nomination.end_date) == (Status.RETIRED, later)
    assert nomination.retirement_scheduled and nomination.status_display == "退任予定"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_racing_a_submit_waits_for_it_and_then_refuses():
    """The edit check runs on the locked row: a save that started while the nomination was a
    draft must not overwrite a 推薦 made meanwhile (PostgreSQL, real threads)."""
    import threading
    import time

    from django.db import connection, transaction

    from accelerators.forms import ExperienceFormSet, IpaPassFormSet, NominationForm
    from accelerators.workflow import nomination_save

    if connection.vendor != "postgresql":
        pytest.skip("needs row locks and concurrent transactions (PostgreSQL)")
    user = make_prefecture_user("racer", "01")
    nomination = make_nomination("01", by=user)
    stale = Nomination.objects.get(pk=nomination.pk)
    data = {
        "name": "上書き　太郎",
        "name_kana": "うわがき　たろう",
        "employment_type": "permanent",
        "start_date": "2026-04-01",
        "main_duty_confirmed": "on",
        **{f"{p}-{n}_FORMS": "0" for p in ("experiences", "ipa") for n in ("TOTAL", "INITIAL")},
    }
    locked, errors, outcome = threading.Event(), [], []

    def submit_holding_the_lock():
        try:
            with transaction.atomic():
                Nomination.objects.select_for_update().get(pk=nomination.pk)
                Nomination.objects.filter(pk=nomination.pk).update(
                    status=Nomination.Status.SUBMITTED
                )
                locked.set()
                _wait_until_another_session_waits_for_a_lock()
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    def save_from_the_stale_page():
        try:
            locked.wait(10)
            form = NominationForm(data, instance=stale, prefecture=stale.prefecture)
            experiences = ExperienceFormSet(data, instance=stale, prefix="experiences")
            ipa_passes = IpaPassFormSet(data, instance=stale, prefix="ipa")
            assert form.is_valid() and experiences.is_valid() and ipa_passes.is_valid()
            nomination_save(form=form, experiences=experiences, ipa_passes=ipa_passes, by=user)
            outcome.append("saved")
        except NominationError:
            outcome.append("refused")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    def _wait_until_another_session_waits_for_a_lock():
        with connection.cursor() as cursor:
            for _ in range(200):
                # Inside a transaction the statistics are a snapshot unless cleared each time.
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0]:
                    return
                time.sleep(0.05)
        raise AssertionError("the save never waited for the lock")

    threads = [
        threading.Thread(target=submit_holding_the_lock),
        threading.Thread(target=save_from_the_stale_page),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert (errors, outcome) == ([], ["refused"])
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.SUBMITTED
