"""Signed, expiring personal links that let someone act on their own entry without an account.

A link holds the entry's id and a version number; raising the version (when a new link is sent,
or the entry is closed) makes every older link stop working.
"""

from datetime import timedelta

from django.core import signing


class LinkError(Exception):
    """A link that cannot be used; the message tells the person what to do (Japanese)."""

    def __init__(self, message, entry_id=None):
        super().__init__(message)
        self.entry_id = entry_id


def link_token(*, salt, pk, version):
    return signing.dumps({"r": pk, "v": version}, salt=salt)


def link_payload(token, *, salt, max_age_days):
    """(id, version) that a token carries; LinkError when it is forged or has expired."""
    try:
        payload = signing.loads(token, salt=salt, max_age=timedelta(days=max_age_days))
    except signing.SignatureExpired:
        raise LinkError(
            "このリンクは有効期限が切れています。下のページから新しいリンクを請求してください。"
        ) from None
    except signing.BadSignature:
        raise LinkError(
            "このリンクは正しくありません。メールに記載されたリンクをそのまま開いてください。"
        ) from None
    return payload.get("r"), payload.get("v")
