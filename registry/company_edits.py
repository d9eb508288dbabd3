"""What a company does with its own registration: store it from the form, then through its edit
link change it or withdraw it (portal.self_service runs these; this is the registry's declaration
and words)."""

import uuid
from typing import Any

from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from portal import self_service
from portal.models import OutboxMail
from portal.self_service import SelfService

from . import workflow
from .answers import Answers, registration_form_initial
from .mail import mail_queue, receipt_queue, retiree_info_queue
from .models import Registration
from .questions import PREFECTURE_ANSWERS
from .reconfirmation import RECONFIRMATION
from .retention import RETENTION
from .staff_events import registration_listed_event_record
from .submission import PRIVACY_NOTICE_VERSION, registration_apply_answers, registration_insert

COMPANY_CHANGE = "企業・団体による変更"
Status = Registration.Status


def form_data_from_registration(registration: Registration) -> MultiValueDict[str, Any]:
    """The registration as the form would post it, to open the form with every answer filled in
    (the consent is never ticked in advance: registry.views.public asks it only when it is due)."""
    return MultiValueDict(
        {
            name: value if isinstance(value, list) else [value]
            for name, value in registration_form_initial(registration).items()
        }
    )


def _answers_apply(registration: Registration, answers: Answers) -> None:
    registration_apply_answers(registration, answers)
    # 確認済 and 掲載 stay listed but are flagged 「変更あり・要確認」 for MIC.
    if registration.status in (Status.CONFIRMED, Status.PUBLISHED):
        registration.changed_by_company = True


def _prefectures_set(registration: Registration, answers: Answers) -> None:
    for name in PREFECTURE_ANSWERS:
        getattr(registration, name).set(answers[name])


def registration_retiree_info_send(*, registration: Registration) -> OutboxMail | None:
    """The details promised for 周知可能 (Q12), once per registration: when it is stored with that
    answer, or first changed to it."""
    if (
        registration.retiree_outreach != Registration.RetireeOutreach.POSSIBLE
        or registration.retiree_info_sent_at is not None
    ):
        return None
    registration.retiree_info_sent_at = timezone.now()
    # Not save(): the date is no answer, and a save would add an entry to the history.
    Registration.objects.filter(pk=registration.pk).update(
        retiree_info_sent_at=registration.retiree_info_sent_at
    )
    return retiree_info_queue(registration=registration)


def _registration_created(*, registration: Registration) -> None:
    receipt_queue(registration=registration)
    registration_retiree_info_send(registration=registration)


def _updated(registration: Registration) -> None:
    registration_retiree_info_send(registration=registration)  # if Q12 has just become 周知可能
    registration_listed_event_record(registration=registration, edited=True)


SELF_SERVICE = SelfService(
    model=Registration,
    change_reason=COMPANY_CHANGE,
    transition=workflow.registration_transition,
    mail=mail_queue,
    answers_apply=_answers_apply,
    relations_set=_prefectures_set,
    privacy_notice_version=PRIVACY_NOTICE_VERSION,
    reconfirmation=RECONFIRMATION,
    retention=RETENTION,
    resubmitted_comment="企業・団体が登録内容を修正しました。",
    withdrawn_comment="企業・団体が取り下げました。",
    withdrawal_reason_field="withdrawal_reason",
    updated=_updated,
    opened_salt="registry.edit-opened",
    opened_answers=registration_form_initial,
    store=registration_insert,
    created=_registration_created,
)


def registration_create(*, answers: Answers, submission_token: uuid.UUID) -> Registration:
    """Store a registration from RegistrationForm.cleaned_data and queue its receipt mail; the
    same token again returns the registration already stored for it."""
    return self_service.entry_create(
        service=SELF_SERVICE, answers=answers, submission_token=submission_token
    )


def edit_opened_mark(registration: Registration) -> str:
    """What the edit page carries: the answers it was built from, as a signed digest."""
    return self_service.entry_opened_mark(service=SELF_SERVICE, entry=registration)


def registration_company_update(
    *,
    registration: Registration,
    answers: Answers,
    expected_version: int,
    opened: str | None = None,
) -> Registration:
    """Apply a company's own edit (portal.self_service.entry_update): 差戻し returns to 受付;
    確認済 and 掲載 are flagged 「変更あり・要確認」; ChangedByStaff if `opened` is stale."""
    return self_service.entry_update(
        service=SELF_SERVICE,
        entry=registration,
        answers=answers,
        version=expected_version,
        opened=opened,
    )


def registration_company_withdraw(
    *, registration: Registration, reason: str, expected_version: int
) -> Registration:
    """Withdraw (取下げ) at the company's request, keeping its reason."""
    return self_service.entry_withdraw(
        service=SELF_SERVICE, entry=registration, version=expected_version, reason=reason
    )
