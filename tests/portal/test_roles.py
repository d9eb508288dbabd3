import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command

from portal.roles import MIC_GROUP, PREFECTURE_GROUP, role_permissions


@pytest.mark.django_db
def test_setup_roles_gives_each_group_what_the_apps_declare_idempotently():
    call_command("setup_roles")
    call_command("setup_roles")

    group = Group.objects.get(name=MIC_GROUP)
    granted = {
        (p.content_type.app_label, p.codename)
        for p in group.permissions.select_related("content_type")
    }
    assert granted == set(role_permissions()[MIC_GROUP])
    assert not Group.objects.get(name=PREFECTURE_GROUP).permissions.exists()


def test_each_app_declares_its_own_permissions():
    permissions = role_permissions()[MIC_GROUP]
    declared_by = {
        config.label: getattr(config, "staff_permissions", {}).get(MIC_GROUP, [])
        for config in apps.get_app_configs()
    }

    assert ("registry", "view_registration") in declared_by["registry"]
    assert ("accelerators", "view_nomination") in declared_by["accelerators"]
    assert ("portal", "view_exportlog") in declared_by["portal"]
    assert sorted(permissions) == sorted(p for granted in declared_by.values() for p in granted)
    # An app grants only on its own models (auth's user admin is the portal's).
    for label, granted in declared_by.items():
        assert {app for app, _ in granted} <= ({label, "auth"} if label == "portal" else {label})
