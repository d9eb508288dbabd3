"""The house rules of the code, read from the source with `ast` (imports inside functions too).

- `portal` is the ground floor: it imports no app, and no app imports `config`.
- Apps may read `registry`'s models and named queries, never its views, forms or admin; the
  talent app reads accelerators' models, eligibility rule and nomination workflow, nothing else;
  registry reads no other app, and no app reads one above it.
- The module graph has no cycle.
"""

import ast
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["config", "portal", "registry", "accelerators", "talent", "matching"]
APPS = ["portal", "registry", "accelerators", "talent", "matching"]


def _module_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


MODULES = dict(_module_files())


def _known(name):
    """The project module `name` refers to (a module, or the package holding an attribute)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module, path):
    """Every project module that `module` imports, wherever in the file the import stands."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(_known(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module
            found.update(_known(f"{target}.{alias.name}") for alias in node.names)
    found.discard(None)
    found.discard(module)
    return found


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _edges(source_prefix, target_prefix):
    def within(name, prefix):
        return name == prefix or name.startswith(f"{prefix}.")

    return sorted(
        (source, target)
        for source, targets in GRAPH.items()
        if within(source, source_prefix)
        for target in targets
        if within(target, target_prefix)
    )


def test_the_graph_is_read_from_the_source():
    assert "registry.models" in GRAPH["registry.links"]
    assert "portal.models" in GRAPH["portal.access"]
    assert "portal.access" in GRAPH["accelerators.views"]


@pytest.mark.parametrize("app", [app for app in APPS if app != "portal"])
def test_portal_imports_no_app(app):
    assert _edges("portal", app) == []


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_config(app):
    assert _edges(app, "config") == []


@pytest.mark.parametrize("app", ["accelerators", "talent", "matching"])
def test_other_apps_read_only_registrys_models(app):
    used = {target for _, target in _edges(app, "registry")}

    assert used <= {"registry.models"}


# Which app may read which other app, and what of it; registry stands on portal alone.
LAYERS = {
    "registry": {},
    "accelerators": {"registry": {"registry.models"}},
    "talent": {
        "accelerators": {
            "accelerators.models",
            "accelerators.eligibility",
            "accelerators.workflow",
        },
        "registry": set(),
    },
    "matching": {
        "registry": {"registry.models"},
        "talent": {"talent.models", "talent.hiring"},
        "accelerators": {"accelerators.models"},
    },
}


@pytest.mark.parametrize("app", sorted(LAYERS))
def test_apps_read_only_what_their_layer_allows(app):
    for other in [name for name in APPS if name not in ("portal", app)]:
        used = {target for _, target in _edges(app, other)}
        assert used <= LAYERS[app].get(other, set()), (app, other, used)


def test_the_module_graph_has_no_cycle():
    visiting, done, cycles = [], set(), []

    def visit(module):
        if module in done:
            return
        if module in visiting:
            cycles.append([*visiting[visiting.index(module) :], module])
            return
        visiting.append(module)
        for target in sorted(GRAPH.get(module, ())):
            visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(GRAPH):
        visit(module)

    assert cycles == []


def _normalize_calls(path):
    """Where a file calls unicodedata.normalize (or imports it by name)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "unicodedata":
            found += [node.lineno for alias in node.names if alias.name == "normalize"]
        elif (
            isinstance(node, ast.Attribute)
            and node.attr == "normalize"
            and isinstance(node.value, ast.Name)
            and node.value.id == "unicodedata"
        ):
            found.append(node.lineno)
    return found


def test_only_portal_text_normalises_unicode():
    """One text rule (portal.text): every other module calls its functions, never NFKC itself."""
    calls = {
        module: lines
        for module, path in MODULES.items()
        if module != "portal.text" and (lines := _normalize_calls(path))
    }

    assert calls == {}
    assert _normalize_calls(MODULES["portal.text"])


# Concerns every app may have: one module of that name, or, once it needs a second module, a
# package of that name (its modules named by audience, `public`/`staff`, or by thing).
CONCERNS = ["views", "models", "admin"]


@pytest.mark.parametrize("app", APPS)
def test_sibling_apps_name_the_same_things_the_same_way(app):
    root = ROOT / app
    beside = sorted(
        path.name
        for path in root.glob("*.py")
        if any(path.stem.endswith(f"_{concern}") for concern in CONCERNS)
    )

    assert beside == [], "a second module of a concern goes into its package"
    for concern in CONCERNS:
        package = root / concern
        if package.is_dir():
            modules = [path for path in package.glob("*.py") if path.name != "__init__.py"]
            assert not (root / f"{concern}.py").exists(), (app, concern)
            assert len(modules) >= 2, f"{app}/{concern}/ with one module is {app}/{concern}.py"


def test_one_exception_names_a_personal_link_that_cannot_be_used():
    """portal.links.LinkError (and its expired kind, LinkExpired): no app names its own."""
    defined = sorted(
        (module, node.name)
        for module, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and node.name.endswith("LinkError")
    )

    assert defined == [("portal.links", "LinkError")]


# Libraries are used through their public API: django-csp's private attributes, ModelForm's
# private hooks and SQL into django-simple-history's tables break at the next upgrade. Prose
# (Markdown) may name them; code may not.
PRIVATE_NAMES = ["_csp_", "_post_clean", "_save_m2m"]
HISTORY_SQL = re.compile(r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[^\n;]{0,40}histor")
NOT_CODE = {
    ".git",
    ".venv",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "node_modules",
    "staticfiles",
    "tests",
    "__pycache__",
}


def _code_files():
    # os.walk, pruning as it goes: a checkout's .venv alone holds tens of thousands of files.
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(name for name in dirs if name not in NOT_CODE)
        for name in sorted(files):
            path = Path(folder) / name
            if path.suffix != ".md":
                try:
                    yield path, path.read_text(encoding="utf-8")
                except UnicodeDecodeError:
                    continue  # images and other binary files


def test_no_code_reaches_into_a_librarys_insides():
    found = [
        f"{path.relative_to(ROOT)}: {word}"
        for path, text in _code_files()
        for word in [*(name for name in PRIVATE_NAMES if name in text), *HISTORY_SQL.findall(text)]
    ]

    assert found == []
