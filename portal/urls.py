from django.contrib.auth import views as auth_views
from django.urls import path

from . import two_factor
from .access import public
from .views import accounts, notification_settings, review, site

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
    # Staff accounts (portal.staff_accounts): 総務省's pages, then the invited person's link.
    path("staff/invitations/", accounts.invitations, name="invitations"),
    path(
        "staff/invitations/<int:pk>/resend/",
        accounts.invitation_resend_view,
        name="invitation-resend",
    ),
    path(
        "staff/invitations/<int:pk>/withdraw/",
        accounts.invitation_withdraw_view,
        name="invitation-withdraw",
    ),
    path("staff/addresses/", accounts.staff_addresses, name="staff-addresses"),
    path(
        "accounts/invitation/<str:token>/",
        accounts.invitation_accept_view,
        name="invitation-accept",
    ),
    # The password reset: Django's views, styled; the mail goes through the outbox.
    path("accounts/password-reset/", accounts.password_reset, name="password-reset"),
    path(
        "accounts/password-reset/sent/",
        accounts.password_reset_done,
        name="password-reset-done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path(
        "accounts/password-reset/done/",
        accounts.password_reset_complete,
        name="password-reset-complete",
    ),
    # 総務省's review workspace (portal.review): the queues, each record and its decision.
    path("staff/review/", review.review_home, name="review-home"),
    path("staff/review/<slug:kind>/", review.review_queue, name="review-queue"),
    path("staff/review/<slug:kind>/<int:pk>/", review.review_record, name="review-record"),
    path(
        "staff/review/<slug:kind>/<int:pk>/decide/",
        review.review_decision,
        name="review-decision",
    ),
    path(
        "staff/notifications/",
        notification_settings.notification_settings,
        name="notification-settings",
    ),
]
