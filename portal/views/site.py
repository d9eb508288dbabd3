import sys
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader

from ..access import public, staff_required, user_prefecture
from ..home import home_panels, your_turn
from ..page_cache import shared_when_anonymous

# Only a lost or refused connection is an outage that waiting cures. Any other database error
# (a value too long, a broken constraint) is a bug: retrying gives the same error, so it is a 500.
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def contact_context() -> dict[str, Any]:
    """Who people can ask, shown wherever something went wrong."""
    return {"contact": settings.CONTACT}


def server_error(request: HttpRequest) -> HttpResponse:
    """Errors as Japanese pages with no detail; a database outage is a 503 people can wait out."""
    error = sys.exc_info()[1]
    if isinstance(error, OUTAGE_ERRORS):
        response = HttpResponse(loader.render_to_string("503.html", contact_context()), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html", contact_context()))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseBadRequest(loader.render_to_string("400.html", contact_context()))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """An expired form, said plainly, with whom to ask (Django's own page has no context)."""
    return HttpResponseForbidden(loader.render_to_string("403_csrf.html", contact_context()))


@public
@shared_when_anonymous
def home(request: HttpRequest) -> HttpResponse:
    """The site's front page: the ways to take part."""
    return render(request, "portal/home.html")


@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """Where staff land after signing in: 総務省's overview, or their prefecture's page."""
    prefecture = user_prefecture(request.user)
    return render(
        request,
        "portal/staff_home.html",
        {
            # staff_required lets in only 総務省 or a prefecture's staff.
            "heading": f"{prefecture.name}のページ" if prefecture else "総務省のページ",
            "panels": home_panels(request),
            "your_turn": your_turn(request),
        },
    )
