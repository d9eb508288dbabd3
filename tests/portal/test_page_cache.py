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


SHARED = [
    reverse("portal:home"),
    reverse("registry:register"),
    reverse("registry:privacy"),
    reverse("registry:companies"),
    reverse("registry:companies") + "?prefecture=13&page=1",
    reverse("talent:register"),
    reverse("talent:privacy"),
]


def _without_token(response):
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _headers(response):
    return {name: value for name, value in response.items() if name not in ("Expires", "Date")}


@pytest.mark.parametrize("url", SHARED)
def test_a_kept_page_is_the_rendered_page_with_the_same_headers(url, django_assert_max_num_queries):
    rendered = Client().get(url)
    # The public list asks only whether it has changed; the other pages ask the database nothing.
    with django_assert_max_num_queries(1 if "companies" in url else 0):
        kept = Client().get(url)

    assert rendered.status_code == kept.status_code == 200
    assert _headers(kept) == _headers(rendered)
    assert _without_token(kept) == _without_token(rendered)
    assert "Cookie" in kept["Vary"]
    assert kept["Content-Length"] == str(len(kept.content))
    assert kept["Content-Security-Policy"] and kept["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", [reverse("registry:register"), reverse("registry:companies")])
def test_head_gets_the_kept_pages_headers_without_its_body(client, url):
    got = client.get(url)
    head = Client().head(url)

    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == got["Content-Length"]


def test_a_host_name_not_allowed_is_refused_for_a_kept_page_too(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    client.get(reverse("portal:home"))

    assert Client().get(reverse("portal:home"), HTTP_HOST="evil.example").status_code == 400


def test_a_visitor_who_has_a_csrf_cookie_keeps_it(csrf_client):
    url = reverse("registry:register")
    csrf_client.get(url)
    cookie = csrf_client.cookies["csrftoken"].value

    page = csrf_client.get(url)  # from the cache now

    assert page.cookies["csrftoken"].value == cookie
    assert (
        csrf_client.post(url, {"csrfmiddlewaretoken": _token(page.content.decode())}).status_code
        == 200
    )


@pytest.mark.parametrize(
    "query",
    [
        "page=01",
        "page=2&prefecture=13",
        "prefecture=13&page=2&page=2",
        "prefecture=99",
        "x=1",
        "page=101",
    ],
)
def test_the_list_is_kept_under_one_spelling_of_each_query_only(client, query):
    from django.core.cache import caches

    url = f"{reverse('registry:companies')}?{query}"
    response = client.get(url)

    assert response.status_code == 200
    assert caches["pages"].get(f"page:http://testserver{url}") is None


def test_the_list_is_kept_under_its_own_spelling(client):
    from django.core.cache import caches

    url = f"{reverse('registry:companies')}?prefecture=13&page=1"
    client.get(url)

    assert caches["pages"].get(f"page:http://testserver{url}") is not None


def test_a_signed_in_user_gets_their_own_front_page(mic_client):
    Client().get(reverse("portal:home"))  # kept for visitors

    html = mic_client.get(reverse("portal:home")).content.decode()

    assert reverse("portal:logout") in html
    assert reverse("portal:logout") not in Client().get(reverse("portal:home")).content.decode()


def _middleware_with(view):
    """The middleware in front of `view`, and a list of the requests that reached the view."""
    from portal.page_cache import SharedPageMiddleware

    reached = []

    def get_response(request):
        reached.append(request)
        return view(request)

    return SharedPageMiddleware(get_response), reached


def _page(status=200, cookie=False):
    from django.http import HttpResponse

    from portal.page_cache import shared_page

    def view(request):
        def render(extra):
            response = HttpResponse(f"<p>{extra.get('csrf_token', 'none')}</p>", status=status)
            if cookie:
                response.set_cookie("chosen", "1")
            return response

        return shared_page(request, render)

    return view


@pytest.mark.parametrize("kwargs", [{}, {"status": 404}, {"cookie": True}])
def test_only_a_plain_200_page_is_kept(rf, kwargs):
    middleware, reached = _middleware_with(_page(**kwargs))

    first, second = middleware(rf.get("/p/")), middleware(rf.get("/p/"))

    assert len(reached) == (1 if not kwargs else 2)
    for response in (first, second):
        assert MARK.encode() not in response.content  # the visitor's own token is in place
        assert response.status_code == kwargs.get("status", 200)


def test_a_page_stops_being_kept_when_its_check_changes_or_it_expires(rf):
    from datetime import timedelta

    import time_machine
    from django.http import HttpResponse
    from django.utils import timezone

    from portal.page_cache import shared_page

    expires_at = timezone.now() + timedelta(minutes=5)

    def view(request):
        return shared_page(
            request,
            lambda extra: HttpResponse("list"),
            valid_while=(_current_version, _current_version()),
            expires_at=expires_at,
        )

    _VERSIONS[:] = [1]
    middleware, reached = _middleware_with(view)
    middleware(rf.get("/p/"))
    middleware(rf.get("/p/"))
    assert len(reached) == 1
    _VERSIONS[:] = [2]
    middleware(rf.get("/p/"))
    middleware(rf.get("/p/"))
    assert len(reached) == 2
    with time_machine.travel(expires_at + timedelta(seconds=1), tick=False):
        middleware(rf.get("/p/"))
    assert len(reached) == 3


def test_no_page_is_kept_longer_than_an_hour(rf):
    """Even one with nothing to check: what no key names is true again within the hour."""
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    middleware, reached = _middleware_with(_page())
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        middleware(rf.get("/p/"))
    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        middleware(rf.get("/p/"))
    assert len(reached) == 1
    with time_machine.travel(start + timedelta(hours=1, seconds=1), tick=False):
        middleware(rf.get("/p/"))
    assert len(reached) == 2


def test_no_template_keeps_a_fragment_of_its_own():
    """Pages are kept whole under page_key, once: no {% cache %} inside them with keys and
    lifetimes of their own."""
    from django.conf import settings

    folders = settings.TEMPLATES[0]["DIRS"]
    templates = [path for folder in folders for path in folder.rglob("*.html")]
    loads_cache = re.compile(r"{%\s*load\s[^%]*\bcache\b")

    assert templates
    assert [path.name for path in templates if loads_cache.search(path.read_text())] == []


_VERSIONS = [1]


def _current_version():
    return _VERSIONS[0]


def test_a_page_past_the_end_of_the_list_is_not_kept(client):
    from django.core.cache import caches

    url = f"{reverse('registry:companies')}?page=7"  # an empty list has one page
    response = client.get(url)

    assert response.status_code == 200
    assert caches["pages"].get(f"page:http://testserver{url}") is None
