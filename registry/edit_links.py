"""Personal links with which a company edits or withdraws its registration, without an account.

A link is a signed token holding the registration's id and its edit_link_version. It expires
after settings.REGISTRATION_EDIT_LINK_DAYS, and stops working as soon as a newer link is issued
(the version is raised) or the registration is withdrawn. Issuing and mailing links is in
registry.company_edits.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Registration

SALT = "registry.edit-link"
CLOSED = Registration.CLOSED_STATUSES


class EditLinkError(Exception):
    """A link that cannot be used; the message tells the company what to do (Japanese)."""

    def __init__(self, message, registration_id=None, *, renewable=True):
        super().__init__(message)
        self.registration_id = registration_id
        self.renewable = renewable  # False where a new link would not help (a closed registration)


def edit_token(registration):
    return signing.dumps({"r": registration.pk, "v": registration.edit_link_version}, salt=SALT)


def absolute_url(path):
    return settings.SITE_URL.rstrip("/") + path


def edit_url(registration):
    return absolute_url(reverse("registry:edit", args=[edit_token(registration)]))


def registration_for_token(token):
    """The registration a link opens; EditLinkError when it is forged, old, expired or closed."""
    max_age = timedelta(days=settings.REGISTRATION_EDIT_LINK_DAYS)
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise EditLinkError(
            "この変更用リンクは有効期限が切れています"
            f"（有効期間は{settings.REGISTRATION_EDIT_LINK_DAYS}日です）。"
            "下の「変更用リンクを請求する」から、新しいリンクをメールで受け取れます。"
        ) from None
    except signing.BadSignature:
        raise EditLinkError(
            "このリンクは正しくありません。メールに記載されたリンクをそのまま開いてください。"
        ) from None
    registration = Registration.objects.filter(pk=payload.get("r")).first()
    if registration is None:
        raise EditLinkError("この登録は見つかりません。")
    if registration.status in CLOSED:
        raise EditLinkError(
            "この登録は取り下げられているため、変更できません。",
            registration_id=registration.pk,
            renewable=False,
        )
    if registration.edit_link_version != payload.get("v"):
        raise EditLinkError(
            "このリンクは、新しいリンクをお送りしたため使えなくなりました。最新のメールのリンクを開いてください。",
            registration_id=registration.pk,
        )
    return registration
