"""Sending what the outboxes hold (every subclass of portal.models.OutboxMail, in every app).

The outbox row is the source of truth; the task queue (portal.tasks) only says "try this row
now". One attempt is: claim the row with a conditional UPDATE (unsent and not held by anyone),
which gives it a lease (`MAIL_CLAIM_SECONDS`) and counts the attempt; send; then mark it sent and
release it. Two workers, or a worker and `resend_mail`, never both hold a row, so a row is sent
at most once per attempt. A worker killed while it holds a row leaves the lease to run out, and
`resend_mail` (the operator's tool, run by cron) then takes the row again: nothing is lost.

The one window that cannot be closed without the mail server's help: a worker killed after the
server accepted the message but before the UPDATE that marks it sent. The row looks unsent, so it
is sent again once the lease runs out (at least once, never lost). Both copies carry the same
Message-ID (`outbox_message_id`), which lets mail systems and readers see them as one message.
"""

import logging
from datetime import timedelta
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone

from .models import OutboxMail

logger = logging.getLogger(__name__)


def outbox_models() -> list[type[OutboxMail]]:
    """Every concrete outbox of every installed app."""
    return [model for model in apps.get_models() if issubclass(model, OutboxMail)]


def _outbox(label: str) -> type[OutboxMail]:
    """The outbox model a queued job names (mail_enqueue takes the label from an outbox row)."""
    return cast(type[OutboxMail], apps.get_model(label))


def outbox_message_id(mail: OutboxMail) -> str:
    """The same Message-ID on every attempt at one row, so a repeat is recognisably a repeat."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{mail._meta.label_lower}.{mail.pk}.{mail.created_at:%Y%m%d%H%M%S}@{domain}>"


def outbox_claim(*, label: str, pk: Any) -> OutboxMail | None:
    """Take one row for one attempt; None when it is sent already or another process holds it."""
    model = _outbox(label)
    now = timezone.now()
    claimed = (
        model.objects.claimable(now)
        .filter(pk=pk)
        .update(
            claimed_until=now + timedelta(seconds=settings.MAIL_CLAIM_SECONDS),
            attempts=F("attempts") + 1,
        )
    )
    return model.objects.filter(pk=pk).first() if claimed else None


def outbox_send(*, mail: OutboxMail) -> bool:
    """One attempt at a claimed row: send it, then mark it sent, or note the error; release it."""
    outbox = type(mail).objects
    forget = {"to": ""} if mail.forget_address_after_attempt else {}
    message = EmailMultiAlternatives(
        mail.subject, mail.body, None, [mail.to], headers={"Message-ID": outbox_message_id(mail)}
    )
    try:
        message.send()
    except Exception as error:
        logger.exception(
            "Mail %s %s could not be sent (attempt %s)", mail._meta.label, mail.pk, mail.attempts
        )
        outbox.filter(pk=mail.pk).update(last_error=repr(error)[:500], claimed_until=None, **forget)
        return False
    outbox.filter(pk=mail.pk).update(
        sent_at=timezone.now(), last_error="", claimed_until=None, **forget
    )
    return True


WITHHELD_NOTE = "送信を取りやめました（宛先の登録が取下げ・消去されたため）"


def outbox_withhold(*, mail: OutboxMail) -> None:
    """Drop a claimed row that must not go any more (OutboxMail.withheld): its address is
    blanked, so no one takes it again, and the row stays as the record of why."""
    type(mail).objects.filter(pk=mail.pk).update(
        to="", last_error=WITHHELD_NOTE, claimed_until=None
    )


def outbox_attempt(*, label: str, pk: Any) -> str:
    """Claim and send one row: "sent", "failed", "withheld" (dropped, OutboxMail.withheld), or
    "skipped" (sent already, or held elsewhere)."""
    mail = outbox_claim(label=label, pk=pk)
    if mail is None:
        return "skipped"
    if mail.withheld:
        outbox_withhold(mail=mail)
        return "withheld"
    return "sent" if outbox_send(mail=mail) else "failed"


def outbox_attempts(*, label: str, pk: Any) -> int:
    """How many times the row was tried; 0 once it is gone (erased meanwhile), which leaves a
    retry that finds nothing to send rather than a task that fails comparing None."""
    attempts = _outbox(label).objects.filter(pk=pk).values_list("attempts", flat=True).first()
    return attempts or 0


def outbox_retry_delay(*, attempts: int) -> int:
    """Seconds before the next try after `attempts` failures (30 s, 1, 2, 4, 8 min, …, ≤ 1 h)."""
    return min(settings.MAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 3600)


def outbox_resend() -> tuple[int, int]:
    """Try every unsent row that nobody holds, in every outbox; returns (sent, failed).

    Also the reaper: a row whose worker died is taken again once its lease has run out.
    """
    sent = failed = 0
    for model in outbox_models():
        for pk in model.objects.claimable(timezone.now()).order_by("id").values_list("pk"):
            outcome = outbox_attempt(label=model._meta.label, pk=pk[0])
            sent += outcome == "sent"
            failed += outcome == "failed"
    return sent, failed
