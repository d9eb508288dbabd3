"""E-mail to companies. Sending happens after the commit and never undoes a registration."""

import logging

from django.core.mail import send_mail
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from .answers import answer_rows, registration_answers
from .models import Prefecture, Registration

logger = logging.getLogger(__name__)


def receipt_send(*, registration):
    """Send the receipt mail; on failure log it and leave it for `manage.py resend_receipts`."""
    context = {
        "registration": registration,
        "rows": answer_rows(registration_answers(registration)),
    }
    subject = render_to_string("registry/mail/receipt_subject.txt", context).strip()
    body = render_to_string("registry/mail/receipt_body.txt", context)
    try:
        send_mail(subject, body, None, [registration.email])
    except Exception:
        logger.exception("Receipt mail for %s could not be sent", registration.receipt_number)
        return False
    Registration.objects.filter(pk=registration.pk).update(receipt_sent_at=timezone.now())
    return True


def receipts_resend():
    """Try again every receipt that has not gone out; returns (sent, failed)."""
    pending = Registration.objects.receipt_unsent().prefetch_related(
        Prefetch("base_prefectures", queryset=Prefecture.objects.order_by("code")),
        Prefetch("dispatch_prefectures", queryset=Prefecture.objects.order_by("code")),
    )
    sent = failed = 0
    for registration in pending.order_by("id"):
        if receipt_send(registration=registration):
            sent += 1
        else:
            failed += 1
    return sent, failed
