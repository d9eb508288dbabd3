"""The review of a 協力可能人材 entry by 総務省: which moves are allowed, and making them.

受付 → 確認済 → 掲載（都道府県に提供）; 受付/確認済/掲載 → 差戻し (with a message mailed to the
person); 差戻し → 受付 (the person corrected it); any open entry → 取下げ, or 重複 when the same
person registered twice (the other entry is kept). 消去済 comes from the person's own request
(talent.self_service) or, a while after 取下げ or 重複, from the retention run (talent.retention).
"""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction

from portal.mail_texts import mail_texts_held

from .mail import listed_queue, specialist_mail_queue
from .models import Specialist, SpecialistMail, SpecialistStatusChange
from .staff_events import specialist_moved_event_record

Status = Specialist.Status

ALLOWED = {
    Status.RECEIVED: {Status.CONFIRMED, Status.RETURNED, Status.WITHDRAWN, Status.DUPLICATE},
    Status.CONFIRMED: {Status.LISTED, Status.RETURNED, Status.WITHDRAWN, Status.DUPLICATE},
    Status.LISTED: {Status.RETURNED, Status.WITHDRAWN, Status.DUPLICATE},
    Status.RETURNED: {Status.RECEIVED, Status.WITHDRAWN, Status.DUPLICATE},
    Status.WITHDRAWN: set(),
    Status.DUPLICATE: set(),
    Status.ERASED: set(),
}


class TransitionError(Exception):
    """A move the review does not allow; the message is Japanese and meant for staff."""


def allowed_targets(status: str) -> list[Specialist.Status]:
    return [target for target in Status if target in ALLOWED[Status(status)]]


def transition_check(*, specialist: Specialist, to: str, comment: str = "") -> None:
    current, target = Status(specialist.status), Status(to)
    if target not in ALLOWED[current]:
        raise TransitionError(
            f"{specialist.receipt_number}：「{current.label}」から「{target.label}」には変更できません。"
        )
    if to == Status.RETURNED and not comment.strip():
        raise TransitionError("差戻しには、登録した人へ送る連絡事項の入力が必要です。")


def specialist_transition(
    *, specialist: Specialist, to: str, by: User | None, comment: str = ""
) -> SpecialistStatusChange:
    """Move an entry to another state, record who did it, and mail a 差戻し or the first
    provision to prefectures to the person."""
    with transaction.atomic():
        locked = Specialist.objects.select_for_update().get(pk=specialist.pk)
        transition_check(specialist=locked, to=to, comment=comment)
        change = SpecialistStatusChange.objects.create(
            specialist=locked,
            from_status=locked.status,
            to_status=to,
            changed_by=by,
            comment=comment.strip(),
        )
        locked.status = to
        locked._change_reason = f"状態を「{Status(to).label}」に変更"
        locked.save(update_fields=["status", "updated_at"])
        if to == Status.RETURNED:
            specialist_mail_queue(
                specialist=locked,
                kind=SpecialistMail.Kind.RETURNED,
                context={"message": change.comment},
            )
        if to == Status.LISTED:
            listed_queue(specialist=locked)
        specialist_moved_event_record(specialist=locked)
    specialist.refresh_from_db()
    return change


def specialists_transition(
    *, specialists: Iterable[Specialist], to: str, by: User | None
) -> list[SpecialistStatusChange]:
    """Move many entries at once (admin actions): all of them, or none. Each mail text is read
    once for the batch (a bulk provision mails every person)."""
    with transaction.atomic(), mail_texts_held():
        return [
            specialist_transition(specialist=specialist, to=to, by=by) for specialist in specialists
        ]
