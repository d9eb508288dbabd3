"""Groups of staff and what they may do. Applied by `manage.py setup_roles` (idempotent)."""

from django.contrib.auth.models import Group, Permission

MIC_GROUP = "総務省"
PREFECTURE_GROUP = "都道府県"

# (app label, codename). 総務省 staff review, edit and import registrations, read the records
# around them, and create prefecture users (the user admin keeps them from raising privileges).
ROLE_PERMISSIONS = {
    MIC_GROUP: [
        ("registry", "view_registration"),
        ("registry", "change_registration"),
        ("registry", "import_registration"),
        ("registry", "view_historicalregistration"),
        ("registry", "view_statuschange"),
        ("registry", "view_outgoingmail"),
        ("registry", "view_exportlog"),
        ("registry", "view_mailtemplate"),
        ("registry", "change_mailtemplate"),
        ("registry", "view_prefecture"),
        ("registry", "add_prefecturemembership"),
        ("registry", "change_prefecturemembership"),
        ("registry", "delete_prefecturemembership"),
        ("registry", "view_prefecturemembership"),
        ("accelerators", "view_nomination"),
        ("accelerators", "view_experienceentry"),
        ("accelerators", "view_ipapass"),
        ("accelerators", "view_nominationtransition"),
        ("accelerators", "view_ipaexam"),
        ("accelerators", "view_contractedstaffing"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "view_user"),
    ],
    # Prefecture staff work in the portal's own pages, never in the admin.
    PREFECTURE_GROUP: [],
}
MIC_PERMISSIONS = ROLE_PERMISSIONS[MIC_GROUP]
# Groups that 総務省 staff may give to the users they create.
ASSIGNABLE_GROUPS = [MIC_GROUP, PREFECTURE_GROUP]


def roles_apply():
    """Create or update each group so it holds exactly its permissions."""
    groups = []
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in codenames
            ]
        )
        groups.append(group)
    return groups
