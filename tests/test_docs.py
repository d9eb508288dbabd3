"""The docs point at things that exist: every link in README.md and docs/**/*.md resolves (files and
#anchors), every repository path they name (`bench/pages.py`, `.ci/run`, `portal/imports.py`) is in
the repository, and every `manage.py <command>` is a command Django knows."""

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]

# Made by running the project, not kept in it (see .gitignore): named in the docs, absent from a clone.
GENERATED = {".venv", ".mypy_cache", "staticfiles", "db.sqlite3", "tests/screenshots"}
# A repository path starts with one of the repository's own top-level names.
TOP_LEVEL = {path.name for path in ROOT.iterdir()} - {
    ".git",
    ".venv",
    ".ruff_cache",
    ".pytest_cache",
}
SCRIPT = re.compile(r"\.(py|sh|cjs|md|html|txt|css|js|json|xlsx|toml|lock|cfg|ini)$")
LOCAL_HOSTS = {"localhost", "127.0.0.1"}

FENCE = re.compile(r"^(```|~~~)")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
BARE_URL = re.compile(r"https?://[^\s`<>()（）「」、。|]+")
CODE_SPAN = re.compile(r"`([^`]+)`")
COMMAND = re.compile(r"manage\.py\s+([A-Za-z_][\w-]*)")
CD = re.compile(r"\bcd\s+([\w./-]+)\s*&&")


def _split(text):
    """The prose lines and the fenced-code lines of a Markdown text, each with its line number."""
    prose, code, fenced = [], [], False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line.strip()):
            fenced = not fenced
            continue
        (code if fenced else prose).append((number, line))
    return prose, code


def slug(heading):
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip())
    kept = "".join(
        char for char in text.lower() if char in " -_" or unicodedata.category(char)[0] in "LMN"
    )
    return kept.replace(" ", "-")


def anchors(text):
    """Every heading's anchor in a Markdown text (a repeated heading gets -1, -2, as on GitHub)."""
    seen, found = {}, set()
    for _, line in _split(text)[0]:
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        base = slug(match.group(1))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def _link_problem(document, target):
    parts = urlsplit(target)
    if parts.scheme in ("http", "https"):
        if parts.hostname in LOCAL_HOSTS:
            return None
        if not parts.hostname or "." not in parts.hostname or " " in target:
            return f"malformed external link {target}"
        return None
    if parts.scheme == "mailto":
        return None if "@" in parts.path else f"malformed mail link {target}"
    if parts.scheme or parts.netloc:
        return f"unknown kind of link {target}"
    path = (document.parent / unquote(parts.path)).resolve() if parts.path else document
    if not path.exists():
        return f"link to a missing file {target}"
    if parts.fragment:
        if path.suffix != ".md":
            return f"anchor into a file that is not Markdown {target}"
        if unquote(parts.fragment) not in anchors(path.read_text(encoding="utf-8")):
            return f"link to a missing heading {target}"
    return None


def _repository_path(token, base):
    """The repository file a token names, or None when it is not a repository path."""
    token = token.strip("'\"(),;:")
    if not token or token.startswith(("/", "-", "~", "$")) or "://" in token:
        return None
    if any(mark in token for mark in "<>…*?{}=@"):
        return None  # a pattern or a placeholder (`<app>/mail.py`, `fixtures/…`), not a file
    if not re.fullmatch(r"[\w./-]+", token, re.ASCII):
        return None
    path = token.removeprefix("./")
    if base and "/" not in path and SCRIPT.search(path):
        path = f"{base}/{path}"  # `cd bench && python load_registrations.py`
    path = path.rstrip("/")
    first = path.split("/", 1)[0]
    if first not in TOP_LEVEL or first == ".." or ("/" not in path and not SCRIPT.search(path)):
        return None
    if any(path == name or path.startswith(f"{name}/") for name in GENERATED):
        return None
    return path


def _named_paths(snippet):
    cd = CD.search(snippet)
    base = cd.group(1).strip("/") if cd else None
    for token in snippet.split():
        if (path := _repository_path(token, base)) is not None:
            yield path


