"""Settings for the 自治体DX 人材プールポータル, read from the environment (see .env.example)."""

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# A missing production secret fails loudly where it matters: config.wsgi and config.asgi refuse
# to serve, and `check --deploy` reports it. Other management commands (makemigrations, check)
# still run, with a throw-away key that signs nothing anyone keeps.
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if not SECRET_KEY:
    SECRET_KEY = (
        "development-only-insecure-key-never-use-in-production"
        if DEBUG
        else secrets.token_urlsafe(50)
    )

# While rotating the key: the previous keys, so sessions and edit links stay valid for a while.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS everywhere outside development. Behind a load balancer that terminates TLS, set
# SECURE_PROXY_SSL_HEADER_ENABLED=true so Django trusts its X-Forwarded-Proto header.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "portal.views.site.csrf_failure"
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# How many proxies (load balancers) in front of the app append to X-Forwarded-For; 0 = none.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# No inline script or style anywhere; every asset is served from this site. Sent on every response
# by portal.middleware.ContentSecurityPolicyMiddleware (the shape of Django 6.0's own setting).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
# A stricter policy to try out first: browsers report what it would block and block nothing.
SECURE_CSP_REPORT_ONLY: dict[str, list[str]] = {}

# A company's unfinished answers wait in its session for a day at most (personal data; run
# `manage.py clearsessions` daily to delete expired sessions).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(24 * 60 * 60)))
# Staff sessions end after this much idle time (public visitors keep Django's default).
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", str(30 * 60)))
OTP_TOTP_ISSUER = "自治体DX人材プールポータル"

# Login lockout (django-axes): after 5 failures for a user name from one address, wait 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Sign-in records (user name, IP address, browser) are deleted this many days later by the daily
# retention run (`manage.py erase_expired_personal_data`): long enough to look into a break-in.
LOGIN_LOG_RETENTION_DAYS = int(os.environ.get("LOGIN_LOG_RETENTION_DAYS", "365"))
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None

# Public form: bodies stay small, and one client may confirm only so many registrations an hour.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
REGISTRATIONS_PER_CLIENT_PER_HOUR = int(os.environ.get("REGISTRATIONS_PER_CLIENT_PER_HOUR", "10"))

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "rangefilter",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "portal",
    "registry",
    "accelerators",
    "talent",
    "matching",
]

