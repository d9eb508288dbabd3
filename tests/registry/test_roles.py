import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from registry.roles import MIC_GROUP, MIC_PERMISSIONS


@pytest.mark.django_db
def test_setup_roles_creates_the_mic_group_idempotently():
    call_command("setup_roles")
    call_command("setup_roles")

    group = Group.objects.get(name=MIC_GROUP)
    assert sorted(group.permissions.values_list("codename", flat=True)) == sorted(
        codename for _, codename in MIC_PERMISSIONS
    )
