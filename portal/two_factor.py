"""Second factor for staff: a TOTP authenticator app (django-otp), enrolled at first sign-in."""

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice


class TokenForm(forms.Form):
    token = forms.CharField(
        label="認証アプリに表示されている6桁の数字",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={
            "required": "6桁の数字を入力してください。",
            "min_length": "6桁の数字を入力してください。",
        },
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("6桁の数字を入力してください。")
        return token


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def two_factor(request):
    """Verify with the user's authenticator, or enrol one if the user has none yet."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if user_has_device(request.user, confirmed=True):
        return _verify(request)
    return _enrol(request)


def _verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.devices_for_user(request.user, confirmed=True):
            verified, _ = device.verify_is_allowed()
            if verified and device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_next_url(request))
        form.add_error(
            "token",
            "確認できませんでした。最新の数字を入力してください（何度も間違えると、しばらく入力できなくなります）。",
        )
    return render(
        request, "portal/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


def _enrol(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="認証アプリ", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "token", "確認できませんでした。認証アプリに今表示されている数字を入力してください。"
        )
    qr = segno.make(device.config_url, error="m")
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request,
        "portal/two_factor_enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": qr.svg_inline(
                scale=5, dark="#000000", light="#ffffff", title="認証アプリ登録用のQRコード"
            ),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )
