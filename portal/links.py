"""Signed, expiring personal links that let someone act on their own entry without an account.

A link holds the entry's id and a version number; raising the version (when a new link is sent,
or the entry is closed) makes every older link stop working.

Every view that such a link opens takes the signed token as its URL argument `token`: that is how
`personal_links_masked` recognises a personal link in a stored mail, whatever its kind.
"""

import re
from collections.abc import Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.urls import Resolver404, resolve

from .mail import URL


class LinkError(Exception):
    """A link that cannot be used; the message tells the person what to do (Japanese).
    `renewable` is False where a new link would not help either (the entry is closed)."""

    def __init__(self, message, entry_id=None, *, renewable=True):
        super().__init__(message)
        self.entry_id = entry_id
        self.renewable = renewable


class LinkExpired(LinkError):
    """An authentic link past its age. `payload` is the (id, version) it carries, read only after
    its signature was verified: enough for a page to say whom to ask, never to act on the entry."""

    def __init__(self, message: str, payload: tuple, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.payload = payload


def link_token(*, salt, pk, version):
    return signing.dumps({"r": pk, "v": version}, salt=salt)


def link_payload(token: str, *, salt: str, max_age_days: int, expired_message: str) -> tuple:
    """(id, version) that a token carries; LinkError when it is forged, LinkExpired (saying
    `expired_message`: each kind of link says where to turn) when it has expired."""
    try:
        payload = signing.loads(token, salt=salt, max_age=timedelta(days=max_age_days))
    except signing.SignatureExpired:
        # The signature was verified before the age was checked (TimestampSigner.unsign): the
        # payload is authentic, only too old. Without max_age, loads checks the signature alone.
        payload = signing.loads(token, salt=salt)
        raise LinkExpired(expired_message, (payload.get("r"), payload.get("v"))) from None
    except signing.BadSignature:
        raise LinkError(
            "このリンクは正しくありません。メールに記載されたリンクをそのまま開いてください。"
        ) from None
    return payload.get("r"), payload.get("v")


# What staff read in place of a personal link in a stored mail.
PERSONAL_LINK_MASK = "（個人用リンク）"
# A signed token as django.core.signing.dumps writes it (payload:timestamp:signature, the
# signature 43 characters of HMAC-SHA256), wherever it stands, with or without its URL around it.
_SIGNED_TOKEN = re.compile(r"[A-Za-z0-9_-]+:[A-Za-z0-9]+:[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")


def _is_personal_link(url: str) -> bool:
    """Whether `url` opens a view of this site through a signed token (its `token` argument)."""
    site = settings.SITE_URL.rstrip("/")
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
