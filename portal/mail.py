"""Sending what an app's outbox (a portal.models.OutboxMail subclass) holds."""

import logging

from django.core.mail import send_mail
from django.http import HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)


def outbox_deliver(*, mail):
    """Send one stored message; on failure log it and leave it unsent for the next try."""
    outbox = type(mail).objects
    try:
        send_mail(mail.subject, mail.body, None, [mail.to])
    except Exception as error:
        logger.exception("Mail %s %s could not be sent", type(mail).__name__, mail.pk)
        outbox.filter(pk=mail.pk).update(last_error=repr(error)[:500])
        return False
    outbox.filter(pk=mail.pk).update(sent_at=timezone.now(), last_error="")
    return True


class DeliverAfterResponse(HttpResponse):
    """A response that sends its mails only once the client has it (the server calls close).

    Used where the reply must take the same time whether or not a mail goes out, so that its
    timing cannot tell who has registered.
    """

    def __init__(self, *args, mails=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.mails = list(mails)

    def close(self):
        try:
            for mail in self.mails:
                outbox_deliver(mail=mail)
        finally:
            super().close()
