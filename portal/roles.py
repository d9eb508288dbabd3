"""Groups of staff and what they may do. Applied by `manage.py setup_roles` (idempotent).

Each app declares what its models let each group do, as `staff_permissions` on its AppConfig
({group name: [(app label, codename), ...]}); this module only assembles them, so it never needs
to know which apps exist.
"""

from typing import TYPE_CHECKING

from .hooks import app_hook_values

if TYPE_CHECKING:  # imported inside roles_apply: this module is read before the apps are ready
    from django.contrib.auth.models import Group

MIC_GROUP = "総務省"
PREFECTURE_GROUP = "都道府県"
# Groups that 総務省 staff may give to the users they create.
ASSIGNABLE_GROUPS = [MIC_GROUP, PREFECTURE_GROUP]


def role_permissions() -> dict[str, list[tuple[str, str]]]:
    """{group name: [(app label, codename), ...]} gathered from every installed app."""
    permissions: dict[str, list[tuple[str, str]]] = {name: [] for name in ASSIGNABLE_GROUPS}
    for _, declared in app_hook_values("staff_permissions"):
        for group, granted in declared.items():
            permissions[group].extend(granted)
    return permissions


def roles_apply() -> list["Group"]:
    """Create or update each group so it holds exactly the permissions the apps declare."""
    from django.contrib.auth.models import Group, Permission

    groups = []
    for name, codenames in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in codenames
            ]
        )
        groups.append(group)
    return groups
