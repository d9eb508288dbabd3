"""How `portal` reaches what the apps declare for a site-wide job, without importing them.

Every such declaration is an attribute of the app's AppConfig (see the apps' apps.py): a dotted
path to a function or declaration (`home_panel`, `retention`, `mail_texts`, …), or plain data
(`staff_permissions`, `export_kinds`, `demo_fixtures`, …). These two functions are the only
place that walks the installed apps for them.
"""

from typing import Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string


def app_hook_values(name: str) -> list[tuple[AppConfig, Any]]:
    """(app, value) of AppConfig.<name> for every app that declares it, in the order of
    INSTALLED_APPS; apps that declare nothing (or an empty value) are left out."""
    return [
        (config, value)
        for config in apps.get_app_configs()
        if (value := getattr(config, name, None))
    ]


def app_hooks(name: str) -> list[tuple[str, Any]]:
    """What the apps declare as AppConfig.<name> (a dotted path), imported, in the order of
    INSTALLED_APPS; apps that declare nothing are left out. Any: each hook is what its name
    promises (a function, or an object such as a portal.reconfirmation.Reconfirmation)."""
    return [(path, import_string(path)) for _, path in app_hook_values(name)]
