"""portal finds what the apps declare on their AppConfig through portal.hooks alone."""

import ast
from pathlib import Path

from django.apps import apps

from portal.hooks import app_hook_values, app_hooks
from registry.home import panel as registry_panel

ROOT = Path(__file__).resolve().parents[2]


def test_app_hook_values_gives_each_declaring_app_in_installed_order():
    declared = app_hook_values("demo_fixtures")

    assert [(config.label, value) for config, value in declared] == [
        ("portal", ["demo_portal", "demo_notifications"]),
        ("registry", ["demo_registrations"]),
        ("accelerators", ["demo_nominations"]),
        ("talent", ["demo_talent"]),
        ("matching", ["demo_matching"]),
    ]
    order = [config.label for config in apps.get_app_configs()]
    assert [config.label for config, _ in declared] == sorted(
        (config.label for config, _ in declared), key=order.index
    )


def test_app_hooks_imports_the_dotted_paths_and_leaves_out_apps_that_declare_none():
    panels = dict(app_hooks("home_panel"))
    erasers = app_hooks("personal_copies_erase")

    assert panels["registry.home.panel"] is registry_panel
    assert "portal" not in {path.split(".")[0] for path in panels}
    assert [path for path, _ in erasers] == [
        "portal.notifications.event_copies_erase",
        "matching.retention.approach_copies_erase",
    ]


def test_only_portal_hooks_walks_the_installed_apps():
    """Six loops over the AppConfigs became one: every other portal module asks portal.hooks."""
    walkers = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "portal").rglob("*.py")
        if "migrations" not in path.parts
        and any(
            isinstance(node, ast.Attribute) and node.attr == "get_app_configs"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )

    assert walkers == ["portal/hooks.py"]
