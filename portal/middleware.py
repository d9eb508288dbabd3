import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

logger = logging.getLogger(__name__)
LAST_SEEN_KEY = "staff_last_seen"


class HeadRequestMiddleware:
    """HEAD is answered as GET would be, headers and Content-Length included, without the body.

    Views take HEAD like GET; leaving the body out here keeps the server (gunicorn) from having to
    drop it, and is what RFC 9110 asks of a HEAD response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "HEAD":
            return response
        if response.streaming:
            response.streaming_content = []
        else:
            length = response.get("Content-Length", str(len(response.content)))
            response.content = b""
            response["Content-Length"] = length
        return response


class HealthCheckMiddleware:
    """GET /healthz: 200 when the database answers, 503 when it does not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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
    """Signed-in users: the session ends after idle time, and staff pages need the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            self._extend_session(request.session)
            if self._protected(request.path) and not user.is_verified():
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('portal:two-factor')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _extend_session(session):
        """Push the expiry forward, rewriting the session at most once a minute."""
        now = int(time.time())
        if now - session.get(LAST_SEEN_KEY, 0) >= 60:
            session[LAST_SEEN_KEY] = now
            session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)

    @staticmethod
    def _protected(path):
        if path.startswith(("/admin/login/", "/admin/logout/")):
            return False
        return path.startswith(tuple(settings.TWO_FACTOR_PROTECTED_PREFIXES))
