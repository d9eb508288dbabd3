"""E-mail to companies, kept in an outbox so a failing mail server never loses a message.

Each message is stored in the same transaction as the change it reports and queued for sending
after the commit (portal.tasks); `manage.py resend_mail` delivers whatever is still unsent.
"""

from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from portal.links import link_url
from portal.mail import mail_body
from portal.tasks import mail_enqueue

from .answers import registration_answers
from .links import EDIT_LINK
from .models import MailTemplate, OutgoingMail, Registration
from .publication import published_summary
from .questions import answer_rows


def mail_render(*, template, registration, context):
    """(subject, body) of a MailTemplate for a registration; plain text, nothing escaped."""
    values = Context(
        {
            "registration": registration,
            "edit_url": link_url(EDIT_LINK, registration),
            "request_url": settings.SITE_URL.rstrip("/") + reverse("registry:edit-request"),
            "link_days": settings.REGISTRATION_EDIT_LINK_DAYS,
            "published_summary": published_summary(),
            "contact": settings.CONTACT,
            **context,
        },
        autoescape=False,
    )
    subject = " ".join(Template(template.subject).render(values).split())
    return subject, mail_body(Template(template.body).render(values))


def mail_queue(*, registration, kind, context, deliver=True):
    """Render the kind's MailTemplate, store the message, and (unless told not to) queue it after
    the commit. Messages not queued wait for DeliverAfterResponse or `manage.py resend_mail`."""
    subject, body = mail_render(
        template=MailTemplate.objects.get(kind=kind), registration=registration, context=context
    )
    mail = OutgoingMail.objects.create(
        registration=registration, kind=kind, to=registration.email, subject=subject, body=body
    )
    if deliver:
        mail_enqueue(mail=mail)
    return mail


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
