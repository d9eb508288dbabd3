"""The personal link with which a company edits or withdraws its registration, without an
account (portal.links). It expires after settings.REGISTRATION_EDIT_LINK_DAYS, and stops working
as soon as a newer link is issued (the version is raised) or the registration is withdrawn.
Issuing and mailing links is in portal.self_service (declared in registry.company_edits)."""

from django.conf import settings

from portal.links import LinkError, PersonalLink, link_entry, link_token, link_url

from .models import Registration

CLOSED = Registration.CLOSED_STATUSES


def _closed(registration: Registration) -> LinkError | None:
    if registration.status in CLOSED:
        return LinkError("この登録は取り下げられているため、変更できません。")
    return None


EDIT_LINK = PersonalLink(
    salt="registry.edit-link",
    lifetime_days=lambda: settings.REGISTRATION_EDIT_LINK_DAYS,
    url_name="registry:edit",
    find=lambda pk: Registration.objects.filter(pk=pk).first(),
    expired_message=lambda: (
        "この変更用リンクは有効期限が切れています"
        f"（有効期間は{settings.REGISTRATION_EDIT_LINK_DAYS}日です）。"
        "下の「変更用リンクを請求する」から、新しいリンクをメールで受け取れます。"
    ),
    refusal=_closed,
)


def edit_token(registration: Registration) -> str:
    return link_token(EDIT_LINK, registration)


def edit_url(registration: Registration) -> str:
    return link_url(EDIT_LINK, registration)


def registration_for_token(token: str) -> Registration:
    """The registration a link opens; LinkError when it is forged, old, expired or closed."""
    return link_entry(EDIT_LINK, token)
