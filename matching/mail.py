"""The 打診 mail: plain text, the need and the prefecture's contact, one URL per line, queued after
the commit from the outbox (portal.tasks). Its text is 総務省's to edit (portal.mail_texts, key
"matching.approach", declared in MAIL_TEXTS)."""

from django.conf import settings

from portal.links import PERSONAL_LINK_MASK
from portal.mail_texts import MailKind, mail_text_queue

from .links import answer_url
from .models import Approach, ApproachMail


def mail_values(*, approach, answer_link):
    """What the 打診 mail's text may use."""
    return {
        "approach": approach,
        "need": approach.need,
        "answer_url": answer_link,
        "link_days": settings.APPROACH_LINK_DAYS,
        "contact": settings.CONTACT,
    }


def approach_mail_queue(*, approach):
    return mail_text_queue(
        model=ApproachMail,
        key="matching.approach",
        to=approach.recipient_email,
        context=mail_values(approach=approach, answer_link=answer_url(approach)),
        approach=approach,
    )


def _preview():
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
            "{{ approach.recipient_name }} {{ approach.recipient_receipt_number }} "
            "{{ need.office_display }} {{ need.title }} {{ need.workplace_display }} "
            "{{ need.duties }} {{ need.contact }} {{ need.headcount }} {{ answer_url }}（回答用リンク） "
            "{{ link_days }} {{ contact.office }}（ほかに email、phone、hours）"
        ),
        preview=_preview,
        subject_requires=(("approach.recipient_receipt_number", "受付番号"),),
        body_requires=(("answer_url", "回答用リンク"),),
        personal_links=("answer_url",),
    ),
)
