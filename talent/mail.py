"""Mail to a 協力可能人材 entry: written to the outbox in the same transaction as the change it
reports, sent after the commit (portal.mail). Plain text, one URL per line, the receipt number in
the subject, the contact point at the end: what prefectural and municipal mail systems keep. The
texts are 総務省's to edit (portal.mail_texts, keys "talent.<kind>", declared in MAIL_TEXTS)."""

from django.conf import settings
from django.urls import reverse

from portal.links import link_url
from portal.mail_texts import (
    EDIT_LINK_REQUIRED,
    ENTRY_PERSONAL_LINKS,
    RECONFIRM_LINK_REQUIRED,
    MailKind,
    entry_preview_values,
    mail_text_render,
)
from portal.tasks import mail_enqueue

from .answers import answer_rows, specialist_answers
from .links import EDIT_LINK
from .models import Specialist, SpecialistMail

Kind = SpecialistMail.Kind


def absolute_url(path):
    return settings.SITE_URL.rstrip("/") + path


def mail_values(*, specialist, context):
    """What an entry's mail text may use: the entry, its links (none once erased), `context`."""
    values = {
        "specialist": specialist,
        "request_url": absolute_url(reverse("talent:edit-request")),
        "link_days": settings.TALENT_EDIT_LINK_DAYS,
        "contact": settings.CONTACT,
        **(context or {}),
    }
    if specialist.status != specialist.Status.ERASED:
        values["edit_url"] = link_url(EDIT_LINK, specialist)
    return values


def specialist_mail_queue(*, specialist, kind, context=None, deliver=True):
    """Render and store one mail for an entry; send it after the commit unless told not to."""
    subject, body = mail_text_render(
        key=f"talent.{kind}", context=mail_values(specialist=specialist, context=context)
    )
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
    subject, body = mail_text_render(
        key="talent.erased",
        context={"receipt_number": specialist.receipt_number, "contact": settings.CONTACT},
    )
    mail = SpecialistMail.objects.create(
        specialist=specialist, kind=Kind.ERASED, to=address, subject=subject, body=body
    )
    mail_enqueue(mail=mail)
    return mail


def _newest():
    return Specialist.objects.exclude(status=Specialist.Status.ERASED).order_by("-pk").first()


def _preview():
    """A preview's context: the newest entry not erased, never its real links (staff read it)."""
    specialist = _newest()
    if specialist is None:
        return None
    rows = answer_rows(specialist_answers(specialist))
    return mail_values(specialist=specialist, context=entry_preview_values(rows=rows))


def _erased_preview():
    specialist = _newest()
    if specialist is None:
        return None
    return {"receipt_number": specialist.receipt_number, "contact": settings.CONTACT}


VARIABLES = (
    "{{ specialist.name }} {{ specialist.receipt_number }} {{ specialist.email }} {{ edit_url }} "
    "{{ request_url }} {{ link_days }} "
    "{{ contact.office }}（お問い合わせ先の部署。ほかに email、phone、hours） "
    "{{ message }}（差戻し） {{ rows }}（受付・年次確認：回答の一覧） "
    "{{ changed }}（変更用リンク：変更後か） {{ reconfirm_url }} {{ deadline }}（年次確認）"
)
RECEIPT_NUMBER = (("specialist.receipt_number", "受付番号"),)
# What a mail that hands over a link must hold.
LINK_OF = {
    Kind.RECEIPT: EDIT_LINK_REQUIRED,
    Kind.RETURNED: EDIT_LINK_REQUIRED,
    Kind.EDIT_LINK: EDIT_LINK_REQUIRED,
    Kind.RECONFIRMATION: RECONFIRM_LINK_REQUIRED,
    Kind.RECONFIRMATION_REMINDER: RECONFIRM_LINK_REQUIRED,
}
MAIL_TEXTS = (
    *(
        MailKind(
            key=f"talent.{kind}",
            label=f"協力可能人材：{label}",
            variables=VARIABLES,
            preview=_preview,
            subject_requires=RECEIPT_NUMBER,
            body_requires=LINK_OF.get(kind, ()),
            personal_links=ENTRY_PERSONAL_LINKS,
        )
        for kind, label in Kind.choices
        if kind != Kind.ERASED
    ),
    MailKind(
        key="talent.erased",
        label=f"協力可能人材：{Kind.ERASED.label}",
        variables="{{ receipt_number }} {{ contact.office }}（ほかに email、phone、hours）",
        preview=_erased_preview,
        subject_requires=(("receipt_number", "受付番号"),),
    ),
)
