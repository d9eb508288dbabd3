"""Blank forms are rendered once per process for visitors without a session; each visitor still
gets a CSRF token of their own that the form's POST accepts."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from portal.page_cache import MARK

pytestmark = pytest.mark.django_db
FORMS = [reverse("registry:register"), reverse("talent:register")]


def _token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("url", FORMS)
def test_each_visitor_gets_a_token_of_their_own_that_the_post_accepts(url):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    pages = [client.get(url).content.decode() for client in (first, second, first)]

    assert all(MARK not in html for html in pages)
    assert "Cookie" in first.get(url)["Vary"]  # a shared cache keeps signed-in pages apart
    assert _token(pages[0]) != _token(pages[1])
    # A POST with the page's token and the visitor's cookie passes the CSRF check (an empty
    # form comes back with its errors, 200, rather than the 403 of a failed check).
    response = second.post(url, {"csrfmiddlewaretoken": _token(pages[1])})
    assert response.status_code == 200
    assert "入力内容に誤りがあります" in response.content.decode()
    # The other visitor's token with this visitor's cookie is refused.
    other = Client(enforce_csrf_checks=True)
    other.get(url)
    assert other.post(url, {"csrfmiddlewaretoken": "x" * 32}).status_code == 403


@pytest.mark.parametrize("url", FORMS)
def test_a_visitor_with_a_session_or_a_query_gets_the_page_made_for_them(client, url):
    client.get(url)  # fills the cache
    client.cookies["sessionid"] = "no-such-session"
    with_session = client.get(url).content.decode()
    with_query = Client().get(url, {"draft": str(uuid.uuid4())}).content.decode()

    assert MARK not in with_session and MARK not in with_query
    assert "入力内容が失われました" in with_query  # an unknown draft is not the blank page


def test_the_cached_public_list_varies_on_the_cookie(client):
    """Signed-in staff see the same URL with their menu: a shared cache must not mix them up."""
    for _ in range(2):  # rendered, then from the cache
        response = client.get(reverse("registry:companies"), {"prefecture": "13"})
        assert "Cookie" in response.get("Vary", "")
