import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import DatabaseError, connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)

logger = logging.getLogger(__name__)
LAST_SEEN_KEY = "staff_last_seen"

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class HeadRequestMiddleware:
    """HEAD is answered as GET would be, headers and Content-Length included, without the body.

    Views take HEAD like GET; leaving the body out here keeps the server (gunicorn) from having to
    drop it, and is what RFC 9110 asks of a HEAD response.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.method != "HEAD":
            return response
        if isinstance(response, StreamingHttpResponse):
            response.streaming_content = []
        elif isinstance(response, HttpResponse):
            length = response.get("Content-Length", str(len(response.content)))
            response.content = b""
            response["Content-Length"] = length
        return response


class HealthCheckMiddleware:
    """GET /healthz: 200 when the database answers, 503 when it does not."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path != "/healthz":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            logger.warning("Health check: the database does not answer")
            return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        return JsonResponse({"status": "ok", "database": "ok"})


class StaffSessionMiddleware:
    """Signed-in users: the session ends after idle time.

    The second factor is not asked for here but in each page's access rule (portal.access), so
    that a page under a new address cannot be missed.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            self._extend_session(request.session)
        return self.get_response(request)

    @staticmethod
    def _extend_session(session: SessionBase) -> None:
        """Push the expiry forward, rewriting the session at most once a minute."""
        now = int(time.time())
        if now - session.get(LAST_SEEN_KEY, 0) >= 60:
            session[LAST_SEEN_KEY] = now
            session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)


class ContentSecurityPolicyMiddleware:
    """The settings' Content-Security-Policy (SECURE_CSP) and its report-only trial
    (SECURE_CSP_REPORT_ONLY) on every response that has none of its own.

    The policy is the same for every page (no nonce: no inline script or style anywhere), so the
    header is built once per process; building it per response cost more than the rest of serving
    a kept page (portal.page_cache). The settings have the shape of Django 6.0's own, so this
    class can give way to django.middleware.csp.ContentSecurityPolicyMiddleware then.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.headers = [
            (header, _policy(directives))
            for header, directives in (
                ("Content-Security-Policy", getattr(settings, "SECURE_CSP", {})),
                (
                    "Content-Security-Policy-Report-Only",
                    getattr(settings, "SECURE_CSP_REPORT_ONLY", {}),
                ),
            )
            if directives
        ]

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        # Django's debug pages for 404 and 500 style themselves inline.
        if settings.DEBUG and response.status_code in (404, 500):
            return response
        for header, value in self.headers:
            if header not in response:
                response[header] = value
        return response


def _policy(directives: dict[str, list[str]]) -> str:
    """The header value of {directive: [source, ...]}: "default-src 'self'; img-src 'self' data:"."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())
