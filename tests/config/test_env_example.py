"""`.env.example` names every environment variable the code reads, and nothing else.

The reads are found with `ast` in every module of the project (settings, gunicorn, apps):
`os.environ.get("X")`, `os.environ["X"]`, `os.getenv("X")`, `"X" in os.environ`, the
settings' helpers `env_bool("X")`, `env_list("X")`, and `dj_database_url.config()` (DATABASE_URL). `os.environ.setdefault(...)` is a default the
code gives itself (DJANGO_SETTINGS_MODULE, the tests' key), not something an operator sets.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["config", "portal", "registry", "accelerators", "talent", "matching"]
HELPERS = {"env_bool", "env_list", "env_int"}
# Commented lines count too: optional variables are listed as `# NAME=example`.
LISTED = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def _is_environ(node):
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _is_dj_database_url(function):
    """dj_database_url.config() reads DATABASE_URL (or its `env=`) itself."""
    return (
        isinstance(function, ast.Attribute)
        and function.attr == "config"
        and getattr(function.value, "id", "") == "dj_database_url"
    )


def _name(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _reads(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            function = node.func
            environ_get = isinstance(function, ast.Attribute) and (
                (function.attr == "get" and _is_environ(function.value))
                or (function.attr == "getenv" and getattr(function.value, "id", "") == "os")
            )
            helper = isinstance(function, ast.Name) and function.id in HELPERS
            if environ_get or helper:
                yield _name(node.args[0])
        if isinstance(node, ast.Call) and _is_dj_database_url(node.func):
            env = [_name(k.value) for k in node.keywords if k.arg == "env"]
            yield env[0] if env else "DATABASE_URL"
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            yield _name(node.slice)
        elif isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
            yield _name(node.left)


def code_reads():
    names = set()
    files = [ROOT / "manage.py"] + [
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    ]
    for path in files:
        names.update(_reads(ast.parse(path.read_text(encoding="utf-8"))))
    names.discard(None)
    return names


def test_the_scanner_sees_every_kind_of_read():
    source = (
        'import os\nos.environ.get("A")\nos.environ["B"]\nos.getenv("C")\n'
        'env_bool("D")\nenv_list("E", "x")\n"F" in os.environ\nos.environ.setdefault("G", "")\n'
        "dj_database_url.config(conn_max_age=1)\n"
    )
    assert set(_reads(ast.parse(source))) == {"A", "B", "C", "D", "E", "F", "DATABASE_URL"}


def test_env_example_lists_exactly_what_the_code_reads():
    listed = set(LISTED.findall((ROOT / ".env.example").read_text(encoding="utf-8")))
    read = code_reads()

    assert read - listed == set(), "read by the code but missing from .env.example"
    assert listed - read == set(), "in .env.example but read nowhere"
    assert {"SECRET_KEY", "GUNICORN_TIMEOUT", "STATIC_ROOT", "CONN_MAX_AGE"} <= read
