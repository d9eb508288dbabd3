"""The one Content-Security-Policy of the settings is on every response: pages rendered or kept
(portal.page_cache), static files, error pages and the admin."""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from portal.middleware import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


def _through(request, response=None):
    middleware = ContentSecurityPolicyMiddleware(lambda request: response or HttpResponse("ok"))
    return middleware(request)


def test_the_header_is_the_settings_policy_in_its_order(rf):
    response = _through(rf.get("/"))

    assert response["Content-Security-Policy"] == POLICY
    assert "Content-Security-Policy-Report-Only" not in response


def test_a_report_only_policy_is_sent_beside_the_enforced_one(rf, settings):
    settings.SECURE_CSP_REPORT_ONLY = {"default-src": ["'none'"], "report-uri": ["/csp/"]}

    response = _through(rf.get("/"))

    assert response["Content-Security-Policy-Report-Only"] == "default-src 'none'; report-uri /csp/"
    assert response["Content-Security-Policy"] == POLICY


def test_a_response_with_a_policy_of_its_own_keeps_it(rf):
    own = HttpResponse("ok", headers={"Content-Security-Policy": "default-src 'none'"})

    assert _through(rf.get("/"), own)["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.parametrize(
    "url,status",
    [
        (reverse("registry:privacy"), 200),  # rendered, then (below) kept
        ("/static/css/site.css", 200),
        ("/no-such-page/", 404),
        (reverse("admin:login"), 200),
    ],
)
def test_every_kind_of_response_carries_the_policy(url, status):
    for _ in range(2):  # a kept page comes from portal.page_cache the second time
        response = Client().get(url)
        assert response.status_code == status
        assert response["Content-Security-Policy"] == POLICY


def test_djangos_debug_error_pages_keep_their_inline_style(rf, settings):
    settings.DEBUG = True

    response = _through(rf.get("/"), HttpResponse("debug page", status=404))

    assert "Content-Security-Policy" not in response
