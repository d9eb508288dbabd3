import pytest
from django.core import mail

from registry import workflow
from registry.models import OutgoingMail, Registration
from tests.factories import make_registration

pytestmark = pytest.mark.django_db
Status = Registration.Status

ALLOWED_MOVES = [
    (Status.RECEIVED, Status.CONFIRMED),
    (Status.CONFIRMED, Status.PUBLISHED),
    (Status.RECEIVED, Status.RETURNED),
    (Status.CONFIRMED, Status.RETURNED),
    (Status.RETURNED, Status.RECEIVED),
    *[(source, Status.WITHDRAWN) for source in Status if source != Status.WITHDRAWN],
    *[(source, Status.DUPLICATE) for source in Status if source != Status.DUPLICATE],
]
REFUSED_MOVES = [
    (source, target)
    for source in Status
    for target in Status
    if source != target and (source, target) not in ALLOWED_MOVES
]


def _in_state(status, mic_user):
    """A registration brought to `status` the way staff would get it there."""
    registration = make_registration()
    kept = make_registration(company_name="残す株式会社")
    path = {
        Status.RECEIVED: [],
        Status.CONFIRMED: [Status.CONFIRMED],
        Status.PUBLISHED: [Status.CONFIRMED, Status.PUBLISHED],
        Status.RETURNED: [Status.RETURNED],
        Status.WITHDRAWN: [Status.WITHDRAWN],
        Status.DUPLICATE: [Status.DUPLICATE],
    }[status]
    for step in path:
        _move(registration, step, mic_user, kept)
    return registration, kept


def _move(registration, to, by, kept):
    return workflow.registration_transition(
        registration=registration,
        to=to,
        by=by,
        comment="問8をご確認ください。" if to == Status.RETURNED else "",
        duplicate_of=kept if to == Status.DUPLICATE else None,
    )


@pytest.mark.parametrize(("source", "target"), ALLOWED_MOVES)
def test_allowed_moves_change_the_state_and_are_recorded(source, target, mic_user):
    registration, kept = _in_state(source, mic_user)

    change = _move(registration, target, mic_user, kept)

    registration.refresh_from_db()
    assert registration.status == target
    assert (change.from_status, change.to_status, change.changed_by) == (source, target, mic_user)
    assert change.changed_at is not None
    assert registration.status_changes.first() == change


@pytest.mark.parametrize(("source", "target"), REFUSED_MOVES)
def test_refused_moves_change_nothing(source, target, mic_user):
    registration, kept = _in_state(source, mic_user)
    changes_before = registration.status_changes.count()

    with pytest.raises(workflow.TransitionError, match="には変更できません"):
        _move(registration, target, mic_user, kept)

    registration.refresh_from_db()
    assert registration.status == source
    assert registration.status_changes.count() == changes_before


def test_returning_needs_a_message(mic_user):
    registration = make_registration()

    with pytest.raises(workflow.TransitionError, match="連絡事項"):
        workflow.registration_transition(
            registration=registration, to=Status.RETURNED, by=mic_user, comment="  "
        )
    assert Registration.objects.get(pk=registration.pk).status == Status.RECEIVED


def test_returning_mails_the_message_to_the_company(mic_user, django_capture_on_commit_callbacks):
    registration = make_registration()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.registration_transition(
            registration=registration,
            to=Status.RETURNED,
            by=mic_user,
            comment="問15のURLが開けません。",
        )

    assert [message.to for message in mail.outbox] == [[registration.email]]
    assert "問15のURLが開けません。" in mail.outbox[0].body
    assert registration.receipt_number in mail.outbox[0].subject
    assert OutgoingMail.objects.get(kind=OutgoingMail.Kind.RETURNED).sent_at is not None


def test_duplicate_needs_the_kept_registration(mic_user):
    registration = make_registration()

    with pytest.raises(workflow.TransitionError, match="残す登録"):
        workflow.registration_transition(
            registration=registration, to=Status.DUPLICATE, by=mic_user
        )
    with pytest.raises(workflow.TransitionError, match="そのもの"):
        workflow.registration_transition(
            registration=registration, to=Status.DUPLICATE, by=mic_user, duplicate_of=registration
        )


def test_duplicate_points_at_the_kept_registration(mic_user):
    registration, kept = _in_state(Status.RECEIVED, mic_user)

    _move(registration, Status.DUPLICATE, mic_user, kept)

    assert Registration.objects.get(pk=registration.pk).duplicate_of == kept


def test_bulk_moves_are_all_or_nothing(mic_user):
    received = make_registration()
    published, _ = _in_state(Status.PUBLISHED, mic_user)

    with pytest.raises(workflow.TransitionError):
        workflow.registrations_transition(
            registrations=[received, published], to=Status.CONFIRMED, by=mic_user
        )

    assert Registration.objects.get(pk=received.pk).status == Status.RECEIVED
