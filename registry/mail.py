"""E-mail to companies, kept in an outbox so a failing mail server never loses a message.

Each message is stored in the same transaction as the change it reports and queued for sending
after the commit (portal.tasks); `manage.py resend_mail` delivers whatever is still unsent. The
texts are 総務省's to edit (portal.mail_texts, keys "registry.<kind>", declared in MAIL_TEXTS).
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse

from portal.links import link_url
from portal.mail import absolute_url
from portal.mail_texts import (
    ENTRY_PLACEHOLDERS,
    entry_mail_kinds,
    entry_mail_queue,
    entry_preview_values,
    mail_template_render,
)
from portal.models import MailText, OutboxMail

from .answers import registration_answers
from .links import EDIT_LINK
from .models import OutgoingMail, Registration
from .publication import published_summary
from .questions import answer_rows


def mail_values(*, registration: Registration, context: Mapping[str, Any]) -> dict[str, Any]:
    """What a company's mail text may use: the registration, its links, and `context`."""
    return {
        "registration": registration,
        "edit_url": link_url(EDIT_LINK, registration),
        "request_url": absolute_url(reverse("registry:edit-request")),
        "link_days": settings.REGISTRATION_EDIT_LINK_DAYS,
        "published_summary": published_summary(),
        "contact": settings.CONTACT,
        **context,
    }


def mail_render(
    *, template: MailText, registration: Registration, context: Mapping[str, Any]
) -> tuple[str, str]:
    """(subject, body) of a mail text (a portal MailText) for a registration; plain text."""
    return mail_template_render(
        subject=template.subject,
        body=template.body,
        context=mail_values(registration=registration, context=context),
    )


def mail_queue(
    *, registration: Registration, kind: str, context: Mapping[str, Any], deliver: bool = True
) -> OutboxMail:
    """Render the kind's mail text, store the message, and (unless told not to) queue it after
    the commit. Messages not queued wait for DeliverAfterResponse or `manage.py resend_mail`."""
    values = mail_values(registration=registration, context=context)
    return entry_mail_queue(
        model=OutgoingMail, entry=registration, kind=kind, context=values, deliver=deliver
    )


def receipt_queue(*, registration: Registration) -> OutboxMail:
    rows = answer_rows(registration_answers(registration))
    return mail_queue(
        registration=registration, kind=OutgoingMail.Kind.RECEIPT, context={"rows": rows}
    )


def returned_queue(*, registration: Registration, message: str) -> OutboxMail:
    return mail_queue(
        registration=registration, kind=OutgoingMail.Kind.RETURNED, context={"message": message}
    )


def retiree_info_queue(*, registration: Registration) -> OutboxMail | None:
    """The detail mail promised to companies that answer 周知可能 in Q12."""
    return mail_queue(registration=registration, kind=OutgoingMail.Kind.RETIREE_INFO, context={})


def published_queue(*, registration: Registration) -> OutboxMail | None:
    """Tell the company its registration is 掲載 (a service mail about its own entry): once per
    registration, never to one withdrawn or a duplicate. Called under the registration's lock
    (registry.workflow), so the check and the row are one step; the constraint backs it."""
    kind = OutgoingMail.Kind.PUBLISHED
    if (
        registration.status in Registration.CLOSED_STATUSES
        or registration.mails.filter(kind=kind).exists()
    ):
        return None
    return mail_queue(registration=registration, kind=kind, context=published_values())


def published_values() -> dict[str, Any]:
    return {"companies_url": absolute_url(reverse("registry:companies"))}


def withdrawn_queue(*, registration: Registration) -> OutboxMail:
    return mail_queue(registration=registration, kind=OutgoingMail.Kind.WITHDRAWN, context={})


def _preview() -> dict[str, Any] | None:
    """A preview's context: the newest registration still in the pool (a withdrawn one shows on
    no staff page), never its real links, since the preview is read by staff."""
    registration = (
        Registration.objects.exclude(status__in=Registration.CLOSED_STATUSES)
        .order_by("-pk")
        .first()
    )
    if registration is None:
        return None
    rows = answer_rows(registration_answers(registration))
    return mail_values(
        registration=registration,
        context={**entry_preview_values(rows=rows), **published_values()},
    )


MAIL_TEXTS = entry_mail_kinds(
    app="registry",
    label="協力企業・団体",
    kinds=OutgoingMail.Kind,
    variables=(
        "registration.company_name",
        "registration.department",
        "registration.contact_name",
        "registration.receipt_number",
        "registration.email",
        ("registration.created_at", "受付日時"),
        ("registration.last_confirmed_at", "前回の確認日"),
        ("published_summary", "公表する項目"),
        ("companies_url", "掲載のお知らせ：協力企業・団体の一覧のページ"),
        *ENTRY_PLACEHOLDERS,
    ),
    preview=_preview,
    receipt_number="registration.receipt_number",
)
