"""What a person may do with their own entry through the personal link: change it, withdraw it,
or have their personal data erased (個人情報の消去), leaving only a tombstone."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.links import LinkError

from . import workflow
from .links import CLOSED
from .mail import erased_mail_queue, specialist_mail_queue
from .models import Specialist, SpecialistMail, email_key
from .reconfirmation import Answer, specialist_reconfirmation_answer
from .retention import specialist_personal_data_erase
from .submission import PRIVACY_NOTICE_VERSION, specialist_apply_answers, specialist_set_relations

Status = Specialist.Status
PERSON_CHANGE = "本人による変更"


def _locked(specialist, expected_version):
    locked = Specialist.objects.select_for_update().get(pk=specialist.pk)
    if locked.status in CLOSED or locked.edit_link_version != expected_version:
        raise LinkError(
            "このリンクは使えなくなりました。最新のメールのリンクを開いてください。",
            entry_id=locked.pk,
        )
    return locked


def edit_link_issue(*, specialist, changed=False, deliver=True):
    """Make every older link stop working and mail a new one."""
    Specialist.objects.filter(pk=specialist.pk).update(edit_link_version=F("edit_link_version") + 1)
    specialist.refresh_from_db(fields=["edit_link_version"])
    return specialist_mail_queue(
        specialist=specialist,
        kind=SpecialistMail.Kind.EDIT_LINK,
        context={"changed": changed},
        deliver=deliver,
    )


def edit_links_request(*, email):
    """Queue a fresh link for each open entry of this address, undelivered: the caller sends
    them after replying, so that the reply never tells whether the address is known."""
    specialists = Specialist.objects.filter(email_key=email_key(email)).exclude(status__in=CLOSED)
    return [edit_link_issue(specialist=specialist, deliver=False) for specialist in specialists]


def specialist_update(*, specialist, answers, expected_version):
    """Apply the person's own change: 差戻し returns to 受付, and a new link is mailed."""
    with transaction.atomic():
        locked = _locked(specialist, expected_version)
        locked.skip_history_when_saving = True
        specialist_apply_answers(locked, answers)
        if answers.get("privacy_consent"):  # asked again: the privacy notice has changed
            locked.privacy_notice_version = PRIVACY_NOTICE_VERSION
            locked.privacy_consented_at = timezone.now()
        locked.save()
        specialist_set_relations(locked, answers)
        del locked.skip_history_when_saving
        locked._change_reason = PERSON_CHANGE
        locked.save()
        # Changing the answers confirms them: a yearly reconfirmation is answered 変更あり.
        specialist_reconfirmation_answer(specialist=locked, answer=Answer.CHANGED)
        if locked.status == Status.RETURNED:
            workflow.specialist_transition(specialist=locked, to=Status.RECEIVED, by=None)
            locked.refresh_from_db()
        edit_link_issue(specialist=locked, changed=True)
    return locked


def specialist_withdraw(*, specialist, expected_version):
    """取下げ at the person's request: no prefecture sees the entry any more."""
    with transaction.atomic():
        locked = _locked(specialist, expected_version)
        workflow.specialist_transition(specialist=locked, to=Status.WITHDRAWN, by=None)
        locked.refresh_from_db()
        specialist_mail_queue(specialist=locked, kind=SpecialistMail.Kind.WITHDRAWN)
    return locked


def specialist_erase(*, specialist, expected_version=None):
    """Erase the personal data of an entry at the person's request (talent.retention says what
    goes and what stays). A last mail confirms the erasure; its address is blanked once it has
    been tried."""
    with transaction.atomic():
        locked = (
            _locked(specialist, expected_version)
            if expected_version is not None
            else Specialist.objects.select_for_update().get(pk=specialist.pk)
        )
        address = locked.email
        specialist_personal_data_erase(specialist=locked, now=timezone.now())
        if address:
            erased_mail_queue(specialist=locked, address=address)
    return locked
