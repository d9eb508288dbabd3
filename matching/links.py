"""The signed link in a 打診 mail, with which the recipient answers without an account
(portal.links; a reply has no draft, only the link). Only staff send 打診, so no new link can be
requested: every refusal says what to do instead."""

from django.conf import settings

from portal.links import (
    LinkError,
    LinkExpired,
    PersonalLink,
    link_entry,
    link_payload_entry,
    link_url,
)

from .models import Approach

REFUSED_MESSAGE = "このリンクは使えません。メールに記載されたリンクをそのまま開いてください。"


class ReplyLinkExpired(LinkExpired):
    """A reply link that no longer answers, but whose 募集 the page may still name: an expired
    link of a recipient still in the pool. There is no new link to request (only staff send
    打診), so the page shows the 募集's 応募・問合せ先 instead. It carries its 打診 too: when the
    募集 has ended or staff recorded an outcome, the page says that (as the live link would)
    rather than asking the person to send their interest to the contact."""

    def __init__(self, message: str, payload: tuple, *, approach: Approach) -> None:
        super().__init__(message, payload, renewable=False)
        self.approach = approach
        self.need = approach.need


def _approach(pk: int) -> Approach | None:
    return (
        Approach.objects.select_related("need__prefecture", "registration", "specialist")
        .filter(pk=pk)
        .first()
    )


def _closed(approach: Approach) -> LinkError | None:
    # Erasure also raises the link's version: it is checked first, to say why.
    if approach.personal_data_erased_at:
        return LinkError("このご相談への回答の受付は終了しました。")
    if approach.recipient_closed:
        return LinkError("この登録は取り下げられているため、このリンクは使えません。")
    return None


REPLY_LINK = PersonalLink(
    salt="matching.approach",
    lifetime_days=lambda: settings.APPROACH_LINK_DAYS,
    url_name="matching:answer",
    find=_approach,
    expired_message=lambda: (
        "この返答用リンクは有効期限が切れています"
        f"（有効期間は{settings.APPROACH_LINK_DAYS}日です）。ここからは回答できないため、"
        "ご関心の有無は、下の応募・問合せ先へ直接お知らせください。"
    ),
    version_field="link_version",
    refusal=_closed,
    unknown_message=REFUSED_MESSAGE,
    replaced_message=REFUSED_MESSAGE,
    renewable=False,
)


def answer_url(approach: Approach) -> str:
    return link_url(REPLY_LINK, approach)


def approach_for_token(token: str) -> Approach:
    """The 打診 a link answers; LinkError when it is forged, expired (ReplyLinkExpired), replaced
    (erased), or its recipient has withdrawn."""
    try:
        return link_entry(REPLY_LINK, token)
    except LinkExpired as expired:
        # Authentic but too old: name the 募集 and whom to ask, unless the link would be refused
        # anyway (erased, replaced, withdrawn), which then says why.
        approach = link_payload_entry(REPLY_LINK, expired.payload)
        raise ReplyLinkExpired(str(expired), expired.payload, approach=approach) from None
