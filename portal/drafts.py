"""Unfinished answers between 入力 and 完了, kept in the server-side session, one per token.

Each draft has its own token, which the confirmation page posts back: two tabs of one browser
hold two drafts, and 登録 stores exactly the draft that its page showed. The answers never
travel in hidden fields the client could edit; only the token does.
"""

import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

# Enough for several tabs; the oldest go first so a session never grows without bound.
MAX_DRAFTS = 10


def draft_token(value: object) -> str | None:
    """The token as a string if `value` is a well-formed one, else None."""
    try:
        return str(uuid.UUID(str(value)))
    except (TypeError, ValueError):
        return None


def _kept(items: Mapping[str, Any]) -> dict[str, Any]:
    return dict(list(items.items())[-MAX_DRAFTS:])


def draft_save(
    session: SessionBase, key: str, *, data: Any, token: str | None = None, **extra: Any
) -> str:
    """Store answers (as posted) under `token`, or under a new token; returns the token."""
    drafts = session.get(key, {})
    known = draft_token(token) if token in drafts else None
    token = known or str(uuid.uuid4())
    drafts.pop(token, None)
    drafts[token] = {"data": data, **extra}
    session[key] = _kept(drafts)
    return token


def draft_load(session: SessionBase, key: str, token: object) -> dict[str, Any] | None:
    """The draft stored under `token`, or None (unknown token, or the session has expired)."""
    known = draft_token(token)
    if known is None:
        return None
    draft: dict[str, Any] | None = session.get(key, {}).get(known)
    return draft


def draft_complete(session: SessionBase, key: str, token: str, result: Any) -> None:
    """Forget the draft and remember what it became (a registration id) for its 完了 page."""
    drafts = session.get(key, {})
    drafts.pop(token, None)
    session[key] = drafts
    done_key = f"{key}_done"
    done = session.get(done_key, {})
    done.pop(token, None)
    done[token] = result
    session[done_key] = _kept(done)


def draft_result(session: SessionBase, key: str, token: object) -> Any:
    """What a completed draft became, or None."""
    known = draft_token(token)
    if known is None:
        return None
    return session.get(f"{key}_done", {}).get(known)
