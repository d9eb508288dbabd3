"""The 打診 mail, and the news that a prefecture recorded 面談 or 任用決定 for one: plain text, the
need and the prefecture's contact, one URL per line, queued after the commit from the outbox
(portal.tasks). Their texts are 総務省's to edit (portal.mail_texts, keys "matching.<kind>",
declared in MAIL_TEXTS)."""

from typing import Any

from django.conf import settings

from portal.links import PERSONAL_LINK_MASK
from portal.mail_texts import CONTACT_PLACEHOLDERS, MailKind, mail_text_queue
from portal.models import OutboxMail

from .choices import Outcome
from .links import answer_url
from .models import Approach, ApproachMail

Kind = ApproachMail.Kind
# The outcomes a recipient is told about, and the kind of mail that tells them.
OUTCOME_KINDS = {Outcome.INTERVIEW: Kind.INTERVIEW, Outcome.HIRED: Kind.HIRED}


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


def outcome_mail_queue(*, approach: Approach, outcome: str) -> OutboxMail | None:
    """Tell the company or person that the prefecture recorded 面談 or 任用決定 for their 打診
    (a service mail about their own entry): what happens next and whom to contact. Once per 打診
    and kind, never to a recipient withdrawn or erased (nor for 連絡中 or 見送り: the 見送り
    reply is not this mail's). Called under the 打診's lock (matching.workflow.approach_outcome)."""
    kind = OUTCOME_KINDS.get(Outcome(outcome))
    if (
        kind is None
        or approach.recipient_closed
        or approach.personal_data_erased_at is not None
        or approach.mails.filter(kind=kind).exists()
    ):
        return None
    return mail_text_queue(
        model=ApproachMail,
        key=f"matching.{kind.value}",
        to=approach.recipient_email,
        context=outcome_values(approach=approach),
        approach=approach,
        kind=kind,
    )


def outcome_values(*, approach: Approach) -> dict[str, Any]:
    """What the 面談 and 任用決定 mails' texts may use (no link: nothing to answer)."""
    return {"approach": approach, "need": approach.need, "contact": settings.CONTACT}


def _newest() -> Approach | None:
    return Approach.objects.select_related("need__prefecture").order_by("-pk").first()


def _preview() -> dict[str, Any] | None:
    """A preview's context: the newest 打診, never its real reply link (staff read it)."""
    approach = _newest()
    if approach is None:
        return None
    return mail_values(approach=approach, answer_link=PERSONAL_LINK_MASK)


def _outcome_preview() -> dict[str, Any] | None:
    approach = _newest()
    return None if approach is None else outcome_values(approach=approach)


# What the 面談 and 任用決定 mails may use: who is told, and whom the need speaks for.
OUTCOME_VARIABLES = (
    "approach.recipient_name",
    "approach.recipient_receipt_number",
    ("approach.registration_id", "企業・団体への打診か（人材への打診では空）"),
    ("approach.seconded_count", "任用決定：企業・団体から出向を受ける人数"),
    "need.office_display",
    "need.title",
    "need.contact",
    *CONTACT_PLACEHOLDERS,
)


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
    *(
        MailKind(
            key=f"matching.{kind.value}",
            label=f"募集と打診：{kind.label}",
            variables=OUTCOME_VARIABLES,
            preview=_outcome_preview,
            subject_requires=(("approach.recipient_receipt_number", "受付番号"),),
        )
        for kind in (Kind.INTERVIEW, Kind.HIRED)
    ),
)
