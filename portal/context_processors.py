from django.conf import settings


def contact(request):
    """The office people can ask (settings.CONTACT) and how long a review takes, for every page."""
    return {"contact": settings.CONTACT, "review_period": settings.REVIEW_PERIOD}
