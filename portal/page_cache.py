"""Whole pages that are the same for every visitor who has no session, kept per process and
served before the session, authentication and the view run.

A blank registration form differs between two such visitors only in its CSRF token, and the
public list only when the list changes. A view hands such a page to `shared_page` (or is wrapped
in `shared_when_anonymous`), which renders it with a marker where the token goes.
`SharedPageMiddleware` keeps the page under its URL in the per-process "pages" cache (a deploy
starts new processes, so old HTML is never served), and answers the next visitor without a
session from there, with the marker replaced by that visitor's own token. Rendering and the nine
middleware below it cost about three quarters of such a request.

Nothing is kept for longer than LONGEST, so a page that depends on something no key names
(reference data, a setting read at render time) is true again within the hour at the latest;
what must show at once is in the page's key or its `valid_while` (the public list's version).
Everything kept in the "pages" cache is kept under a key from `page_key`, the one scheme.

Anyone with a session (a draft, a signed-in user) or a message waiting gets the page rendered for
them as before. A page that sets a cookie of its own, or used a real token, is never kept.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

from .middleware import GetResponse

MARK = "csrf-token-rendered-per-request"
_MARK = MARK.encode()
_KEY = "shared_page_key"
# The longest anything is kept in the "pages" cache.
LONGEST = timedelta(hours=1)


def page_key(kind: str, *parts: object) -> str:
    """The "pages" cache's key for a kept thing: its kind ("page", "public-list"), then what
    chose it (a URL; a version, a filter, a page number). The only place such keys are made."""
    return ":".join([kind, *(str(part) for part in parts)])


@dataclass(frozen=True)
class SharedPage:
    """A kept page: what the view and the middleware below this one made of it, but its token."""

    headers: dict[str, str]
    body: bytes
    # The page stays true until this time.time(), and while calling `check` still gives `value`.
    expires_at: float | None = None
    check: str | None = None
    value: object = None

    def current(self) -> bool:
        if self.expires_at is not None and time.time() >= self.expires_at:
            return False
        return self.check is None or _function(self.check)() == self.value


@cache
def _function(path: str) -> Callable[[], object]:
    return import_string(path)


def anonymous(request: HttpRequest, *, keyed_by_query: bool = False) -> bool:
    """Whether the page is the same as anyone else's: no session, no message, and no query string
    unless the caller's key already holds what the query chose."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and (keyed_by_query or not request.META.get("QUERY_STRING"))
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def shared_page(
    request: HttpRequest,
    render: Callable[[dict[str, Any]], HttpResponse],
    *,
    keyed_by_query: bool = False,
    valid_while: tuple[Callable[[], object], object] | None = None,
    expires_at: datetime | None = None,
) -> HttpResponse:
    """The page `render(context)` gives, marked to be kept for every visitor without a session.

    `render` takes extra template context and returns the page's HttpResponse. A page whose query
    string chose what it shows says so with `keyed_by_query` (its view must accept only the one
    spelling of each query, so that odd ones cannot fill the cache). `valid_while` is
    (function, value): the page is rendered again once function() no longer gives value; the
    function must be importable by its name. `expires_at` is an aware datetime.
    """
    if getattr(request, _KEY, None) is None or not anonymous(
        request, keyed_by_query=keyed_by_query
    ):
        return render({})
    response = render({"csrf_token": MARK})
    check, value = valid_while or (None, None)
    response.shared_page = {  # type: ignore[attr-defined]  # read by SharedPageMiddleware
        "expires_at": expires_at.timestamp() if expires_at else None,
        "check": f"{check.__module__}.{check.__qualname__}" if check else None,
        "value": value,
    }
    return response


def shared_when_anonymous(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """A view whose GET page, without a query string, is the same for every visitor without a
    session (its template uses no CSRF token)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return shared_page(request, lambda extra: view(request, *args, **kwargs))

    return wrapper


class SharedPageMiddleware:
    """Serves the pages that `shared_page` marks; place it above the session middleware."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not anonymous(request, keyed_by_query=True):
            return self.get_response(request)
        # get_host() also refuses a host name that is not allowed, as CommonMiddleware would.
        key = page_key("page", f"{request.scheme}://{request.get_host()}{request.get_full_path()}")
        pages = caches["pages"]
        page = pages.get(key)
        if page is not None and page.current():
            self.csrf.process_request(request)  # the visitor's own CSRF cookie, if any
            return self._deliver(request, HttpResponse(page.body, headers=page.headers))
        setattr(request, _KEY, key)
        response = self.get_response(request)
        sharing = getattr(response, "shared_page", None)
        # shared_page marks only whole (not streamed) pages.
        if sharing is None or not isinstance(response, HttpResponse):
            return response
        if response.status_code == 200 and not response.cookies:
            headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
            page = SharedPage(headers=headers, body=response.content, **sharing)
            timeout = LONGEST.total_seconds()
            if page.expires_at is not None:
                timeout = min(timeout, max(1, int(page.expires_at - time.time()) + 1))
            pages.set(key, page, timeout)
        return self._deliver(request, response)

    def _deliver(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """The page with this visitor's token in place of the marker."""
        if _MARK in response.content:
            response.content = response.content.replace(_MARK, get_token(request).encode())
            self.csrf.process_response(request, response)  # sets the visitor's CSRF cookie
        response["Content-Length"] = str(len(response.content))
        # Whether the page came from here depends on the cookies: shared caches must keep apart.
        patch_vary_headers(response, ("Cookie",))
        return response
