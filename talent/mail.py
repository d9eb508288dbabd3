"""Mail to a 協力可能人材 entry: written to the outbox in the same transaction as the change it
reports, sent after the commit (portal.mail). Plain text, one URL per line, the receipt number in
the subject, the contact point at the end: what prefectural and municipal mail systems keep. The
texts are 総務省's to edit (portal.mail_texts, keys "talent.<kind>", declared in MAIL_TEXTS)."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse

from portal.links import link_url
from portal.mail import absolute_url
from portal.mail_texts import (
    CONTACT_PLACEHOLDERS,
    ENTRY_PLACEHOLDERS,
    MailKind,
    entry_mail_kinds,
    entry_mail_queue,
    entry_preview_values,
    mail_text_queue,
)
from portal.models import OutboxMail

from .answers import answer_rows, specialist_answers
from .links import EDIT_LINK
from .models import Specialist, SpecialistMail

Kind = SpecialistMail.Kind


def mail_values(*, specialist: Specialist, context: Mapping[str, Any] | None) -> dict[str, Any]:
    """What an entry's mail text may use: the entry, its links (none once erased), `context`.
    `context` comes last: a preview's masks stand in for the real links (staff read it)."""
    values: dict[str, Any] = {
        "specialist": specialist,
        "request_url": absolute_url(reverse("talent:edit-request")),
        "link_days": settings.TALENT_EDIT_LINK_DAYS,
        "contact": settings.CONTACT,
    }
    if specialist.status != specialist.Status.ERASED:
        values["edit_url"] = link_url(EDIT_LINK, specialist)
    return {**values, **(context or {})}


def specialist_mail_queue(
    *,
    specialist: Specialist,
    kind: str,
    context: Mapping[str, Any] | None = None,
    deliver: bool = True,
) -> OutboxMail:
    """Render and store one mail for an entry; send it after the commit unless told not to."""
    values = mail_values(specialist=specialist, context=context)
    return entry_mail_queue(
        model=SpecialistMail, entry=specialist, kind=kind, context=values, deliver=deliver
    )


def receipt_queue(*, specialist: Specialist) -> OutboxMail:
    rows = answer_rows(specialist_answers(specialist))
    return specialist_mail_queue(specialist=specialist, kind=Kind.RECEIPT, context={"rows": rows})


def listed_queue(*, specialist: Specialist) -> OutboxMail | None:
    """Tell the person their entry is now provided to the prefectures they chose (a service mail
    about their own entry): the first time only (a return to the list after a 差戻し is no news:
    they corrected it themselves), never to one withdrawn or erased. Called under the entry's
    lock (talent.workflow), so the check and the row are one step; the constraint backs it."""
    if (
        specialist.status in Specialist.CLOSED_STATUSES
        or specialist.mails.filter(kind=Kind.LISTED).exists()
    ):
        return None
    return specialist_mail_queue(specialist=specialist, kind=Kind.LISTED)


def erased_mail_queue(*, specialist: Specialist, address: str) -> OutboxMail:
    """The confirmation of an erasure, to the address the entry no longer holds; the address is
    blanked in the outbox once the mail has been tried (SpecialistMail.forget_address_after_attempt),
    so that nothing personal stays."""
    return mail_text_queue(
        model=SpecialistMail,
        key="talent.erased",
        to=address,
        context={"receipt_number": specialist.receipt_number, "contact": settings.CONTACT},
        specialist=specialist,
        kind=Kind.ERASED,
    )


def _newest() -> Specialist | None:
    """The newest entry still in the pool: a withdrawn, duplicate or erased one shows on no
    staff page (as registry's preview)."""
    return Specialist.objects.exclude(status__in=Specialist.CLOSED_STATUSES).order_by("-pk").first()


def _preview() -> dict[str, Any] | None:
    """A preview's context: the newest entry not erased, never its real links (staff read it)."""
    specialist = _newest()
    if specialist is None:
        return None
    rows = answer_rows(specialist_answers(specialist))
    return mail_values(specialist=specialist, context=entry_preview_values(rows=rows))


def _erased_preview() -> dict[str, Any] | None:
    specialist = _newest()
    if specialist is None:
        return None
    return {"receipt_number": specialist.receipt_number, "contact": settings.CONTACT}


VARIABLES = (
    "specialist.name",
    "specialist.receipt_number",
    "specialist.email",
    ("specialist.last_confirmed_at", "前回の確認日"),
    *ENTRY_PLACEHOLDERS,
)
MAIL_TEXTS = (
    *entry_mail_kinds(
        app="talent",
        label="協力可能人材",
        kinds=(kind for kind in Kind if kind != Kind.ERASED),
        variables=VARIABLES,
        preview=_preview,
        receipt_number="specialist.receipt_number",
    ),
    MailKind(
        key="talent.erased",
        label=f"協力可能人材：{Kind.ERASED.label}",
        variables=("receipt_number", *CONTACT_PLACEHOLDERS),
        preview=_erased_preview,
        subject_requires=(("receipt_number", "受付番号"),),
    ),
)
