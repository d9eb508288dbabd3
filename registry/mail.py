"""E-mail to companies, kept in an outbox so a failing mail server never loses a message.

Each message is stored in the same transaction as the change it reports and sent after the
commit; `manage.py resend_mail` delivers whatever is still unsent.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from portal.mail import mail_body

from .answers import registration_answers
from .edit_links import absolute_url, edit_url
from .models import MailTemplate, OutgoingMail, Registration
from .publication import published_summary
from .questions import answer_rows

logger = logging.getLogger(__name__)


def mail_render(*, template, registration, context):
    """(subject, body) of a MailTemplate for a registration; plain text, nothing escaped."""
    values = Context(
        {
            "registration": registration,
            "edit_url": edit_url(registration),
            "request_url": absolute_url(reverse("registry:edit-request")),
            "link_days": settings.REGISTRATION_EDIT_LINK_DAYS,
            "published_summary": published_summary(),
            **context,
        },
        autoescape=False,
    )
    subject = " ".join(Template(template.subject).render(values).split())
    return subject, mail_body(Template(template.body).render(values))


def mail_queue(*, registration, kind, context, deliver=True):
    """Render the kind's MailTemplate, store the message, and (unless told not to) send it after
    the commit. Undelivered messages wait for MailAfterResponse or `manage.py resend_mail`."""
    subject, body = mail_render(
        template=MailTemplate.objects.get(kind=kind), registration=registration, context=context
    )
    mail = OutgoingMail.objects.create(
        registration=registration, kind=kind, to=registration.email, subject=subject, body=body
    )
    if deliver:
        transaction.on_commit(lambda: mail_deliver(mail=mail))
    return mail


class MailAfterResponse(HttpResponse):
    """A response that sends its mails only once the client has it (the server then calls close).

    Used where the reply must take the same time whether or not a mail goes out, so that its
    timing cannot tell who has registered.
    """

    def __init__(self, *args, mails=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.mails = list(mails)

    def close(self):
        try:
            for mail in self.mails:
                mail_deliver(mail=mail)
        finally:
            super().close()


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


def retiree_info_queue(*, registration):
    """The detail mail promised to companies that answer 周知可能 in Q12: once per registration."""
    if (
        registration.retiree_outreach != Registration.RetireeOutreach.POSSIBLE
        or registration.retiree_info_sent_at is not None
    ):
        return None
    registration.retiree_info_sent_at = timezone.now()
    Registration.objects.filter(pk=registration.pk).update(
        retiree_info_sent_at=registration.retiree_info_sent_at
    )
    return mail_queue(registration=registration, kind=OutgoingMail.Kind.RETIREE_INFO, context={})


def withdrawn_queue(*, registration):
    return mail_queue(registration=registration, kind=OutgoingMail.Kind.WITHDRAWN, context={})
