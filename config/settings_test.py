"""Test settings: the production settings with a throw-away key, fast hashing and in-memory mail."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")

from config.settings import *  # noqa: F403

# The manifest storage needs collectstatic first; tests serve the files as they are.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run where they are queued, so a test sees their effect at once; the worker's own tests
# (tests/portal/test_worker.py) start a real `db_worker` on PostgreSQL.
TASKS["default"]["BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"  # noqa: F405
ALLOWED_HOSTS = ["*"]
# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# Serve files straight from static/ without a collectstatic run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The page cache as production has it, even when DEBUG is set in the shell that runs the tests.
CACHES["pages"]["BACKEND"] = "django.core.cache.backends.locmem.LocMemCache"  # noqa: F405
