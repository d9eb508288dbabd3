"""In development mails go to the runserver output, readable: subjects and names in Japanese, not
MIME-encoded (=?utf-8?b?…?=) as they travel."""

import io
import os
import subprocess
import sys
from pathlib import Path

from django.core.mail import EmailMessage

from portal.console_mail import EmailBackend

ROOT = Path(__file__).resolve().parents[2]
SUBJECT = "【受付番号 JR-2026-000001】協力可能人材の登録を受け付けました"


def _written(message):
    stream = io.StringIO()
    EmailBackend(stream=stream).send_messages([message])
    return stream.getvalue()


def test_a_mail_is_printed_with_its_subject_and_body_readable():
    message = EmailMessage(
        subject=SUBJECT,
        body="人材 花子 様\n\n協力可能人材への登録を受け付けました。\n",
        from_email="自治体DX 人材プール <jinzai-pool@example.go.jp>",
        to=["hanako@example.jp"],
    )

    printed = _written(message)

    assert "=?utf-8?" not in printed
    assert f"Subject: {SUBJECT}\n" in printed
    assert "From: 自治体DX 人材プール <jinzai-pool@example.go.jp>\n" in printed
    assert "To: hanako@example.jp\n" in printed
    assert "\n\n人材 花子 様\n\n協力可能人材への登録を受け付けました。\n" in printed
    assert printed.rstrip().endswith("-" * 79)  # one mail after another, as Django prints them


def test_a_long_subject_is_printed_on_one_line():
    """MIME folds long headers over several lines; the console shows the subject whole."""
    subject = SUBJECT + "（再送）" * 10

    printed = _written(EmailMessage(subject=subject, body="本文", to=["a@example.jp"]))

    assert f"Subject: {subject}\n" in printed


def test_attachments_and_alternatives_are_named_not_dumped():
    message = EmailMessage(subject="添付", body="本文", to=["a@example.jp"])
    message.attach("一覧.csv", "a,b\n", "text/csv")

    printed = _written(message)

    assert "本文" in printed and "[添付: 一覧.csv（text/csv）]" in printed


def test_development_settings_print_mails_readable(tmp_path):
    """DEBUG=true without EMAIL_BACKEND (the demo's runserver) uses this backend."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'console.sqlite3'}",
    }
    environment.pop("EMAIL_BACKEND", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    send = (
        "from django.core.mail import send_mail; "
        f"send_mail({SUBJECT!r}, '本文です。', None, ['hanako@example.jp'])"
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", send],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert f"Subject: {SUBJECT}\n" in result.stdout
