"""Signed, expiring personal links that let someone act on their own entry without an account.

A link holds the entry's id and a version number; raising the version (when a new link is sent,
or the entry is closed) makes every older link stop working.

Every view that such a link opens takes the signed token as its URL argument `token`: that is how
`personal_links_masked` recognises a personal link in a stored mail, whatever its kind.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.urls import Resolver404, resolve, reverse

from .mail import URL, absolute_url


class LinkError(Exception):
    """A link that cannot be used; the message tells the person what to do (Japanese).
    `renewable` is False where a new link would not help either (the entry is closed)."""

    def __init__(self, message: str, entry_id: Any = None, *, renewable: bool = True) -> None:
        super().__init__(message)
        self.entry_id = entry_id
        self.renewable = renewable


class LinkExpired(LinkError):
    """An authentic link past its age. `payload` is the (id, version) it carries, read only after
    its signature was verified: enough for a page to say whom to ask, never to act on the entry."""

    def __init__(self, message: str, payload: tuple, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.payload = payload


REPLACED_MESSAGE = "このリンクは、新しいリンクをお送りしたため使えなくなりました。最新のメールのリンクを開いてください。"
FORGED_MESSAGE = "このリンクは正しくありません。メールに記載されたリンクをそのまま開いてください。"


@dataclass(frozen=True)
class PersonalLink:
    """One kind of signed link (an edit link, a reply link…): what it signs and how it refuses.

    The token is `signing.dumps({key: pk, "v": version}, salt=salt)`; changing the salt, the key
    or the payload's shape would break every link already mailed.
    """

    salt: str
    lifetime_days: Callable[[], int]  # read when a link is opened, so settings may change
    url_name: str  # the page the link opens, taking the token
    find: Callable[[Any], Any]  # the entry with this pk, or None
    expired_message: Callable[[], str]  # where to turn instead (it may name the lifetime)
    # The entry's version: raising it makes older links stop working. None: a link never replaced.
    version_field: str | None = "edit_link_version"
    # Why a found entry may not be opened any more (a closed entry), or None.
    refusal: Callable[[Any], "LinkError | None"] = lambda entry: None
    unknown_message: str = "この登録は見つかりません。"
    replaced_message: str = REPLACED_MESSAGE
    renewable: bool = True  # whether the person may request a new link (only staff send some)
    key: str = "r"  # the payload's name for the pk


def link_token(link: PersonalLink, entry: Any) -> str:
    """The signed token that opens `entry` through `link`."""
    payload = {link.key: entry.pk}
    if link.version_field:
        payload["v"] = getattr(entry, link.version_field)
    return signing.dumps(payload, salt=link.salt)


def link_url(link: PersonalLink, entry: Any) -> str:
    """The absolute URL of `entry`'s link, as written in its mails."""
    return absolute_url(reverse(link.url_name, args=[link_token(link, entry)]))


def link_entry(link: PersonalLink, token: str) -> Any:
    """The entry a token opens; LinkError when it is forged, unknown, closed or replaced, and
    LinkExpired (carrying its payload) when it is authentic but too old."""
    try:
        payload = signing.loads(token, salt=link.salt, max_age=timedelta(days=link.lifetime_days()))
    except signing.SignatureExpired:
        # The signature was verified before the age was checked (TimestampSigner.unsign): the
        # payload is authentic, only too old. Without max_age, loads checks the signature alone.
        payload = signing.loads(token, salt=link.salt)
        raise LinkExpired(
            link.expired_message(),
            (payload.get(link.key), payload.get("v")),
            renewable=link.renewable,
        ) from None
    except signing.BadSignature:
        raise LinkError(FORGED_MESSAGE, renewable=link.renewable) from None
    return link_payload_entry(link, (payload.get(link.key), payload.get("v")))


