from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "config.admin.PortalAdminSite"

    def ready(self):
        super().ready()
        # The project's own system checks live in config/, which has no app of its own.
        from config import checks  # noqa: F401
