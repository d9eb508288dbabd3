"""Staff accounts: 総務省's invitations and the list of staff without an address; the invited
person's page that sets the password; the password reset (Django's own views, styled)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ..access import mic_staff_required, public, signed_in_user
from ..links import LinkError
from ..mail import DeliverAfterResponse
from ..ratelimit import client_address, rate_limited
from ..staff_accounts import (
    NOT_LISTED,
    InvitationRefused,
    invitation_accept,
    invitation_create,
    invitation_from_token,
    invitation_resend,
    invitation_withdraw,
    invitations_listed,
    staff_address_set,
    staff_without_address,
)
from ..staff_forms import InvitationForm, StaffAddressForm, StaffPasswordResetForm
from ..text import text_key

RESETS_PER_CLIENT = {"limit": 20, "window_seconds": 3600}
RESETS_PER_ADDRESS = {"limit": 5, "window_seconds": 3600}
INVITATION_LINK_TEMPLATE = "portal/invitation_link.html"


@mic_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    """総務省 invites staff and sees the invitations waiting, with resend and withdraw."""
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_create(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                prefecture=form.cleaned_data["role"],
                by=signed_in_user(request),
            )
        except InvitationRefused as refusal:
            form.add_error("email", str(refusal))
        else:
            messages.success(
                request, f"{invitation.name} さん（{invitation.email}）に招待のメールを送りました。"
            )
            return redirect("portal:invitations")
    return render(
        request,
        "portal/invitations.html",
        {
            "form": form,
            "invitations": list(invitations_listed()),
            "without_address": staff_without_address(by=signed_in_user(request)).count(),
            "days": settings.STAFF_INVITATION_DAYS,
        },
        status=400 if form.errors else 200,
    )


@mic_staff_required
@require_POST
def invitation_resend_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        invitation = invitation_resend(pk=pk)
    except InvitationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            f"{invitation.name} さんに招待のメールを再送しました。前に送ったリンクは使えなくなります。",
        )
    return redirect("portal:invitations")


@mic_staff_required
@require_POST
def invitation_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        invitation = invitation_withdraw(pk=pk, by=signed_in_user(request))
    except InvitationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{invitation.name} さんへの招待を取り消しました。")
    return redirect("portal:invitations")


@mic_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_addresses(request: HttpRequest) -> HttpResponse:
    """The staff accounts without an e-mail address, each with a form to add one."""
    by = signed_in_user(request)
    form = StaffAddressForm(request.POST or None, by=by)
    if request.method == "POST":
        if form.is_valid():
            try:
                user = staff_address_set(
                    user_pk=form.cleaned_data["user"].pk, email=form.cleaned_data["email"], by=by
                )
            except InvitationRefused as refusal:
                form.add_error("email", str(refusal))
            else:
                messages.success(
                    request,
                    f"{user.get_username()} のメールアドレスを登録しました（{user.email}）。",
                )
                return redirect("portal:staff-addresses")
        if "user" in form.errors:
            # Another account, or one completed meanwhile: nothing changed, and the list says so.
            messages.error(request, NOT_LISTED)
            return redirect("portal:staff-addresses")
    return render(
        request,
        "portal/staff_addresses.html",
        {"users": list(staff_without_address(by=by)), "form": form},
        status=400 if form.errors else 200,
    )


@public
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponseBase:
    """The invited person chooses a password; then the second factor is enrolled (two_factor)."""
    try:
        invitation = invitation_from_token(token)
    except LinkError as error:
        return _link_refused(request, error)
    if request.user.is_authenticated:
        # A live link opened in a browser signed in as somebody else must not touch that account
        # (nor sign its owner out): the invited person opens it in their own browser.
        return render(
            request,
            INVITATION_LINK_TEMPLATE,
            {
                "problem": "別のアカウントでログインしているため、この招待は開けません。"
                "ログアウトしてから、もう一度招待のメールのリンクを開いてください。",
                "signed_in": True,
            },
            status=403,
        )
    form = SetPasswordForm(
        User(username=invitation.email, email=invitation.email), request.POST or None
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except LinkError as error:
            return _link_refused(request, error)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        query = urlencode({"next": reverse("portal:staff-home")})
        return redirect(f"{reverse('portal:two-factor')}?{query}")
    return render(
        request,
        INVITATION_LINK_TEMPLATE,
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )


def _link_refused(request: HttpRequest, error: LinkError) -> HttpResponse:
    return render(request, INVITATION_LINK_TEMPLATE, {"problem": str(error)}, status=410)


class StaffPasswordResetView(auth_views.PasswordResetView):
    """Django's reset view: rate-limited, the same answer for an unknown address, the mail
    stored in the outbox and delivered only after the answer has left."""

    form_class = StaffPasswordResetForm
    template_name = "portal/password_reset.html"
    success_url = reverse_lazy("portal:password-reset-done")
    extra_context = {"hours": settings.PASSWORD_RESET_TIMEOUT // 3600}

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        if rate_limited(
            scope="password-reset-ip", key=client_address(self.request), **RESETS_PER_CLIENT
        ) or rate_limited(scope="password-reset-email", key=text_key(email), **RESETS_PER_ADDRESS):
            return render(
                self.request,
                self.template_name,
                self.get_context_data(form=form, limited=True),
                status=429,
            )
        form.save(token_generator=self.token_generator, request=self.request)
        response = DeliverAfterResponse(status=302, mails=form.mails)
        response["Location"] = str(self.success_url)
        return response


password_reset = public(StaffPasswordResetView.as_view())
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="portal/password_reset_done.html")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="portal/password_reset_confirm.html",
        success_url=reverse_lazy("portal:password-reset-complete"),
    )
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="portal/password_reset_complete.html"
    )
)
