"""What a person may do with their own entry, as every app with self-registered entries runs
it: store it once from the form, then through its personal link (portal.links) change it,
withdraw it, ask for a new link.

An app describes its model, workflow and mails in one SelfService; the rules here are the same
for all. The entry model is a portal.models.SelfServiceEntry with email_key, status (with
RETURNED, RECEIVED and WITHDRAWN) and CLOSED_STATUSES, tracked by django-simple-history. The
app's workflow and mail functions name the entry after its model (`registration=`,
`specialist=`), and its mails of these kinds are called the same in every app.
"""

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Subquery
from django.utils import timezone

from .links import LinkError
from .models import ReconfirmationRequestBase
from .reconfirmation import Reconfirmation
from .retention import Retention
from .text import text_key

EDIT_LINK_MAIL = "edit_link"
WITHDRAWN_MAIL = "withdrawn"
UNUSABLE_MESSAGE = "このリンクは使えなくなりました。最新のメールのリンクを開いてください。"


def _nothing(entry: Any) -> None:
    return None


def _nothing_for(**entry: Any) -> None:
    return None


@dataclass(frozen=True)
class SelfService:
    """One app's self-service entry: which model, workflow, mails and words."""

    # The app's concrete entry model, named by the app: its manager and fields are the app's own
    # (Any), which the common names (entry_field, CLOSED_STATUSES) rely on.
    model: type[Any]
    change_reason: str  # the history reason of the person's own change
    # transition(<entry_field>=entry, to=, by=None, comment=): the app's workflow.
    transition: Callable[..., Any]
    # mail(<entry_field>=entry, kind=, context=, deliver=): store one mail, queue it unless told not to.
    mail: Callable[..., Any]
    answers_apply: Callable[[Any, dict], None]  # the form's answers onto the entry, unsaved
    relations_set: Callable[[Any, dict], None]  # its many-to-many answers, once it is saved
    privacy_notice_version: str
    reconfirmation: Reconfirmation
    retention: Retention  # what erasing the entry clears (portal.retention)
    # Storing a new entry (entry_create), inside its transaction: store(<entry_field>=entry,
    # answers=, reason=) saves the built entry, numbers it and sets its relations as one history
    # entry (+) with the reason.
    store: Callable[..., Any]
    resubmitted_comment: str = ""  # the status change's comment when a 差戻し entry is changed
    withdrawn_comment: str = ""  # the status change's comment on 取下げ, before the reason
    withdrawal_reason_field: str | None = None  # where the reason given is kept, if anywhere
    updated: Callable[[Any], None] = _nothing  # what else a change sets off (a mail it promises)
    # The conflict check (entry_opened_mark): the salt of the mark and the answers it digests.
    opened_salt: str | None = None
    opened_answers: Callable[[Any], dict] | None = None
    # What a new entry sets off, inside the transaction that stores it (entry_create): the
    # receipt mail, and what else the app promises; created(<entry_field>=entry).
    created: Callable[..., Any] = _nothing_for
    created_reason: str = "登録フォームから登録"

    @property
    def entry_field(self) -> str:
        """How the app's workflow and mail functions name the entry ("registration")."""
        return self.model._meta.model_name

    @property
    def closed(self) -> tuple[str, ...]:
        """The statuses no link may change any more (取下げ…)."""
        return self.model.CLOSED_STATUSES


class ChangedByStaff(Exception):
    """The answers changed after the person opened the edit page: nothing was saved."""


def entry_locked(*, service: SelfService, entry: Any, version: int) -> Any:
    """The entry, locked for the transaction; LinkError if it is closed or the link replaced."""
    locked = service.model.objects.select_for_update().get(pk=entry.pk)
    if locked.status in service.closed or locked.edit_link_version != version:
        raise LinkError(UNUSABLE_MESSAGE, entry_id=locked.pk)
    return locked


def _answers_digest(service: SelfService, entry: Any) -> str:
    assert service.opened_answers is not None
    answers = json.dumps(service.opened_answers(entry), sort_keys=True, default=str)
    return hashlib.sha256(answers.encode()).hexdigest()


def _opened_salt(service: SelfService) -> str:
    assert service.opened_salt is not None  # set together with opened_answers
    return service.opened_salt


def entry_opened_mark(*, service: SelfService, entry: Any) -> str:
    """What the edit page carries: the answers it was built from, as a signed digest."""
    return signing.dumps(_answers_digest(service, entry), salt=_opened_salt(service))


def _unchanged_since(service: SelfService, entry: Any, mark: str) -> bool:
    try:
        return signing.loads(mark or "", salt=_opened_salt(service)) == _answers_digest(
            service, entry
        )
    except signing.BadSignature:
        return False


def edit_link_issue(
    *, service: SelfService, entry: Any, changed: bool = False, deliver: bool = True
) -> Any:
    """Make every older link stop working and mail a new one."""
    service.model.objects.filter(pk=entry.pk).update(edit_link_version=F("edit_link_version") + 1)
    entry.refresh_from_db(fields=["edit_link_version"])
    return service.mail(
        **{service.entry_field: entry},
        kind=EDIT_LINK_MAIL,
        context={"changed": changed},
        deliver=deliver,
    )


