from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ..access import signed_in_user, staff_required
from ..notification_forms import NotificationSettingsForm
from ..notifications import deliveries_for, event_kinds_for, preferences_save, staff_audience

SAVED = "お知らせメールの受け取り方を保存しました。"


@staff_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Each staff user chooses, per kind of event of their role, how they hear of it."""
    user = signed_in_user(request)
    audience = staff_audience(user)
    assert audience is not None  # staff_required lets in only a role
    kinds = event_kinds_for(audience=audience)
    current = deliveries_for(user=user, kinds=kinds)
    form = NotificationSettingsForm(
        request.POST if request.method == "POST" else None, kinds=kinds, current=current
    )
    if form.is_valid():
        preferences_save(user=user, deliveries=form.deliveries())
        messages.success(request, SAVED)
        return redirect("portal:notification-settings")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "portal/notification_settings.html",
        {"form": form, "has_email": bool(user.email)},
        status=status,
    )
