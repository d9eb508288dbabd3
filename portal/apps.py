from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps

from .roles import MIC_GROUP


class PortalConfig(AppConfig):
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "ポータル共通（都道府県・職員・出力と取込みの記録）"
    # 総務省 staff read the reference data and the export log, edit every app's mail texts, and
    # create prefecture users (the user admin keeps them from raising anyone's privileges).
    staff_permissions = {
        MIC_GROUP: [
            ("portal", "view_prefecture"),
            ("portal", "add_prefecturemembership"),
            ("portal", "change_prefecturemembership"),
            ("portal", "delete_prefecturemembership"),
            ("portal", "view_prefecturemembership"),
            ("portal", "view_exportlog"),
            ("portal", "view_importlog"),
            ("portal", "view_retentionrun"),
            ("portal", "view_mailtext"),
            ("portal", "view_staffinvitation"),
            ("portal", "change_mailtext"),
            ("portal", "view_targetsetting"),
            ("portal", "change_targetsetting"),
            ("portal", "view_staffevent"),
            ("portal", "view_staffmail"),
            ("auth", "add_user"),
            ("auth", "change_user"),
            ("auth", "view_user"),
        ],
    }

    # The texts of its own mails (staff account mails, staff notifications), which 総務省 edits.
    mail_texts = "portal.staff_mail_texts.MAIL_TEXTS"
    # Invitations never accepted, and the staff account mails, are erased after a while.
    retention = "portal.staff_accounts.invitations_retention_apply"
    # The record of the nightly erasure runs (the next run erases the demo's entries that are due),
    # and staff events for the digest (the tokyo user takes replies in the digest).
    demo_fixtures = ["demo_portal", "demo_notifications"]
    # Its staff events and mails copy people's names: erasing an entry blanks them
    # (portal.notifications.event_copies_erase).
    personal_copies_erase = "portal.notifications.event_copies_erase"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 - registers the deploy checks
            targets,  # noqa: F401 - connects its per-request cache
        )


class PortalAdminConfig(admin_apps.AdminConfig):
    """The admin with the portal's site: second factor required, conflicting roles refused."""

    default = False  # INSTALLED_APPS names it in place of django.contrib.admin
    default_site = "portal.sites.PortalAdminSite"
