"""The 打診 mail: plain text, the need and the prefecture's contact, one URL per line, queued after
the commit from the outbox (portal.tasks). Its text is 総務省's to edit (portal.mail_texts, key
"matching.approach", declared in MAIL_TEXTS)."""

from typing import Any

from django.conf import settings

from portal.links import PERSONAL_LINK_MASK
from portal.mail_texts import CONTACT_PLACEHOLDERS, MailKind, mail_text_queue
from portal.models import OutboxMail

from .links import answer_url
from .models import Approach, ApproachMail


def mail_values(*, approach: Approach, answer_link: str) -> dict[str, Any]:
    """What the 打診 mail's text may use."""
    return {
        "approach": approach,
        "need": approach.need,
        "answer_url": answer_link,
        "link_days": settings.APPROACH_LINK_DAYS,
        "contact": settings.CONTACT,
    }


def approach_mail_queue(*, approach: Approach) -> OutboxMail:
    return mail_text_queue(
        model=ApproachMail,
        key="matching.approach",
        to=approach.recipient_email,
        context=mail_values(approach=approach, answer_link=answer_url(approach)),
        approach=approach,
    )


def _preview() -> dict[str, Any] | None:
    """A preview's context: the newest 打診, never its real reply link (staff read it)."""
    approach = Approach.objects.select_related("need__prefecture").order_by("-pk").first()
    if approach is None:
        return None
    return mail_values(approach=approach, answer_link=PERSONAL_LINK_MASK)


MAIL_TEXTS = (
    MailKind(
        key="matching.approach",
        label="募集と打診：打診のメール",
        variables=(
            "approach.recipient_name",
            "approach.recipient_receipt_number",
            ("approach.registration_id", "企業・団体への打診か（人材への打診では空）"),
            "need.office_display",
            "need.title",
            "need.workplace_display",
            ("need.work_style_labels", '勤務形態（|join:"、" で並べる）'),
            ("need.get_period_display", "期間"),
            "need.headcount",
            ("need.start_month", '開始時期（|date:"Y年n月"）'),
            (
                "need.specialties.all",
                "求める得意分野（{% for specialty in need.specialties.all %}）",
            ),
            ("need.specialties.all.name", "得意分野の名前（{{ specialty.name }}）"),
            "need.duties",
            "need.contact",
            ("answer_url", "回答用リンク"),
            ("link_days", "リンクの有効日数"),
            *CONTACT_PLACEHOLDERS,
        ),
        preview=_preview,
        subject_requires=(("approach.recipient_receipt_number", "受付番号"),),
        body_requires=(("answer_url", "回答用リンク"),),
        personal_links=("answer_url",),
    ),
)
