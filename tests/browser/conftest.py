"""Playwright driving Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium these tests are skipped locally, but fail under CI=true: CI must never
pass by not running them.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, connections

from tests.browser.helpers import DESKTOP, PHONE, SCREENSHOTS, screenshot_save

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls made there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"Browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    before = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        _keep_serialized_rollback_data(before)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _keep_serialized_rollback_data(before):
    """Hand the test database's serialized contents to the connections Django now opens.

    Starting Playwright's sync API switches the contextvars context, so Django opens new connection
    objects; without the data that migrations seeded (prefectures), serialized_rollback would
    silently restore nothing after the first transactional test.
    """
    for alias, old in before.items():
        contents = getattr(old, "_test_serialized_contents", None)
        if contents is not None:
            connections[alias]._test_serialized_contents = contents


def _new_page(browser, live_server, **context_options):
    context = browser.new_context(
        **{"base_url": live_server.url, "locale": "ja-JP", "viewport": DESKTOP, **context_options}
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _new_page(browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser, live_server):
    context, page = _new_page(browser, live_server, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under tests/screenshots/ for people to look at."""

    def take(page, name):
        SCREENSHOTS.mkdir(exist_ok=True)
        screenshot_save(page, path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


@pytest.fixture
def delivery(smtp_sink, settings):
    """How the queued mail reaches the sink: a db_worker process on PostgreSQL, else the
    immediate backend. Yields the name of the way, for the test's own record."""
    if connection.vendor != "postgresql":
        yield "immediate"
        return
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
    }
    db = connection.settings_dict
    address = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "TASK_BACKEND": "database",
        "DATABASE_URL": f"postgres://{db['USER']}@{address}/{db['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp_sink.host,
        "EMAIL_PORT": str(smtp_sink.port),
        "EMAIL_USE_TLS": "false",
        "LOG_FORMAT": "plain",
    }
    command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*"]
    command += ["--interval", "0.1", "--no-startup-delay"]
    worker = subprocess.Popen(command, cwd=Path(__file__).resolve().parents[2], env=environment)
    try:
        yield "db_worker"
    finally:
        worker.kill()
        worker.wait(timeout=10)
