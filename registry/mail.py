"""E-mail to companies, kept in an outbox so a failing mail server never loses a message.

Each message is stored in the same transaction as the change it reports and sent after the
commit; `manage.py resend_mail` delivers whatever is still unsent.
"""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .answers import answer_rows, registration_answers
from .models import OutgoingMail

logger = logging.getLogger(__name__)


def mail_queue(*, registration, kind, context):
    """Render templates registry/mail/<kind>_subject.txt and _body.txt and send after commit."""
    context = {"registration": registration, **context}
    mail = OutgoingMail.objects.create(
        registration=registration,
        kind=kind,
        to=registration.email,
        subject=render_to_string(f"registry/mail/{kind}_subject.txt", context).strip(),
        body=render_to_string(f"registry/mail/{kind}_body.txt", context),
    )
    transaction.on_commit(lambda: mail_deliver(mail=mail))
    return mail


def mail_deliver(*, mail):
    """Send one stored message; on failure log it and leave it for the next resend."""
    try:
        send_mail(mail.subject, mail.body, None, [mail.to])
    except Exception as error:
        logger.exception(
            "Mail %s (%s) to registration %s could not be sent",
            mail.pk,
            mail.kind,
            mail.registration_id,
        )
        OutgoingMail.objects.filter(pk=mail.pk).update(last_error=repr(error)[:500])
        return False
    OutgoingMail.objects.filter(pk=mail.pk).update(sent_at=timezone.now(), last_error="")
    return True


def mails_resend():
    """Try again every message that has not gone out; returns (sent, failed)."""
    sent = failed = 0
    for mail in OutgoingMail.objects.unsent().order_by("id"):
        if mail_deliver(mail=mail):
            sent += 1
        else:
            failed += 1
    return sent, failed


def receipt_queue(*, registration):
    rows = answer_rows(registration_answers(registration))
    return mail_queue(
        registration=registration, kind=OutgoingMail.Kind.RECEIPT, context={"rows": rows}
    )


def returned_queue(*, registration, message):
    return mail_queue(
        registration=registration, kind=OutgoingMail.Kind.RETURNED, context={"message": message}
    )
