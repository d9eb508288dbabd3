from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET = (
    "SECRET_KEY is not set. Set it in the environment, or set DEBUG=true for development."
)


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    if settings.SECRET_KEY_MISSING:
        return [Error(MISSING_SECRET, id="config.E001")]
    return []


def refuse_to_serve_without_secret_key() -> None:
    """Called by config.wsgi and config.asgi: never serve requests with a throw-away key."""
    if settings.SECRET_KEY_MISSING:
        raise ImproperlyConfigured(MISSING_SECRET)


@register(deploy=True)
def mail_leaves_the_web_tier(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    """Production sends mail from a worker, never inside a request, and holds it long enough."""
    problems: list[CheckMessage] = []
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.endswith("ImmediateBackend"):
        problems.append(
            Warning(
                "TASK_BACKEND=immediate sends mail inside web requests: a slow mail server then "
                "holds gunicorn workers. Use TASK_BACKEND=database and run manage.py db_worker.",
                id="config.W002",
            )
        )
    # smtplib's timeout applies to each step; a lease shorter than a few steps could expire
    # while a slow send is still going, and let a second process send the same mail.
    if settings.MAIL_CLAIM_SECONDS < 5 * settings.EMAIL_TIMEOUT:
        problems.append(
            Warning("MAIL_CLAIM_SECONDS should be at least 5 × EMAIL_TIMEOUT.", id="config.W003")
        )
    return problems
