"""A real `manage.py db_worker` process against the test database (PostgreSQL only): it delivers
the mail, a worker killed mid-send loses nothing, and a hanging mail server never reaches the web.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from registry.models import OutgoingMail
from tests.factories import draft_of, make_registration, registration_post
from tests.smtp import HangingSMTPServer

ROOT = Path(__file__).resolve().parents[2]
DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql_and_database_backend(settings):
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database with this process: PostgreSQL only")
    settings.TASKS = DATABASE_BACKEND


@pytest.fixture
def hanging_smtp():
    server = HangingSMTPServer()
    yield server
    server.close()


@pytest.fixture
def start_worker(tmp_path):
    """Start `db_worker` with production settings on the test database; kill it afterwards."""
    started = []

    def start(**env):
        db = connection.settings_dict
        address = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "TASK_BACKEND": "database",
            "DATABASE_URL": f"postgres://{db['USER']}@{address}/{db['NAME']}",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path / "mail"),
            "LOG_FORMAT": "plain",
            **env,
        }
        command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*"]
        command += ["--interval", "0.1", "--no-startup-delay"]
        process = subprocess.Popen(command, cwd=ROOT, env=environment)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def _wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _files(folder):
    return sorted(folder.glob("*.log")) if folder.exists() else []


def test_the_worker_delivers_the_mail_and_marks_it_sent(start_worker, tmp_path):
    start_worker()
    registration = make_registration(company_name="ワーカー送信株式会社")
    receipt = OutgoingMail.objects.get(registration=registration, kind="receipt")

    assert _wait_for(lambda: OutgoingMail.objects.filter(pk=receipt.pk, sent_at__isnull=False))
    written = "".join(path.read_text() for path in _files(tmp_path / "mail"))
    assert registration.receipt_number in written
    assert f"outgoingmail.{receipt.pk}." in written  # the stable Message-ID
    receipt.refresh_from_db()
    assert (receipt.attempts, receipt.claimed_until, receipt.last_error) == (1, None, "")


def test_a_worker_killed_mid_send_loses_nothing_and_sends_once(start_worker, hanging_smtp):
    worker = start_worker(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(hanging_smtp.port),
        EMAIL_TIMEOUT="60",
        MAIL_CLAIM_SECONDS="2",
    )
    registration = make_registration(retiree_outreach="difficult")
    receipt = OutgoingMail.objects.get(registration=registration, kind="receipt")
    assert _wait_for(lambda: hanging_smtp.held)  # the worker is inside the SMTP conversation
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)

    receipt.refresh_from_db()
    assert receipt.sent_at is None and receipt.claimed_until is not None  # held, not lost
    call_command("resend_mail")
    assert mail.outbox == []  # the lease still runs: nobody else may send it yet

    time.sleep(2.1)
    call_command("resend_mail")
    call_command("resend_mail")
    assert [message.to for message in mail.outbox] == [[registration.email]]
    receipt.refresh_from_db()
    assert receipt.sent_at is not None and receipt.attempts == 2


def test_a_hanging_mail_server_does_not_slow_the_web(client, start_worker, hanging_smtp):
    start_worker(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(hanging_smtp.port),
        EMAIL_TIMEOUT="60",
    )
    make_registration(company_name="先客株式会社")
    assert _wait_for(lambda: hanging_smtp.held)  # the worker is stuck on the first mail

    timings = []
    for number in range(3):
        begun = time.monotonic()
        page = client.post(
            reverse("registry:register"), registration_post(company_name=f"急ぎ{number}株式会社")
        )
        done = client.post(reverse("registry:confirm"), {"draft": draft_of(page)})
        timings.append(time.monotonic() - begun)
        assert done.status_code == 302

    assert max(timings) < 2, timings  # the SMTP timeout is 60 s: the web never waited on it
    assert OutgoingMail.objects.filter(sent_at__isnull=True).count() >= 4
