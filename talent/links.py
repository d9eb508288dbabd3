"""Personal links with which a person edits, withdraws or erases their entry (portal.links)."""

from django.conf import settings
from django.urls import reverse

from portal.links import LinkError, link_payload, link_token

from .models import Specialist

SALT = "talent.edit-link"
CLOSED = Specialist.CLOSED_STATUSES
CLOSED_MESSAGES = {
    Specialist.Status.WITHDRAWN: "この登録は取り下げられているため、開けません。",
    Specialist.Status.DUPLICATE: (
        "この登録は、同じ方の別の登録と重複していたため終了しています。"
        "もう一方の登録のメールにあるリンクをお使いください。"
    ),
    Specialist.Status.ERASED: "この登録の個人情報は消去済みのため、開けません。",
}


def edit_token(specialist):
    return link_token(salt=SALT, pk=specialist.pk, version=specialist.edit_link_version)


def edit_url(specialist):
    path = reverse("talent:edit", args=[edit_token(specialist)])
    return settings.SITE_URL.rstrip("/") + path


def specialist_for_token(token):
    """The entry a link opens; LinkError when it is forged, old, expired or closed."""
    pk, version = link_payload(
        token,
        salt=SALT,
        max_age_days=settings.TALENT_EDIT_LINK_DAYS,
        expired_message=(
            "この変更用リンクは有効期限が切れています"
            f"（有効期間は{settings.TALENT_EDIT_LINK_DAYS}日です）。"
            "下の「新しい変更用リンクを請求する」から、新しいリンクをメールで受け取れます。"
        ),
    )
    specialist = Specialist.objects.filter(pk=pk).first()
    if specialist is None:
        raise LinkError("この登録は見つかりません。")
    if specialist.status in CLOSED:
        raise LinkError(CLOSED_MESSAGES[specialist.status], entry_id=specialist.pk, renewable=False)
    if specialist.edit_link_version != version:
        raise LinkError(
            "このリンクは、新しいリンクをお送りしたため使えなくなりました。"
            "最新のメールのリンクを開いてください。",
            entry_id=specialist.pk,
        )
    return specialist
