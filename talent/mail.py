"""Mail to a 協力可能人材 entry: written to the outbox in the same transaction as the change it
reports, sent after the commit (portal.mail). Plain text, one URL per line, the receipt number in
the subject, the contact point at the end: what prefectural and municipal mail systems keep."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from portal.links import link_url
from portal.mail import mail_body
from portal.tasks import mail_enqueue

from .answers import answer_rows, specialist_answers
from .links import EDIT_LINK
from .models import SpecialistMail

Kind = SpecialistMail.Kind


def absolute_url(path):
    return settings.SITE_URL.rstrip("/") + path


def specialist_mail_queue(*, specialist, kind, context=None, deliver=True):
    """Render and store one mail for an entry; send it after the commit unless told not to."""
    values = {
        "specialist": specialist,
        "request_url": absolute_url(reverse("talent:edit-request")),
        "link_days": settings.TALENT_EDIT_LINK_DAYS,
        "contact": settings.CONTACT,
        **(context or {}),
    }
    if specialist.status != specialist.Status.ERASED:
        values["edit_url"] = link_url(EDIT_LINK, specialist)
    subject = " ".join(render_to_string(f"talent/mail/{kind}_subject.txt", values).split())
    body = mail_body(render_to_string(f"talent/mail/{kind}_body.txt", values))
    mail = SpecialistMail.objects.create(
        specialist=specialist, kind=kind, to=specialist.email, subject=subject, body=body
    )
    if deliver:
        mail_enqueue(mail=mail)
    return mail


def receipt_queue(*, specialist):
    rows = answer_rows(specialist_answers(specialist))
    return specialist_mail_queue(specialist=specialist, kind=Kind.RECEIPT, context={"rows": rows})


def erased_mail_queue(*, specialist, address):
    """The confirmation of an erasure, to the address the entry no longer holds; the address is
    blanked in the outbox once the mail has been tried (SpecialistMail.forget_address_after_attempt),
    so that nothing personal stays."""
    values = {"receipt_number": specialist.receipt_number}
    mail = SpecialistMail.objects.create(
        specialist=specialist,
        kind=Kind.ERASED,
        to=address,
        subject=" ".join(render_to_string("talent/mail/erased_subject.txt", values).split()),
        body=mail_body(render_to_string("talent/mail/erased_body.txt", values)),
    )
    mail_enqueue(mail=mail)
    return mail