def problems(document, text, commands):
    """Everything in one Markdown text that points at nothing, as readable lines."""
    found = []
    prose, code = _split(text)
    snippets = [(n, span) for n, line in prose for span in CODE_SPAN.findall(line)]
    snippets += [(n, line.split(" #", 1)[0]) for n, line in code]  # not a shell comment
    for number, line in prose:
        outside_code = CODE_SPAN.sub("", line)
        targets = LINK.findall(outside_code)
        bare = BARE_URL.findall(LINK.sub("", outside_code))
        for target in [*targets, *bare]:
            if problem := _link_problem(document, target):
                found.append(f"{document.name}:{number}: {problem}")
    for number, snippet in snippets:
        for path in _named_paths(snippet):
            if not (ROOT / path).exists():
                found.append(f"{document.name}:{number}: no such file in the repository: {path}")
    for number, line in [*prose, *code]:
        for command in COMMAND.findall(line):
            if command not in commands:
                found.append(f"{document.name}:{number}: no such command: manage.py {command}")
    return found


@pytest.fixture(scope="module")
def commands():
    return set(get_commands())


def test_the_docs_are_where_the_readme_sends_people():
    names = {str(path.relative_to(ROOT)) for path in DOCS}

    assert {
        "README.md",
        "docs/operations.md",
        "docs/architecture.md",
        "docs/performance.md",
        "docs/data-rules.md",
        "docs/staff/prefecture.md",
        "docs/staff/mic.md",
    } <= names
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 150


@pytest.mark.parametrize("document", DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_link_path_and_command_in_the_docs_exists(document, commands):
    assert problems(document, document.read_text(encoding="utf-8"), commands) == []


def test_the_checker_finds_what_does_not_exist(tmp_path, commands):
    (tmp_path / "other.md").write_text("# 設定（環境変数）\n\n## Two words\n", encoding="utf-8")
    document = tmp_path / "page.md"
    document.write_text(
        "\n".join(
            [
                "# 見出し",
                "[good](other.md#設定環境変数) [good](other.md#two-words) [self](#見出し)",
                "[missing file](nowhere.md) [missing heading](other.md#ない見出し)",
                "[bad url](https://no-dot) http://127.0.0.1:8000/ is skipped",
                "`bench/pages.py` `bench/made_up_bench.py` `.ci/run` `.ci/walk` `<app>/mail.py`",
                "`manage.py resend_mail` and `manage.py send_everything_twice`",
                "```sh",
                "cd bench && ../.venv/bin/python load_registrations.py 500 50",
                "cd bench && ../.venv/bin/python no_such_bench.py",
                "```",
            ]
        ),
        encoding="utf-8",
    )

    found = problems(document, document.read_text(encoding="utf-8"), commands)

    assert found == [
        "page.md:3: link to a missing file nowhere.md",
        "page.md:3: link to a missing heading other.md#ない見出し",
        "page.md:4: malformed external link https://no-dot",
        "page.md:5: no such file in the repository: bench/made_up_bench.py",
        "page.md:5: no such file in the repository: .ci/walk",
        "page.md:9: no such file in the repository: bench/no_such_bench.py",
        "page.md:6: no such command: manage.py send_everything_twice",
    ]


def test_anchors_follow_githubs_rule():
    text = "# 保存期間と消去（個人情報）\n## `bench/` のスクリプト\n## Step 1\n## Step 1\n"

    assert anchors(text) == {"保存期間と消去個人情報", "bench-のスクリプト", "step-1", "step-1-1"}


def test_every_bench_script_is_in_the_performance_page():
    """docs/performance.md lists every script in bench/ (a new bench comes with its figures)."""
    page = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    scripts = sorted(
        f"bench/{path.name}" for path in (ROOT / "bench").iterdir() if path.suffix in (".py", ".sh")
    )

    assert scripts
    assert [script for script in scripts if f"`{script}`" not in page] == []
