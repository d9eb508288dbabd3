"""The 打診 mail: plain text, the need and the prefecture's contact, one URL per line, queued after
the commit from the outbox (portal.tasks)."""

from django.conf import settings
from django.template.loader import render_to_string

from portal.mail import mail_body
from portal.tasks import mail_enqueue

from .links import answer_url
from .models import ApproachMail


def approach_mail_queue(*, approach):
    values = {
        "approach": approach,
        "need": approach.need,
        "answer_url": answer_url(approach),
        "link_days": settings.APPROACH_LINK_DAYS,
    }
    subject = " ".join(render_to_string("matching/mail/approach_subject.txt", values).split())
    mail = ApproachMail.objects.create(
        approach=approach,
        to=approach.recipient_email,
        subject=subject,
        body=mail_body(render_to_string("matching/mail/approach_body.txt", values)),
    )
    mail_enqueue(mail=mail)
    return mail
