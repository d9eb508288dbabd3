"""The type-checking set-up cannot be dropped without a test failing.

mypy itself runs in .ci/run (too slow for the test run); these check that what it is told holds:
every module under portal/ is checked with disallow_untyped_defs, nothing switches that off for a
part of it, and every function there is annotated.
"""

import ast
import fnmatch
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORTAL = ROOT / "portal"


def _mypy() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]


def _portal_modules() -> list[str]:
    modules = []
    for path in sorted(PORTAL.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts:
            continue
        parts = relative.with_suffix("").parts
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules


def _matches(module: str, patterns: list[str]) -> bool:
    # mypy's module patterns: "a.*" names a and everything below it.
    return any(
        module == pattern
        or (pattern.endswith(".*") and (module == pattern[:-2] or module.startswith(pattern[:-1])))
        or fnmatch.fnmatchcase(module, pattern)
        for pattern in patterns
    )


def test_every_portal_module_is_checked_with_disallow_untyped_defs():
    config = _mypy()
    assert "portal" in config["files"]
    assert config["plugins"] == ["mypy_django_plugin.main"]
    strict = [
        module
        for override in config.get("overrides", [])
        if override.get("disallow_untyped_defs") is True
        for module in override["module"]
    ]
    modules = _portal_modules()
    assert len(modules) > 40  # the walk found the package
    unchecked = [module for module in modules if not _matches(module, strict)]
    assert unchecked == []


def test_no_override_loosens_a_portal_module():
    loosening = {
        "disallow_untyped_defs": False,
        "ignore_errors": True,
        "follow_imports": "skip",
    }
    for override in _mypy().get("overrides", []):
        names = [name for name in override["module"] if name.split(".")[0] == "portal"]
        for key, value in loosening.items():
            assert not (names and override.get(key) == value), (names, key)


def test_the_config_excludes_no_portal_module():
    patterns = _mypy().get("exclude", [])
    for module in _portal_modules():
        path = module.replace(".", "/") + ".py"
        assert not any(re.search(pattern, path) for pattern in patterns), path


def _unannotated(tree: ast.AST) -> list[str]:
    missing = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        arguments += [arg for arg in (node.args.vararg, node.args.kwarg) if arg]
        untyped = [
            arg.arg
            for index, arg in enumerate(arguments)
            if arg.annotation is None and not (index == 0 and arg.arg in ("self", "cls"))
        ]
        if untyped or node.returns is None:
            missing.append(f"{node.name}:{node.lineno} {untyped or 'return'}")
    return missing


def test_every_portal_function_is_annotated():
    missing = {}
    for path in sorted(PORTAL.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        found = _unannotated(ast.parse(path.read_text(), filename=str(path)))
        if found:
            missing[str(path.relative_to(ROOT))] = found
    assert missing == {}


def test_the_checker_finds_an_unannotated_function():
    tree = ast.parse("def f(a, b: int) -> None: ...\ndef g(self) -> int: ...\ndef h(x: int): ...")
    assert _unannotated(tree) == ["f:1 ['a']", "h:3 return"]


def test_ci_runs_mypy():
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ".venv/bin/mypy" in [line.strip() for line in lines]
