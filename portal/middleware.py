import logging
import time
from collections.abc import Callable
from functools import cached_property

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
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


class PolicyOnceCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the settings' policies built once per process.

    Building them (dataclass copies and string joins, twice) cost more than the rest of serving
    a kept page (portal.page_cache). A response that neither uses a nonce nor carries a view's own
    policy (django-csp's decorators) gets the same headers every time, so it gets a copy; any
    other response, and every response under DEBUG or with excluded URL prefixes, goes through
    django-csp as before.
    """

    @cached_property
    def _settings_headers(self) -> list[tuple[str, str]]:
        probe = HttpResponse()
        super().process_response(HttpRequest(), probe)
        return [
            (header, probe[header]) for header in (HEADER, HEADER_REPORT_ONLY) if header in probe
        ]

    @cached_property
    def _plain(self) -> bool:
        policies = (
            getattr(settings, "CONTENT_SECURITY_POLICY", None) or {},
            getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or {},
        )
        return not settings.DEBUG and not any(p.get("EXCLUDE_URL_PREFIXES") for p in policies)

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            not self._plain
            or getattr(request, "_csp_nonce", None) is not None
            or has_own_csp(response)
        ):
            return super().process_response(request, response)
        for header, value in self._settings_headers:
            if header not in response:
                response[header] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]  # django-csp's own attribute
        return response


def has_own_csp(response: HttpResponseBase) -> bool:
    """Whether a view gave the response a policy of its own, with django-csp's decorators (which
    leave attributes on the response, not headers)."""
    return any(name.startswith("_csp") for name in vars(response))
