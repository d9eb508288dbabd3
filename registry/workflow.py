"""The review workflow of a registration: which moves are allowed, and making them.

受付 → 確認済 → 掲載 (the company is told, once); 受付/確認済 → 差戻し (with a message mailed to
the company); 差戻し → 受付 (the company corrected it); any → 取下げ; any → 重複 (pointing at the
kept one).
"""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction

from portal.mail_texts import mail_texts_held

from .mail import published_queue, returned_queue
from .models import Registration, StatusChange
from .staff_events import registration_moved_event_record

Status = Registration.Status

ALLOWED = {
    Status.RECEIVED: {Status.CONFIRMED, Status.RETURNED},
    Status.CONFIRMED: {Status.PUBLISHED, Status.RETURNED},
    Status.RETURNED: {Status.RECEIVED},
    Status.PUBLISHED: set(),
    Status.WITHDRAWN: set(),
    Status.DUPLICATE: set(),
}
# 取下げ and 重複 can be reached from every other state.
for _status, _targets in ALLOWED.items():
    _targets.update({Status.WITHDRAWN, Status.DUPLICATE} - {_status})


class TransitionError(Exception):
    """A move the workflow does not allow; the message is Japanese and meant for staff."""


def allowed_targets(status: str) -> list[Registration.Status]:
    return [target for target in Status if target in ALLOWED[Status(status)]]


def transition_check(
    *,
    registration: Registration,
    to: str,
    comment: str = "",
    duplicate_of: Registration | None = None,
) -> None:
    """Raise TransitionError unless the registration may move to `to` with these details."""
    current = Status(registration.status)
    target = Status(to)
    if target not in ALLOWED[current]:
        raise TransitionError(
            f"{registration.receipt_number}：「{current.label}」から「{target.label}」には変更できません。"
        )
    if to == Status.RETURNED and not comment.strip():
        raise TransitionError("差戻しには、企業・団体へ送る連絡事項の入力が必要です。")
    if to == Status.DUPLICATE:
        if duplicate_of is None:
            raise TransitionError("重複とするには、残す登録を指定してください。")
        if duplicate_of.pk == registration.pk:
            raise TransitionError("残す登録に、重複とする登録そのものは指定できません。")
        if duplicate_of.status == Status.DUPLICATE:
            raise TransitionError(
                f"{duplicate_of.receipt_number} はすでに重複として扱われています。残す登録を指定してください。"
            )


def registration_transition(
    *,
    registration: Registration,
    to: str,
    by: User | None,
    comment: str = "",
    duplicate_of: Registration | None = None,
) -> StatusChange:
    """Move a registration to another state, record who did it, and mail a 差戻し or the first
    掲載 to the company."""
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        transition_check(registration=locked, to=to, comment=comment, duplicate_of=duplicate_of)
        change = StatusChange.objects.create(
            registration=locked,
            from_status=locked.status,
            to_status=to,
            changed_by=by,
            comment=comment.strip(),
        )
        locked.status = to
        locked.duplicate_of = duplicate_of if to == Status.DUPLICATE else None
        locked._change_reason = f"状態を「{Status(to).label}」に変更"
        locked.save(update_fields=["status", "duplicate_of", "updated_at"])
        if to == Status.RETURNED:
            returned_queue(registration=locked, message=change.comment)
        if to == Status.PUBLISHED:
            published_queue(registration=locked)
        registration_moved_event_record(registration=locked)
    registration.refresh_from_db()
    return change


def registrations_transition(
    *, registrations: Iterable[Registration], to: str, by: User | None
) -> list[StatusChange]:
    """Move many registrations at once (admin bulk actions): all of them, or none. Each mail
    text is read once for the batch (a bulk 掲載 mails every company)."""
    with transaction.atomic(), mail_texts_held():
        return [
            registration_transition(registration=registration, to=to, by=by)
            for registration in registrations
        ]
