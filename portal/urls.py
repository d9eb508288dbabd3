from django.contrib.auth import views as auth_views
from django.urls import path

from . import two_factor
from .access import public
from .views import notification_settings, site

app_name = "portal"

urlpatterns = [
    path("", site.home, name="home"),
    path(
        "accounts/login/",
        public(auth_views.LoginView.as_view(template_name="portal/login.html")),
        name="login",
    ),
    path("accounts/logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("accounts/2fa/", two_factor.two_factor, name="two-factor"),
    path("accounts/2fa/backup-codes/", two_factor.backup_codes, name="backup-codes"),
    path("staff/", site.staff_home, name="staff-home"),
    path(
        "staff/notifications/",
        notification_settings.notification_settings,
        name="notification-settings",
    ),
]
