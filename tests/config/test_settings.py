import json
import os
import re
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    # Set for the browser tests in this process; a deployment never has it.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-like-secret-key-that-is-long-enough-0123456789-abcdefghijkl",
    "ALLOWED_HOSTS": "portal.example.go.jp",
}


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_serve_without_a_secret_key():
    environment = {
        **os.environ,
        **PRODUCTION,
        "SECRET_KEY": "",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    served = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    deploy_check = _manage("check", "--deploy", **{**PRODUCTION, "SECRET_KEY": ""})

    assert served.returncode != 0
    assert "SECRET_KEY is not set" in served.stderr
    assert deploy_check.returncode != 0
    assert "SECRET_KEY is not set" in deploy_check.stderr


def test_everyday_commands_run_without_production_settings(tmp_path):
    # A database of its own: the check must neither create db.sqlite3 nor reach `portal`.
    database = tmp_path / "check.sqlite3"
    development_db = ROOT / "db.sqlite3"
    before = development_db.stat().st_mtime_ns if development_db.exists() else None

    result = _manage(
        "makemigrations",
        "--check",
        "--dry-run",
        SECRET_KEY="",
        DEBUG="",
        DATABASE_URL=f"sqlite:///{database}",
    )

    assert result.returncode == 0, result.stderr
    after = development_db.stat().st_mtime_ns if development_db.exists() else None
    assert after == before


def test_gunicorns_own_log_is_json_like_the_access_log():
    script = (
        "import logging.config, runpy\n"
        "conf = runpy.run_path('config/gunicorn.conf.py')\n"
        "logging.config.dictConfig(conf['logconfig_dict'])\n"
        "logging.getLogger('gunicorn.error').warning('Worker timeout')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True
    )

    line = json.loads(result.stderr)
    assert (line["level"], line["logger"], line["message"]) == (
        "WARNING",
        "gunicorn.error",
        "Worker timeout",
    )


def test_static_root_conn_max_age_and_the_task_backend_come_from_the_environment(tmp_path):
    show = (
        "from django.conf import settings; "
        "print(settings.STATIC_ROOT, settings.DATABASES['default']['CONN_MAX_AGE'], "
        "settings.TASKS['default']['BACKEND'])"
    )
    default = _manage("shell", "-c", show, **PRODUCTION)
    custom = _manage(
        "shell",
        "-c",
        show,
        **PRODUCTION,
        STATIC_ROOT=str(tmp_path),
        CONN_MAX_AGE="0",
        TASK_BACKEND="immediate",
    )

    assert default.stdout.splitlines()[-1].split()[1:] == ["60", "django_tasks_db.DatabaseBackend"]
    assert custom.stdout.splitlines()[-1].split() == [
        str(tmp_path),
        "0",
        "django_tasks.backends.immediate.ImmediateBackend",
    ]


def test_every_task_backend_the_settings_offer_imports_from_the_lock():
    """An operator may pick any offered backend: each must import, from a package the lock pins."""
    locked = {
        re.sub(r"[-_.]+", "-", name).lower()
        for name in re.findall(
            r"^([A-Za-z0-9_.-]+)==", (ROOT / "requirements.lock").read_text(), re.M
        )
    }
    distributions = packages_distributions()

    for path in settings.TASK_BACKENDS.values():
        backend = import_string(path)
        top = path.split(".")[0]
        names = {re.sub(r"[-_.]+", "-", name).lower() for name in distributions[top]}

        assert callable(backend), path
        assert names & locked, (path, names)
    assert set(settings.TASK_BACKENDS) == {"database", "immediate"}


def test_an_unknown_task_backend_stops_the_start_up():
    result = _manage("check", **PRODUCTION, TASK_BACKEND="rq")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "TASK_BACKEND='rq' is not offered; use one of: database, immediate." in result.stderr


def test_check_deploy_warns_when_mail_would_be_sent_inside_requests():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        TASK_BACKEND="immediate",
        MAIL_CLAIM_SECONDS="20",
    )

    assert result.returncode != 0
    assert "config.W002" in result.stderr and "config.W003" in result.stderr
