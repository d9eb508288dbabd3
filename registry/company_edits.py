"""What a company may do with its own registration through its edit link: change it, withdraw it."""

import hashlib
import json

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from portal.links import LinkError

from . import workflow
from .answers import registration_form_initial
from .duplicates import email_key
from .history import history_pause, history_record
from .links import CLOSED
from .mail import mail_queue, retiree_info_queue, withdrawn_queue
from .models import OutgoingMail, ReconfirmationRequest, Registration
from .public_list import public_list_changed
from .questions import PREFECTURE_ANSWERS
from .reconfirmation import reconfirmation_answer
from .submission import PRIVACY_NOTICE_VERSION, registration_apply_answers

COMPANY_CHANGE = "企業・団体による変更"
Status = Registration.Status


def form_data_from_registration(registration):
    """The registration as the form would post it, to open the form with every answer filled in
    (the consent is never ticked in advance: registry.views asks it only when it is due)."""
    return MultiValueDict(
        {
            name: value if isinstance(value, list) else [value]
            for name, value in registration_form_initial(registration).items()
        }
    )


def _locked(registration, expected_version):
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status in CLOSED or locked.edit_link_version != expected_version:
        raise LinkError(
            "このリンクは使えなくなりました。最新のメールのリンクを開いてください。",
            entry_id=locked.pk,
        )
    return locked


OPENED_SALT = "registry.edit-opened"


def _answers_digest(registration):
    answers = json.dumps(registration_form_initial(registration), sort_keys=True, default=str)
    return hashlib.sha256(answers.encode()).hexdigest()


def edit_opened_mark(registration):
    """What the edit page carries: the answers it was built from, as a signed digest."""
    return signing.dumps(_answers_digest(registration), salt=OPENED_SALT)


def _unchanged_since(registration, mark):
    try:
        return signing.loads(mark or "", salt=OPENED_SALT) == _answers_digest(registration)
    except signing.BadSignature:
        return False


class ChangedByStaff(Exception):
    """The answers changed after the company opened its edit page: nothing was saved."""


def registration_company_update(*, registration, answers, expected_version, opened=None):
    """Apply a company's own edit: recorded as its change, and with the review state it implies.

    `opened` is the edit page's mark (edit_opened_mark): if the stored answers are no longer
    the ones the page was built from (総務省 staff changed them in the admin meanwhile),
    ChangedByStaff is raised and nothing is saved, rather than the company's page undoing the
    staff's change. Status changes do not count. None skips the check (callers that start from
    the current answers).

    差戻し returns to 受付; 確認済 and 掲載 stay listed but are flagged 「変更あり・要確認」 for MIC.
    A new link is mailed (older ones stop working), and the retiree-outreach details if Q12 has
    just become 周知可能.
    """
    with transaction.atomic():
        locked = _locked(registration, expected_version)
        if opened is not None and not _unchanged_since(locked, opened):
            raise ChangedByStaff
        history_pause(locked)
        registration_apply_answers(locked, answers)
        if answers.get("privacy_consent"):  # asked again: the privacy notice has changed
            locked.privacy_notice_version = PRIVACY_NOTICE_VERSION
            locked.privacy_consented_at = timezone.now()
        if locked.status in (Status.CONFIRMED, Status.PUBLISHED):
            locked.changed_by_company = True
        locked.save()
        for name in PREFECTURE_ANSWERS:
            getattr(locked, name).set(answers[name])
        history_record(locked, reason=COMPANY_CHANGE)
        if locked.status == Status.PUBLISHED:
            public_list_changed()  # a published entry shows its new answers at once
        # Changing the answers confirms them: a yearly reconfirmation is answered 変更あり.
        reconfirmation_answer(registration=locked, answer=ReconfirmationRequest.Answer.CHANGED)
        if locked.status == Status.RETURNED:
            workflow.registration_transition(
                registration=locked,
                to=Status.RECEIVED,
                by=None,
                comment="企業・団体が登録内容を修正しました。",
            )
            locked.refresh_from_db()
        retiree_info_queue(registration=locked)
        edit_link_issue(registration=locked, changed=True)
    return locked


def registration_company_withdraw(*, registration, reason, expected_version):
    """Withdraw (取下げ) at the company's request: off every list at once, nothing deleted."""
    with transaction.atomic():
        locked = _locked(registration, expected_version)
        locked.withdrawal_reason = reason.strip()
        locked._change_reason = COMPANY_CHANGE
        locked.save(update_fields=["withdrawal_reason", "updated_at"])
        workflow.registration_transition(
            registration=locked,
            to=Status.WITHDRAWN,
            by=None,
            comment=f"企業・団体が取り下げました。{reason.strip()}".strip(),
        )
        locked.refresh_from_db()
        withdrawn_queue(registration=locked)
    return locked


def edit_link_issue(*, registration, changed=False, deliver=True):
    """Make every older link stop working and mail a new one."""
    Registration.objects.filter(pk=registration.pk).update(
        edit_link_version=F("edit_link_version") + 1
    )
    registration.refresh_from_db(fields=["edit_link_version"])
    return mail_queue(
        registration=registration,
        kind=OutgoingMail.Kind.EDIT_LINK,
        context={"changed": changed},
        deliver=deliver,
    )


def edit_links_request(*, email, receipt_number=""):
    """Queue a fresh link for each open registration of this address (and receipt number).

    Returns the queued mails undelivered: the caller sends them after replying (portal.mail.DeliverAfterResponse).
    """
    registrations = Registration.objects.filter(email_key=email_key(email)).exclude(
        status__in=CLOSED
    )
    if receipt_number:
        registrations = registrations.filter(receipt_number=receipt_number)
    return [
        edit_link_issue(registration=registration, deliver=False) for registration in registrations
    ]