def link_payload_entry(link: PersonalLink, payload: tuple) -> Any:
    """The entry an authentic (pk, version) names, if the link may still open it: LinkError when
    it is unknown, closed (never renewable) or replaced. An expired link's page uses it to say
    who the entry is only when the live link would have opened it."""
    pk, version = payload
    entry = link.find(pk)
    if entry is None:
        raise LinkError(link.unknown_message, renewable=link.renewable)
    refusal = link.refusal(entry)
    if refusal is not None:
        refusal.entry_id, refusal.renewable = entry.pk, False
        raise refusal
    if link.version_field and getattr(entry, link.version_field) != version:
        raise LinkError(link.replaced_message, entry_id=entry.pk, renewable=link.renewable)
    return entry


def edit_link(
    *,
    model: type[Any],  # the app's entry model: its manager is the app's own
    lifetime_setting: str,
    request_label: str,
    closed_messages: dict[str, str],
) -> PersonalLink:
    """The edit link of a self-registered entry (portal.self_service): it opens the page
    `<app label>:edit`, signs with the salt `<app label>.edit-link` (never to change: links already
    mailed would stop working), lives settings.<lifetime_setting> days and is replaced by each
    new link. `closed_messages` says, for each closed status, why the link no longer opens the
    entry; an expired link points to the page's button `request_label` for a new one."""
    app = model._meta.app_label

    def days() -> int:
        return getattr(settings, lifetime_setting)

    def closed(entry: Any) -> LinkError | None:
        message = closed_messages.get(entry.status)
        return LinkError(message) if message else None

    return PersonalLink(
        salt=f"{app}.edit-link",
        lifetime_days=days,
        url_name=f"{app}:edit",
        find=lambda pk: model.objects.filter(pk=pk).first(),
        expired_message=lambda: (
            f"この変更用リンクは有効期限が切れています（有効期間は{days()}日です）。"
            f"下の「{request_label}」から、新しいリンクをメールで受け取れます。"
        ),
        refusal=closed,
    )


# What staff read in place of a personal link in a stored mail.
PERSONAL_LINK_MASK = "（個人用リンク）"
# A signed token as django.core.signing.dumps writes it (payload:timestamp:signature, the
# signature 43 characters of HMAC-SHA256), wherever it stands, with or without its URL around it.
_SIGNED_TOKEN = re.compile(r"[A-Za-z0-9_-]+:[A-Za-z0-9]+:[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")


def _is_personal_link(url: str) -> bool:
    """Whether `url` opens a view of this site through a signed token (its `token` argument)."""
    site = absolute_url("")
    path = url[len(site) :] if url.startswith(site) else urlsplit(url).path
    try:
        match = resolve(urlsplit(path).path or "/")
    except Resolver404:
        return False
    return "token" in match.kwargs


def personal_links_masked(text: str) -> str:
    """A stored mail's text as staff may read it: every personal link (edit, reconfirmation,
    reply, and any kind added later) replaced by 「（個人用リンク）」, so that nobody but its
    recipient can act with it. Other links (the privacy notice, the link request page) stay."""
    text = URL.sub(
        lambda match: PERSONAL_LINK_MASK if _is_personal_link(match.group()) else match.group(),
        text,
    )
    return _SIGNED_TOKEN.sub(PERSONAL_LINK_MASK, text)


def personal_link_misuse(source: str, *, names: Iterable[str]) -> str | None:
    """Why a mail text that staff edit (Django template source) may not be saved, or None.

    A personal link may only be written as it is (「{{ edit_url }}」): the stored mail then holds
    it whole, and staff read it masked. A filter or a tag could spell it out in a shape that no
    mask recognises (spaced out, without its https://), for anyone who reads the stored mail.
    """
    for name in names:
        uses = len(re.findall(rf"\b{name}\b", source))
        whole = len(re.findall(rf"\{{\{{\s*{name}\s*\}}\}}", source))
        if uses != whole:
            return (
                f"個人用リンクは「{{{{ {name} }}}}」とそのまま書いてください"
                "（フィルターやタグの中では使えません）。"
            )
    return None
