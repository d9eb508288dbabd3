"""The signed link in a 打診 mail, with which the recipient answers without an account."""

from django.conf import settings
from django.urls import reverse

from portal.links import LinkError, LinkExpired, link_payload, link_token

from .models import Approach

SALT = "matching.approach"


class ReplyLinkError(LinkError):
    """A reply link that no longer answers, but whose 募集 the page may still name: an expired
    link of a recipient still in the pool. There is no new link to request (only staff send
    打診), so the page shows the 募集's 応募・問合せ先 instead. It carries its 打診 too: when the
    募集 has ended or staff recorded an outcome, the page says that (as the live link would)
    rather than asking the person to send their interest to the contact."""

    def __init__(self, message: str, *, approach: Approach) -> None:
        super().__init__(message, renewable=False)
        self.approach = approach
        self.need = approach.need


def answer_url(approach):
    token = link_token(salt=SALT, pk=approach.pk, version=approach.link_version)
    return settings.SITE_URL.rstrip("/") + reverse("matching:answer", args=[token])


def _approach(pk: int) -> Approach | None:
    return (
        Approach.objects.select_related("need__prefecture", "registration", "specialist")
        .filter(pk=pk)
        .first()
    )


def approach_for_token(token: str) -> Approach:
    """The 打診 a link answers; LinkError when it is forged, expired (ReplyLinkError), replaced
    (erased), or its recipient has withdrawn."""
    try:
        pk, version = link_payload(
            token,
            salt=SALT,
            max_age_days=settings.APPROACH_LINK_DAYS,
            expired_message=(
                "この返答用リンクは有効期限が切れています"
                f"（有効期間は{settings.APPROACH_LINK_DAYS}日です）。ここからは回答できないため、"
                "ご関心の有無は、下の応募・問合せ先へ直接お知らせください。"
            ),
        )
    except LinkExpired as expired:
        # Authentic but too old: name the 募集 and whom to ask, unless the link would be refused
        # anyway (erased, replaced, withdrawn), which then says why.
        pk, version = expired.payload
        approach = _approach(pk)
        _refuse_closed_or_replaced(approach, version)
        raise ReplyLinkError(str(expired), approach=approach) from None
    approach = _approach(pk)
    _refuse_closed_or_replaced(approach, version)
    return approach


def _refuse_closed_or_replaced(approach: Approach | None, version: int) -> None:
    if approach is not None and approach.personal_data_erased_at:
        raise LinkError("このご相談への回答の受付は終了しました。", renewable=False)
    if approach is None or approach.link_version != version:
        raise LinkError(
            "このリンクは使えません。メールに記載されたリンクをそのまま開いてください。",
            renewable=False,
        )
    if approach.recipient_closed:
        raise LinkError(
            "この登録は取り下げられているため、このリンクは使えません。", renewable=False
        )
