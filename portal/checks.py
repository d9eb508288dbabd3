from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET = (
    "SECRET_KEY is not set. Set it in the environment, or set DEBUG=true for development."
)


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if settings.SECRET_KEY_MISSING:
        return [Error(MISSING_SECRET, id="config.E001")]
    return []


def refuse_to_serve_without_secret_key():
    """Called by config.wsgi and config.asgi: never serve requests with a throw-away key."""
    if settings.SECRET_KEY_MISSING:
        raise ImproperlyConfigured(MISSING_SECRET)
