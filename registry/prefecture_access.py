"""Who is prefecture staff, and for which prefecture: checked on the server for every request."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import PrefectureMembership


def user_prefecture(user):
    """The prefecture a user works for, or None."""
    membership = (
        PrefectureMembership.objects.select_related("prefecture").filter(user=user).first()
        if user.is_authenticated
        else None
    )
    return membership.prefecture if membership else None


def prefecture_staff_required(view):
    """Log in first; then pass the user's prefecture, or explain why there is none."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        prefecture = user_prefecture(request.user)
        if prefecture is None:
            return render(request, "registry/prefecture/no_prefecture.html", status=403)
        return view(request, prefecture, *args, **kwargs)

    return wrapped
