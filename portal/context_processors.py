from typing import Any

from django.conf import settings
from django.http import HttpRequest


def contact(request: HttpRequest) -> dict[str, Any]:
    """The office people can ask (settings.CONTACT) and how long a review takes, for every page."""
    return {"contact": settings.CONTACT, "review_period": settings.REVIEW_PERIOD}
