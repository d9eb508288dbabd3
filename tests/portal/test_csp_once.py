"""The policy built once per process is the policy django-csp would build, and anything that
changes it for one response (a nonce, a view's own policy) still goes through django-csp."""

import pytest
from csp.constants import HEADER, NONCE
from csp.middleware import CSPMiddleware
from django.http import HttpResponse

from portal.middleware import PolicyOnceCSPMiddleware


def _through(middleware_class, request, make_response):
    middleware = middleware_class(lambda request: make_response(request))
    return middleware(request)


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


def _plain(request):
    return HttpResponse("ok")


def _with_update(request):
    response = HttpResponse("ok")
    response._csp_update = {"img-src": ["https://maps.example"]}
    return response


def _with_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


def _exempt(request):
    response = HttpResponse("ok")
    response._csp_exempt = True
    return response


def _directives(header):
    return sorted(part.strip() for part in header.split(";"))


@pytest.mark.parametrize("view", [_plain, _with_update, _exempt])
def test_the_headers_are_django_csps_own(rf, production, view):
    ours = _through(PolicyOnceCSPMiddleware, rf.get("/"), view)
    theirs = _through(CSPMiddleware, rf.get("/"), view)

    assert (HEADER in ours) == (HEADER in theirs) == (view is not _exempt)
    if view is not _exempt:
        assert _directives(ours[HEADER]) == _directives(theirs[HEADER])


def test_a_views_own_policy_is_not_kept_for_the_next_response(rf, production):
    middleware = PolicyOnceCSPMiddleware(lambda request: _with_update(request))
    plain = PolicyOnceCSPMiddleware(lambda request: _plain(request))

    updated = middleware(rf.get("/"))[HEADER]
    after = plain(rf.get("/"))[HEADER]

    assert "https://maps.example" in updated and "https://maps.example" not in after


def test_a_nonce_is_new_for_every_response(rf, production, settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"], "script-src": [NONCE]}
    }
    middleware = PolicyOnceCSPMiddleware(_with_nonce)

    first, second = middleware(rf.get("/")), middleware(rf.get("/"))

    assert "nonce-" in first[HEADER] and first[HEADER] != second[HEADER]
    assert first[HEADER].split("nonce-")[1].split("'")[0] in first.content.decode()
