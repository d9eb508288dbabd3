import os
import subprocess
import sys
from pathlib import Path

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
