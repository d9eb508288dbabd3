from django.conf import settings


def contact(request):
    """The office people can ask (settings.CONTACT), for every page."""
    return {"contact": settings.CONTACT}
