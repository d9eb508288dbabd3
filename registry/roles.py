"""Groups of staff and what they may do. Applied by `manage.py setup_roles` (idempotent)."""

from django.contrib.auth.models import Group, Permission

MIC_GROUP = "総務省"

# (app label, codename) for 総務省 staff: review, edit and import registrations, read the rest.
MIC_PERMISSIONS = [
    ("registry", "view_registration"),
    ("registry", "change_registration"),
    ("registry", "import_registration"),
    ("registry", "view_historicalregistration"),
    ("registry", "view_statuschange"),
    ("registry", "view_outgoingmail"),
    ("registry", "view_prefecture"),
]


def roles_apply():
    """Create or update each group so it holds exactly its permissions."""
    group, _ = Group.objects.get_or_create(name=MIC_GROUP)
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in MIC_PERMISSIONS
    ]
    group.permissions.set(permissions)
    return [group]
