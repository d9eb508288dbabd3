import pytest
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from portal.views.site import server_error
from registry.models import Registration
from tests.factories import (
    draft_of,
    login_verified,
    make_nomination,
    make_prefecture_user,
    make_registration,
    registration_post,
    totp_device,
    totp_now,
)

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/register/",
    "/privacy/",
    "/companies/",
    "/register/edit/",
    "/accounts/login/",
    "/talent/register/",
    "/talent/privacy/",
    "/talent/edit/",
]
STAFF_PAGES = [
    "/staff/",
    "/prefecture/companies/",
    "/accelerators/",
    "/accelerators/dashboard/",
    "/accelerators/new/",
    "/talent/staff/",
    "/talent/staff/list.xlsx",
    "/matching/",
    "/matching/needs/new/",
    "/matching/funnel/",
    "/matching/funnel.xlsx",
]
MIC_PAGES = [
    "/admin/",
    "/admin/registry/registration/",
    "/admin/portal/mailtext/",
    "/admin/talent/specialist/",
    "/admin/matching/need/",
    "/admin/matching/approach/",
]


def _check_headers(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_every_page_sends_the_security_headers(client, mic_client):
    prefecture_client = login_verified(Client(), make_prefecture_user("headers", "01"))
    nomination = make_nomination("01")
    pages = [(client, url) for url in PUBLIC_PAGES]
    pages += [(prefecture_client, url) for url in [*STAFF_PAGES, f"/accelerators/{nomination.pk}/"]]
    pages += [(mic_client, url) for url in MIC_PAGES]

    for user_client, url in pages:
        response = user_client.get(url)
        assert response.status_code == 200, url
        _check_headers(response)


def test_production_sends_hsts_and_secure_cookies():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "testserver",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)

    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "True"], (
        result.stderr
    )


@pytest.mark.parametrize("url", STAFF_PAGES + MIC_PAGES)
def test_staff_pages_need_the_second_factor(url, mic_user):
    user = mic_user if url.startswith("/admin/") else make_prefecture_user("no-2fa", "01")
    client = Client()
    client.force_login(user)  # password only

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:two-factor"))


def test_logins_lock_after_repeated_failures(client):
    user = make_prefecture_user("locked", "01")
    totp_device(user)
    login = reverse("portal:login")

    for _ in range(5):
        client.post(login, {"username": "locked", "password": "wrong-password"})
    response = client.post(login, {"username": "locked", "password": "pass-for-tests-only"})

    assert response.status_code == 429
    assert "ログインを一時的に停止しています" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_block_another_address(client):
    make_prefecture_user("target", "01")
    login = reverse("portal:login")
    for _ in range(5):
        client.post(login, {"username": "target", "password": "wrong"}, REMOTE_ADDR="203.0.113.9")

    response = Client().post(
        login, {"username": "target", "password": "pass-for-tests-only"}, REMOTE_ADDR="198.51.100.7"
    )

    assert response.status_code == 302


def test_staff_sessions_expire_after_idle_time(settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 900
    client = login_verified(Client(), make_prefecture_user("idle", "01"))

    client.get("/staff/")

    assert client.session.get_expiry_age() == 900


def test_short_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("short-pw1")


def test_the_honeypot_refuses_bots(client):
    response = client.post(
        reverse("registry:register"), registration_post(homepage="http://spam.example")
    )

    assert response.status_code == 200
    assert "送信できませんでした" in response.content.decode()
    assert not client.session.get("registration_drafts")


def test_registrations_are_rate_limited_per_client(
    client, settings, django_capture_on_commit_callbacks
):
    settings.REGISTRATIONS_PER_CLIENT_PER_HOUR = 2
    statuses = []
    for index in range(3):
        form = client.post(
            reverse("registry:register"), registration_post(company_name=f"連続{index}")
        )
        with django_capture_on_commit_callbacks(execute=True):
            refused = client.post(reverse("registry:confirm"), {"draft": draft_of(form)})
        statuses.append(refused.status_code)

    assert statuses == [302, 302, 429]
    assert Registration.objects.count() == 2
    assert "短時間に多くの送信がありました" in refused.content.decode()


def test_an_oversized_body_is_refused(client):
    response = client.post(
        reverse("registry:register"), registration_post(message="あ" * 3_000_000)
    )

    assert response.status_code == 400
    assert "リクエストを処理できませんでした" in response.content.decode()


@pytest.mark.parametrize("lost", [OperationalError, InterfaceError])
def test_a_lost_database_connection_is_a_japanese_503_page(lost):
    request = RequestFactory().get("/register/")
    try:
        raise lost("connection to server at 127.0.0.1 failed: Connection refused")
    except lost:
        response = server_error(request)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "二重に登録されることはありません" in response.content.decode()
    assert settings.CONTACT["office"] in response.content.decode()


def test_any_other_database_error_is_a_bug_shown_as_the_500_page():
    first, second = make_registration(), make_registration(company_name="別の会社")
    request = RequestFactory().post("/register/confirm/")
    try:
        # A real error from the database in use: a receipt number that is not unique.
        with transaction.atomic():
            Registration.objects.filter(pk=second.pk).update(receipt_number=first.receipt_number)
    except DatabaseError:
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "記録され" in html
    for part in settings.CONTACT.values():
        assert part in html


def test_other_errors_are_a_japanese_500_page_without_details():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "エラーが発生しました" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_unknown_pages_are_a_japanese_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_a_missing_csrf_token_is_a_japanese_403(csrf_client):
    response = csrf_client.post(reverse("registry:register"), registration_post())

    assert response.status_code == 403
    assert "画面の有効期限が切れました" in response.content.decode()


def test_healthz_answers_without_a_known_host(client):
    response = client.get("/healthz", HTTP_HOST="10.1.2.3")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_second_factor_page_only_redirects_inside_the_site(client):
    user = make_prefecture_user("redirect", "01")
    totp_device(user)
    client.force_login(user)

    response = client.post(
        reverse("portal:two-factor"), {"token": totp_now(user), "next": "https://evil.example/"}
    )

    assert response.url == "/staff/"
