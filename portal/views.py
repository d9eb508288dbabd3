import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

# Only a lost or refused connection is an outage that waiting cures. Any other database error
# (a value too long, a broken constraint) is a bug: retrying gives the same error, so it is a 500.
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def contact_context():
    """Who people can ask, shown wherever something went wrong."""
    return {"contact": settings.CONTACT}


def server_error(request):
    """Errors as Japanese pages with no detail; a database outage is a 503 people can wait out."""
    error = sys.exc_info()[1]
    if isinstance(error, OUTAGE_ERRORS):
        response = HttpResponse(loader.render_to_string("503.html", contact_context()), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html", contact_context()))


def home(request):
    """The site's front page: the ways to take part."""
    return render(request, "portal/home.html")
