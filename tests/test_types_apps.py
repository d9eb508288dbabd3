"""Every service module of the apps is checked by mypy with disallow_untyped_defs.

The modules that hold business rules and data work are named one by one in pyproject.toml's
[[tool.mypy.overrides]] block. These tests keep that list complete: a new service module (of a
known name, or of a new one that is neither a view, form, admin, url, model nor migration module)
fails here until it is named, and so typed. The check itself runs in .ci/run (mypy).
"""

import tomllib
from pathlib import Path

import pytest

from registry.home import panel as registry_panel
from talent.home import panel as talent_panel
from tests.factories import make_prefecture_user, make_user

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(
    path.parent.name
    for path in ROOT.glob("*/apps.py")
    # portal is typed throughout under its own block (portal.*).
    if path.parent.name != "portal"
)
# The names a service module goes by (issue 25, section 4).
SERVICE_NAMES = {
    "answers", "bulk", "bulk_rows", "choices", "company_edits", "contracts", "criteria",
    "dashboard", "duplicates", "eligibility", "exports", "filters", "fiscal", "funnel", "hiring",
    "history", "home", "import_rows", "imports", "links", "mail", "public_list", "publication",
    "questions", "reconfirmation", "retention", "rules", "selectors", "self_service",
    "staff_events", "submission", "workflow",
}  # fmt: skip
# What may rely on the stubs alone (default strictness): Django's own kinds of module.
UNTYPED_MODULES = {"__init__", "admin", "apps", "forms", "models", "urls", "views"}
UNTYPED_PACKAGES = {"admin", "management", "migrations", "models", "templatetags", "views"}


def _strict_modules():
    """The modules named in the overrides that set disallow_untyped_defs."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    named = set()
    for override in config["tool"]["mypy"].get("overrides", []):
        if override.get("disallow_untyped_defs"):
            modules = override["module"]
            named |= {modules} if isinstance(modules, str) else set(modules)
    return named


def _covered(module, strict):
    parts = module.split(".")
    return module in strict or any(
        ".".join(parts[:end]) + ".*" in strict for end in range(1, len(parts))
    )


def _app_modules():
    """(dotted name, path) of every module of the apps, migrations and tests aside."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            yield ".".join(parts), parts


def _is_service(parts):
    packages, stem = parts[1:-1], parts[-1]
    if set(packages) & UNTYPED_PACKAGES:
        return False
    return stem not in UNTYPED_MODULES and not stem.endswith("_views")


def test_every_module_named_like_a_service_is_typed():
    strict = _strict_modules()
    missing = [
        module
        for module, parts in _app_modules()
        if parts[-1] in SERVICE_NAMES
        and not set(parts[1:-1]) & UNTYPED_PACKAGES
        and not _covered(module, strict)
    ]
    assert missing == [], f"name these in pyproject.toml's disallow_untyped_defs block: {missing}"


def test_every_app_module_but_views_forms_admin_urls_and_models_is_typed():
    """A service module under a new name cannot slip out either."""
    strict = _strict_modules()
    missing = [
        module
        for module, parts in _app_modules()
        if _is_service(parts) and not _covered(module, strict)
    ]
    assert missing == [], f"name these in pyproject.toml's disallow_untyped_defs block: {missing}"


def test_the_typed_modules_named_exist():
    """A module renamed or removed leaves no stale name behind (mypy would ignore it)."""
    modules = {module for module, _ in _app_modules()}
    named = {module for module in _strict_modules() if module.split(".")[0] in APPS}
    assert sorted(named - modules) == []


def test_the_checks_see_the_apps_service_modules():
    """The walk finds the apps and their known service modules (a test of the test)."""
    found = {module for module, parts in _app_modules() if _is_service(parts)}
    assert {"registry", "talent", "matching", "accelerators"} <= set(APPS)
    assert {"registry.workflow", "talent.hiring", "matching.funnel", "accelerators.bulk"} <= found
    assert "registry.views" not in found
    assert "registry.admin.registrations" not in found
    assert "registry.prefecture_views" not in found


@pytest.mark.django_db
@pytest.mark.parametrize("panel", [registry_panel, talent_panel])
def test_a_staff_panel_is_left_out_for_a_user_with_no_prefecture(panel, rf):
    """What typing user_prefecture (Prefecture | None) asked of the prefecture panels: a user
    who is neither 総務省 nor a prefecture's gets no panel, rather than an AttributeError."""
    request = rf.get("/staff/")
    request.user = make_user("nobody")

    assert panel(request) is None


@pytest.mark.django_db
@pytest.mark.parametrize("panel", [registry_panel, talent_panel])
def test_a_prefecture_user_still_gets_the_panel(panel, rf):
    request = rf.get("/staff/")
    request.user = make_prefecture_user("hokkaido", "01")

    assert "北海道" in panel(request).text
