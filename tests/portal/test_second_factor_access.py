"""Every page asks for the second factor unless it is declared public (or is the page that asks
for it).

The test walks the URL resolver (the admin's patterns included) rather than a list of addresses,
so a staff page under a new prefix, or one whose access rule was forgotten, cannot slip past.
"""

import re
import uuid
from itertools import product
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, include, path, resolve, reverse
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)
from django.urls.resolvers import RoutePattern
from django.utils.regex_helper import normalize

from portal.access import needs_second_factor, staff_required
from portal.roles import MIC_GROUP, roles_apply
from tests.factories import login_verified, make_prefecture_user, make_user

pytestmark = pytest.mark.django_db

TWO_FACTOR = reverse("portal:two-factor")
SAMPLES = {
    IntConverter: "1",
    StringConverter: "x",
    SlugConverter: "x",
    PathConverter: "1",
    UUIDConverter: str(uuid.UUID(int=1)),
}


def _new_prefix_page(request):
    return HttpResponse("personal details")


# The urlconf of the new-prefix tests: a staff page under a prefix nothing else knows, and a page
# whose author forgot the access rule.
urlpatterns = [
    path("newprefix/staff/", staff_required(_new_prefix_page)),
    path("newprefix/forgotten/", _new_prefix_page),
    path("", include("config.urls")),
]
NEW_PREFIX_URLCONF = override_settings(ROOT_URLCONF=__name__)


def _sample(pattern):
    """The pattern's text with a value that fits in place of each argument."""
    if isinstance(pattern, RoutePattern):

        def value(match):
            converter = pattern.converters[match[1]]
            assert type(converter) in SAMPLES, f"no sample value for {converter!r} in {pattern}"
            return SAMPLES[type(converter)]

        return re.sub(r"<(?:\w+:)?(\w+)>", value, str(pattern))
    # A regular expression (the admin's app index and catch-all): the first candidates that fit.
    text, params = normalize(str(pattern))[0]
    candidates = ["1", "x", *(config.label for config in apps.get_app_configs())]
    for values in product(candidates, repeat=len(params)):
        filled = text % dict(zip(params, values, strict=True))
        if pattern.regex.fullmatch(filled):
            return filled
    raise AssertionError(f"no sample path fits {pattern}")


def _pages(resolver=None, prefix="/"):
    """(path, view) for every URL pattern, its arguments filled with sample values."""
    for entry in (resolver or get_resolver()).url_patterns:
        address = prefix + _sample(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _pages(entry, address)
        else:
            assert resolve(address).func is entry.callback, f"{address} reaches another view"
            yield address, entry.callback


def _unverified_clients():
    """Signed in with the password only: 総務省 staff and a prefecture's staff."""
    roles_apply()
    clients = {}
    for who, user in [
        ("mic", make_user("mic-no-2fa", groups=[MIC_GROUP])),
        ("prefecture", make_prefecture_user("pref-no-2fa", "01")),
    ]:
        clients[who] = Client()
        clients[who].force_login(user)
    return clients


def _let_through(prefix="/"):
    """The pages, not declared public, that a user without the second factor is not sent to it
    from, as "path (who): status location"."""
    found = []
    clients = _unverified_clients()
    for address, view in _pages():
        if not address.startswith(prefix) or not needs_second_factor(view):
            continue
        for who, client in clients.items():
            response = client.get(address)
            if response.status_code == 405:  # a form's target (require_POST): post to it
                response = client.post(address)
            asked = f"{TWO_FACTOR}?{urlencode({'next': address})}"
            if response.status_code != 302 or response["Location"] != asked:
                found.append(
                    f"{address} ({who}): {response.status_code} {response.get('Location')}"
                )
    return found


@NEW_PREFIX_URLCONF
def test_a_staff_page_under_a_new_prefix_asks_for_the_second_factor():
    client = _unverified_clients()["prefecture"]

    response = client.get("/newprefix/staff/")

    assert response.status_code == 302
    assert response["Location"] == f"{TWO_FACTOR}?{urlencode({'next': '/newprefix/staff/'})}"


@NEW_PREFIX_URLCONF
def test_the_walk_finds_a_page_that_forgot_its_access_rule():
    assert _let_through("/newprefix/") == [
        "/newprefix/forgotten/ (mic): 200 None",
        "/newprefix/forgotten/ (prefecture): 200 None",
    ]


def test_every_page_not_declared_public_asks_for_the_second_factor():
    assert _let_through() == []


def test_the_walk_reaches_every_app_and_the_admin():
    addresses = {address for address, _view in _pages()}

    assert {
        "/staff/",
        "/prefecture/companies/1/",
        "/accelerators/contracted/1/delete/",
        "/talent/staff/1/hire/",
        "/matching/funnel.xlsx",
        "/admin/",
        "/admin/registry/registration/1/change/",
        "/admin/registry/registration/import/00000000-0000-0000-0000-000000000001/",
        "/admin/1",  # the admin's catch-all
        "/staff/review/",
        "/staff/review/x/",
        "/staff/review/x/1/",
        "/staff/review/x/1/decide/",
    } <= addresses


def test_only_the_page_that_asks_for_the_second_factor_is_exempt_from_it():
    exempt = [address for address, view in _pages() if getattr(view, "second_factor_exempt", False)]

    assert exempt == [TWO_FACTOR]


@pytest.mark.parametrize(
    ("who", "address"),
    [
        ("mic", "/staff/"),
        ("mic", "/accelerators/"),
        ("mic", "/talent/staff/"),
        ("mic", "/matching/"),
        ("mic", "/admin/"),
        ("mic", "/accounts/2fa/backup-codes/"),
        ("mic", "/staff/review/"),
        ("mic", "/staff/review/companies/"),
        ("mic", "/staff/review/people/"),
        ("prefecture", "/staff/"),
        ("prefecture", "/prefecture/companies/"),
        ("prefecture", "/accelerators/"),
    ],
)
def test_staff_who_gave_the_second_factor_get_through(who, address, mic_user):
    user = mic_user if who == "mic" else make_prefecture_user("hokkaido", "01")
    client = login_verified(Client(), user)

    assert client.get(address).status_code == 200


def test_a_public_mark_does_not_carry_over_into_a_staff_rule():
    from portal.access import needs_second_factor, prefecture_staff_required, public, staff_required

    @public
    def page(request):
        raise AssertionError("never reached in this test")

    assert not needs_second_factor(page)
    assert needs_second_factor(staff_required(page))
    assert needs_second_factor(prefecture_staff_required(page))
