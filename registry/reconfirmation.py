"""The yearly reconfirmation of company registrations (the rules are portal.reconfirmation's).

Every open registration (not 取下げ or 重複) not confirmed for settings.RECONFIRMATION_MONTHS is
asked; 未確認 ones leave the public and prefecture lists until they answer. Their mails are the
editable mail texts (portal.mail_texts).
"""

from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet

from portal.models import Prefecture
from portal.reconfirmation import Reconfirmation, months_before

from .answers import registration_answers
from .mail import mail_queue, mail_values
from .models import OutgoingMail, ReconfirmationRequest, ReconfirmationRound, Registration
from .questions import PREFECTURE_ANSWERS, answer_rows

__all__ = ["Answer", "months_before"]

Answer = ReconfirmationRequest.Answer


RECONFIRMATION = Reconfirmation(
    entry_model=Registration,
    request_model=ReconfirmationRequest,
    closed_message="この登録は取り下げられているため、確認の必要はありません。",
    mail=mail_queue,
    mail_kinds=(OutgoingMail.Kind.RECONFIRMATION, OutgoingMail.Kind.RECONFIRMATION_REMINDER),
    rows=lambda registration: answer_rows(registration_answers(registration)),
    mail_values=mail_values,
    name_field="company_name",
    prefetch=tuple(
        Prefetch(name, queryset=Prefecture.objects.order_by("code")) for name in PREFECTURE_ANSWERS
    ),
)


def reconfirmation_due(*, now: datetime | None = None) -> QuerySet[Registration]:
    """Who a round started now would ask."""
    return RECONFIRMATION.due(now=now)


def reconfirmation_round_start(*, by: User, now: datetime | None = None) -> ReconfirmationRound:
    """Ask every due registration; each mail is queued once the round is stored."""
    return RECONFIRMATION.round_start(by=by, now=now)


def reconfirmation_reminders_send(*, now: datetime | None = None) -> int:
    """Remind the registrations whose request reached a reminder day; returns how many."""
    return RECONFIRMATION.reminders_send(now=now)


def reconfirmation_answer(
    *, registration: Registration, answer: str, now: datetime | None = None
) -> None:
    """The company confirmed its answers (変更なし, or 変更あり by editing them)."""
    RECONFIRMATION.answer(entry=registration, answer=answer, now=now)


def request_for_token(token: str) -> ReconfirmationRequest:
    """The request a link names; LinkError when forged, too old or closed."""
    return RECONFIRMATION.request_for_token(token)
