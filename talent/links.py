"""The personal link with which a person edits, withdraws or erases their entry (portal.links)."""

from django.conf import settings

from portal.links import LinkError, PersonalLink, link_entry, link_token, link_url

from .models import Specialist

CLOSED = Specialist.CLOSED_STATUSES
CLOSED_MESSAGES = {
    Specialist.Status.WITHDRAWN: "この登録は取り下げられているため、開けません。",
    Specialist.Status.DUPLICATE: (
        "この登録は、同じ方の別の登録と重複していたため終了しています。"
        "もう一方の登録のメールにあるリンクをお使いください。"
    ),
    Specialist.Status.ERASED: "この登録の個人情報は消去済みのため、開けません。",
}


def _closed(specialist: Specialist) -> LinkError | None:
    if specialist.status in CLOSED:
        return LinkError(CLOSED_MESSAGES[specialist.status])
    return None


EDIT_LINK = PersonalLink(
    salt="talent.edit-link",
    lifetime_days=lambda: settings.TALENT_EDIT_LINK_DAYS,
    url_name="talent:edit",
    find=lambda pk: Specialist.objects.filter(pk=pk).first(),
    expired_message=lambda: (
        "この変更用リンクは有効期限が切れています"
        f"（有効期間は{settings.TALENT_EDIT_LINK_DAYS}日です）。"
        "下の「新しい変更用リンクを請求する」から、新しいリンクをメールで受け取れます。"
    ),
    refusal=_closed,
)


def edit_token(specialist: Specialist) -> str:
    return link_token(EDIT_LINK, specialist)


def edit_url(specialist: Specialist) -> str:
    return link_url(EDIT_LINK, specialist)


def specialist_for_token(token: str) -> Specialist:
    """The entry a link opens; LinkError when it is forged, old, expired or closed."""
    return link_entry(EDIT_LINK, token)
