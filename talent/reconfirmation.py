"""The yearly reconfirmation of 協力可能人材 entries (the rules are portal.reconfirmation's).

Every open entry (not 取下げ or 消去済) not confirmed for settings.RECONFIRMATION_MONTHS is asked by
mail; 未確認 ones leave the prefecture lists, their Excel files and the matching pool
(Specialist.objects.provided) until the person answers, by 変更なし or by editing the entry.
"""

from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import Prefetch

from portal.models import Prefecture
from portal.reconfirmation import Reconfirmation

from .answers import answer_rows, specialist_answers
from .mail import mail_values, specialist_mail_queue
from .models import (
    Specialist,
    SpecialistMail,
    SpecialistReconfirmationRequest,
    SpecialistReconfirmationRound,
)

Answer = SpecialistReconfirmationRequest.Answer

RECONFIRMATION = Reconfirmation(
    entry_model=Specialist,
    request_model=SpecialistReconfirmationRequest,
    closed_message="この登録は取り下げまたは消去されているため、確認の必要はありません。",
    mail=specialist_mail_queue,
    mail_kinds=(SpecialistMail.Kind.RECONFIRMATION, SpecialistMail.Kind.RECONFIRMATION_REMINDER),
    rows=lambda specialist: answer_rows(specialist_answers(specialist)),
    mail_values=mail_values,
    name_field="name",
    prefetch=(
        "residence",
        Prefetch("desired_prefectures", queryset=Prefecture.objects.order_by("code")),
        "specialties",
        "experiences",
        "exam_passes__exam",
    ),
)


def specialist_reconfirmation_round_start(
    *, by: User, now: datetime | None = None
) -> SpecialistReconfirmationRound:
    """Ask every due entry; their mails wait in the outbox for `manage.py resend_mail`."""
    return RECONFIRMATION.round_start(by=by, now=now)


def specialist_reconfirmation_answer(
    *, specialist: Specialist, answer: str, now: datetime | None = None
) -> None:
    """The person confirmed the entry (変更なし, or 変更あり by editing it)."""
    RECONFIRMATION.answer(entry=specialist, answer=answer, now=now)