MIDDLEWARE = [
    # Outermost, so that a HEAD response loses its body after everything else has run.
    "portal.middleware.HeadRequestMiddleware",
    # Answers load balancers before anything checks the host name or touches the session.
    "portal.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed here (WhiteNoise, above, serves static files pre-compressed): the
    # registration forms are ~60 KB of HTML. Django pads each response against BREACH (Heal
    # the Breach) and masks the CSRF token per response.
    "django.middleware.gzip.GZipMiddleware",
    # Pages kept whole for visitors without a session are answered here, below every middleware
    # that sets a header on each response and above the session (portal.page_cache).
    "portal.page_cache.SharedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.contact",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# No DATABASE_URL means the embedded SQLite file; production and CI use PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Reusing connections matters: ~5× the throughput of a one-query view on PostgreSQL.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The office people can contact about the portal (error pages, and more places to come).
CONTACT = {
    "office": os.environ.get("CONTACT_OFFICE", "総務省 自治行政局 地域情報化企画室"),
    "email": os.environ.get("CONTACT_EMAIL", "jinzai-pool@example.go.jp"),
    "phone": os.environ.get("CONTACT_PHONE", "03-5253-5111（代表）"),
    "hours": os.environ.get("CONTACT_HOURS", "平日 9:30～18:15"),
}
# How long 総務省's review of a registration usually takes, as told on the complete pages.
REVIEW_PERIOD = os.environ.get("REVIEW_PERIOD", "2週間ほど")

# The portal's own address, for links in e-mails (no request is at hand when they are written).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
REGISTRATION_EDIT_LINK_DAYS = int(os.environ.get("REGISTRATION_EDIT_LINK_DAYS", "30"))
TALENT_EDIT_LINK_DAYS = int(os.environ.get("TALENT_EDIT_LINK_DAYS", "30"))
# 打診: how long the answer link works, and how many one prefecture user may send a day.
APPROACH_LINK_DAYS = int(os.environ.get("APPROACH_LINK_DAYS", "30"))
# A staff invitation's link (set a password, then the second factor) and a staff password reset
# link live this many days and hours: short, since either one opens a staff account.
STAFF_INVITATION_DAYS = int(os.environ.get("STAFF_INVITATION_DAYS", "7"))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_HOURS", "2")) * 3600
APPROACHES_PER_USER_PER_DAY = int(os.environ.get("APPROACHES_PER_USER_PER_DAY", "50"))
# 個人情報保護法: the personal data of a registration or a talent entry withdrawn (取下げ) or found
# duplicate (重複) is erased this many days later (`manage.py erase_expired_personal_data`, daily;
# portal.retention).
REGISTRATION_RETENTION_DAYS = int(os.environ.get("REGISTRATION_RETENTION_DAYS", "365"))
TALENT_RETENTION_DAYS = int(os.environ.get("TALENT_RETENTION_DAYS", "365"))
# The address and body of every mail sent, and the replies to 打診, are erased this many days
# after the 募集 closes or the entry is withdrawn, whichever comes first.
MAIL_RETENTION_DAYS = int(os.environ.get("MAIL_RETENTION_DAYS", "365"))
# The yearly reconfirmation of registrations and talent entries (portal.reconfirmation): who is
# asked (not confirmed for this many months), when the answer is due (days after the mail;
# unanswered entries then leave the lists as 未確認), and the days after the mail on which a
# reminder goes out.
RECONFIRMATION_MONTHS = int(os.environ.get("RECONFIRMATION_MONTHS", "12"))
RECONFIRMATION_DEADLINE_DAYS = int(os.environ.get("RECONFIRMATION_DEADLINE_DAYS", "42"))
RECONFIRMATION_REMINDER_DAYS = [
    int(day) for day in env_list("RECONFIRMATION_REMINDER_DAYS", "14,28")
]

# Shared by every app server in production (rate limits); memory when there is no Redis.
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Rendered pages and fragments: per process, so a deploy (new processes) never serves old
    # HTML. Under DEBUG nothing is kept, so an edited template shows at the next reload.
    "pages": {
        "BACKEND": "django.core.cache.backends.dummy.DummyCache"
        if DEBUG
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        # The kept pages and list fragments a process needs (some hundreds) with room to spare;
        # about 40 KB each, so at most some tens of MB per process.
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}

LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:staff-home"
LOGOUT_REDIRECT_URL = "portal:home"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# History is for reading: reverting would bypass the review workflow and its record.
SIMPLE_HISTORY_REVERT_DISABLED = True

# 普通交付税 per full-time 自治体DXアクセラレータ from 令和7年度, used by the dashboard's estimate.
ACCELERATOR_FULL_TIME_UNIT_COST_YEN = int(
    os.environ.get("ACCELERATOR_FULL_TIME_UNIT_COST_YEN", "7800000")
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The task queue (Django's Tasks API through the django-tasks backport). Production: "database"
# (django-tasks-db on PostgreSQL, run `manage.py db_worker`: several app servers share it through
# the database); "immediate" runs each task in the process that queues it (development, the demo
# and the tests: nothing else to start). Only backends that install from requirements.lock are
# offered (tests/config/test_settings.py imports each); any other value stops the start-up.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASK_BACKEND = os.environ.get("TASK_BACKEND", "immediate" if DEBUG else "database")
if TASK_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASK_BACKEND={TASK_BACKEND!r} is not offered; use one of: {', '.join(TASK_BACKENDS)}."
    )
TASK_QUEUES = ["default", "mail"]
TASKS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND], "QUEUES": TASK_QUEUES}
}
# A worker holds a mail this long while it sends (longer than any send: EMAIL_TIMEOUT applies
# to each step of the SMTP conversation); a worker that dies lets it run out, then resend_mail
# sends the mail. Failed sends are tried again after 30 s, 1, 2, 4, … minutes, this many times.
MAIL_CLAIM_SECONDS = int(os.environ.get("MAIL_CLAIM_SECONDS", "300"))
MAIL_RETRY_BASE_SECONDS = int(os.environ.get("MAIL_RETRY_BASE_SECONDS", "30"))
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
# The hour (Japan time, TIME_ZONE) from which `manage.py send_digests` sends staff their daily
# digest; cron runs it hourly and a day's digest goes once (portal.notifications).
DIGEST_HOUR = int(os.environ.get("DIGEST_HOUR", "8"))
# Imports of more rows than this are confirmed on the queue, not in the admin's request; files
# larger than this many bytes (some thousands of rows) are also read and checked there.
IMPORT_QUEUE_ROWS = int(os.environ.get("IMPORT_QUEUE_ROWS", "1000"))
IMPORT_QUEUE_BYTES = int(os.environ.get("IMPORT_QUEUE_BYTES", "262144"))

# In development mails are printed to the runserver output, subjects readable (not MIME-encoded).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "portal.console_mail.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH")  # for the file backend only
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "jinzai-pool@example.go.jp")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# One JSON object per line on stdout, for the platform's log collector; plain text in development.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
