"""Whole pages that are the same for every visitor who has no session, rendered once per process.

A blank registration form differs between two such visitors only in its CSRF token. The page is
rendered once with a marker where the token goes, kept in the per-process "pages" cache (a deploy
starts new processes, so old HTML is never served), and each request gets the marker replaced by
its own token. Anyone with a session (a draft, a signed-in user, a message waiting) or a query
string (unless the page is keyed by it) gets the page rendered for them as before.
"""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token

MARK = "csrf-token-rendered-per-request"


def anonymous(request, *, keyed_by_query=False):
    """Whether the page is the same as anyone else's: no session, no message, and no query string
    unless the caller's key already holds what the query chose."""
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and (keyed_by_query or not request.GET)
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def _with_token(request, html):
    # Only a page with a form asks for a token (and so sets the CSRF cookie).
    return html.replace(MARK, get_token(request)) if MARK in html else html


def anonymous_page(request, key, render, *, keyed_by_query=False):
    """The page `render(context)` would give, served from the cache when `anonymous(request)`.

    `render` takes extra template context and returns the page's HttpResponse.
    """
    if not anonymous(request, keyed_by_query=keyed_by_query):
        return render({})
    pages = caches["pages"]
    html = pages.get(key)
    if html is None:
        response = render({"csrf_token": MARK})
        html = response.content.decode()
        if response.status_code != 200:
            return HttpResponse(_with_token(request, html), status=response.status_code)
        pages.set(key, html, None)
    return HttpResponse(_with_token(request, html))