def edit_links_request(*, service: SelfService, email: str, receipt_number: str = "") -> list:
    """Queue a fresh link for each open entry of this address (and receipt number, if given).

    Returns the queued mails undelivered: the caller sends them after replying
    (portal.mail.DeliverAfterResponse), so that the reply never tells whether the address is known.
    """
    entries = service.model.objects.filter(email_key=text_key(email)).exclude(
        status__in=service.closed
    )
    if receipt_number:
        entries = entries.filter(receipt_number=receipt_number)
    return [edit_link_issue(service=service, entry=entry, deliver=False) for entry in entries]


def entry_update(
    *, service: SelfService, entry: Any, answers: dict, version: int, opened: str | None = None
) -> Any:
    """Apply the person's own change, recorded as one history entry with the app's reason.

    `opened` is the edit page's mark (entry_opened_mark): if the stored answers are no longer the
    ones the page was built from (staff changed them in the admin meanwhile), ChangedByStaff is
    raised and nothing is saved, rather than the person's page undoing the staff's change. None
    skips the check. Changing the answers answers a yearly reconfirmation 変更あり; 差戻し returns
    to 受付; a new link is mailed (older ones stop working).
    """
    Status = service.model.Status
    with transaction.atomic():
        locked = entry_locked(service=service, entry=entry, version=version)
        if opened is not None and not _unchanged_since(service, locked, opened):
            raise ChangedByStaff
        # One history entry for the whole change, however many rows and relations it touches.
        locked.skip_history_when_saving = True
        service.answers_apply(locked, answers)
        if answers.get("privacy_consent"):  # asked again: the privacy notice has changed
            locked.privacy_notice_version = service.privacy_notice_version
            locked.privacy_consented_at = timezone.now()
        locked.save()
        service.relations_set(locked, answers)
        del locked.skip_history_when_saving
        locked._change_reason = service.change_reason
        locked.save(update_fields=["updated_at"])
        service.reconfirmation.answer(entry=locked, answer=ReconfirmationRequestBase.Answer.CHANGED)
        if locked.status == Status.RETURNED:
            service.transition(
                **{service.entry_field: locked},
                to=Status.RECEIVED,
                by=None,
                comment=service.resubmitted_comment,
            )
            locked.refresh_from_db()
        service.updated(locked)
        edit_link_issue(service=service, entry=locked, changed=True)
    return locked


def entry_withdraw(*, service: SelfService, entry: Any, version: int, reason: str = "") -> Any:
    """取下げ at the person's request: off every list at once, nothing deleted."""
    reason = reason.strip()
    with transaction.atomic():
        locked = entry_locked(service=service, entry=entry, version=version)
        if service.withdrawal_reason_field:
            setattr(locked, service.withdrawal_reason_field, reason)
            locked._change_reason = service.change_reason
            locked.save(update_fields=[service.withdrawal_reason_field, "updated_at"])
        service.transition(
            **{service.entry_field: locked},
            to=service.model.Status.WITHDRAWN,
            by=None,
            comment=f"{service.withdrawn_comment}{reason}".strip(),
        )
        locked.refresh_from_db()
        service.mail(**{service.entry_field: locked}, kind=WITHDRAWN_MAIL, context={})
    return locked


def entry_by_submission_token(*, service: SelfService, token: uuid.UUID | str | None) -> Any | None:
    """The entry stored for a confirmed submission, if any: the confirm page finds it when the
    session that held the draft was lost. None for no token, or one that is no UUID."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    return service.model.objects.filter(submission_token=token).first()


def entry_create(*, service: SelfService, answers: dict, submission_token: uuid.UUID) -> Any:
    """Store a new entry from the form's confirmed answers with what it sets off (its receipt
    mail), all or nothing, once per submission token: the same token again (a double click, a
    refreshed confirm page, a concurrent request) returns the entry already stored for it."""
    existing = entry_by_submission_token(service=service, token=submission_token)
    if existing is not None:
        return existing
    entry = service.model(
        submission_token=submission_token,
        privacy_notice_version=service.privacy_notice_version,
        privacy_consented_at=timezone.now(),
    )
    service.answers_apply(entry, answers)
    try:
        with transaction.atomic():
            service.store(
                **{service.entry_field: entry}, answers=answers, reason=service.created_reason
            )
            service.created(**{service.entry_field: entry})
    except IntegrityError:
        # A concurrent request with the same token won the race; theirs is the entry.
        existing = entry_by_submission_token(service=service, token=submission_token)
        if existing is None:
            raise
        return existing
    return entry


def entry_creation_record(*, entry: Any, reason: str) -> None:
    """Record a new entry's first history entry, once the entry and its relations were saved
    with history paused (skip_history_when_saving): one entry, + (created), with every answer."""
    del entry.skip_history_when_saving
    entry._change_reason = reason
    entry.save(update_fields=["updated_at"])
    # django-simple-history calls a save of a stored row a change (~); this one is the creation.
    # Only the row just written is marked (the entry has no other yet: earlier saves skipped it).
    newest = entry.history.order_by("-history_date", "-history_id").values("pk")[:1]
    entry.history.filter(pk__in=Subquery(newest)).update(history_type="+")
