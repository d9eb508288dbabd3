import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from portal.checks import refuse_to_serve_without_secret_key  # noqa: E402 - needs the settings

refuse_to_serve_without_secret_key()
