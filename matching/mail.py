"""The 打診 mail: plain text, the need and the prefecture's contact, one URL per line, sent after
the commit from the outbox (portal.mail)."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from portal.mail import mail_body, outbox_deliver

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
    transaction.on_commit(lambda: outbox_deliver(mail=mail))
    return mail
