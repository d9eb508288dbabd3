"""What a person may do with their own entry: store it from the form, then through the personal
link change it, withdraw it (portal.self_service runs these; this is talent's declaration), or
have their personal data erased (個人情報の消去), leaving only a tombstone."""

import uuid

from django.db import transaction
from django.utils import timezone

from portal import self_service
from portal.retention import entries_erase
from portal.self_service import SelfService

from . import workflow
from .answers import Answers
from .mail import erased_mail_queue, receipt_queue, specialist_mail_queue
from .models import Specialist
from .reconfirmation import RECONFIRMATION
from .retention import RETENTION
from .staff_events import specialist_listed_event_record
from .submission import (
    PRIVACY_NOTICE_VERSION,
    specialist_apply_answers,
    specialist_insert,
    specialist_set_relations,
)

PERSON_CHANGE = "本人による変更"


def _updated(specialist: Specialist) -> None:
    # The prefectures an edit adds hear of the person (portal.notifications).
    specialist_listed_event_record(specialist=specialist, edited=True)


SELF_SERVICE = SelfService(
    model=Specialist,
    change_reason=PERSON_CHANGE,
    transition=workflow.specialist_transition,
    mail=specialist_mail_queue,
    answers_apply=specialist_apply_answers,
    relations_set=specialist_set_relations,
    privacy_notice_version=PRIVACY_NOTICE_VERSION,
    reconfirmation=RECONFIRMATION,
    store=specialist_insert,
    created=receipt_queue,
    retention=RETENTION,
    updated=_updated,
)


def specialist_create(*, answers: Answers, submission_token: uuid.UUID) -> Specialist:
    """Store an entry and queue its receipt mail; the same token again returns the same entry."""
    return self_service.entry_create(
        service=SELF_SERVICE, answers=answers, submission_token=submission_token
    )


def specialist_update(
    *, specialist: Specialist, answers: Answers, expected_version: int
) -> Specialist:
    """Apply the person's own change (portal.self_service.entry_update): 差戻し returns to 受付,
    and a new link is mailed."""
    return self_service.entry_update(
        service=SELF_SERVICE, entry=specialist, answers=answers, version=expected_version
    )


def specialist_withdraw(*, specialist: Specialist, expected_version: int) -> Specialist:
    """取下げ at the person's request: no prefecture sees the entry any more."""
    return self_service.entry_withdraw(
        service=SELF_SERVICE, entry=specialist, version=expected_version
    )


def specialist_erase(*, specialist: Specialist, expected_version: int | None = None) -> Specialist:
    """Erase the personal data of an entry at the person's request (talent.retention says what
    goes and what stays). A last mail confirms the erasure; its address is blanked once it has
    been tried."""
    with transaction.atomic():
        locked = (
            self_service.entry_locked(
                service=SELF_SERVICE, entry=specialist, version=expected_version
            )
            if expected_version is not None
            else Specialist.objects.select_for_update().get(pk=specialist.pk)
        )
        address = locked.email
        entries_erase(retention=SELF_SERVICE.retention, pks=[locked.pk], now=timezone.now())
        locked.refresh_from_db()
        if address:
            erased_mail_queue(specialist=locked, address=address)
    return locked
