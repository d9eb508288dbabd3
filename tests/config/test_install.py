"""Production installs runtime only; the tests and CI install the dev lock, as the README says."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV_TOOLS = {"pytest", "pytest-django", "playwright", "axe-playwright-python", "hypothesis", "ruff"}


def _pinned(lock):
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {name.lower() for name in re.findall(r"^([A-Za-z0-9_.-]+)==", text, re.MULTILINE)}


def test_the_runtime_lock_holds_no_test_tool_and_the_dev_lock_holds_both():
    runtime, dev = _pinned("requirements.lock"), _pinned("requirements-dev.lock")

    assert runtime & DEV_TOOLS == set()
    assert dev >= DEV_TOOLS
    assert runtime <= dev
    assert {"django", "gunicorn", "django-tasks", "django-tasks-db"} <= runtime


def test_ci_runs_the_readme_test_command_word_for_word():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"^test_command='([^']+)'$", ci, re.MULTILINE).group(1)

    assert "requirements-dev.lock" in command
    assert f"```sh\n{command}\n```" in readme


def test_the_readme_says_how_to_restart_only_the_server():
    """Running the first command again makes new passwords (setup_demo): the README gives the
    server's own command, word for word the end of the first one, in a block of its own."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.+?)\n```", readme)
    server = blocks[0].rsplit(" && ", 1)[1]

    assert "setup_demo" in blocks[0] and server.startswith("DEBUG=true ")
    assert server.endswith("manage.py runserver 127.0.0.1:8000")
    assert server in blocks[1:]
