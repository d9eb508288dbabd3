"""How `portal` reaches what the apps declare for a site-wide job, without importing them."""

from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


def app_hooks(name: str) -> list[tuple[str, Any]]:
    """What the apps declare as AppConfig.<name> (a dotted path), imported, in the order of
    INSTALLED_APPS; apps that declare nothing are left out. Any: each hook is what its name
    promises (a function, or an object such as a portal.reconfirmation.Reconfirmation)."""
    paths = [getattr(config, name, None) for config in apps.get_app_configs()]
    return [(path, import_string(path)) for path in paths if path]
