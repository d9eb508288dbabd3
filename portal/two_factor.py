"""Second factor for staff: a TOTP authenticator app (django-otp), enrolled at first sign-in,
and ten single-use backup codes (django-otp's static device) for a day without the phone."""

import secrets
from typing import Any
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import (
    second_factor_exempt,
    second_factor_required,
    signed_in_user,
    user_is_verified,
)
from .text import text_half_width

BACKUP_CODES = 10
# No 0/o, 1/l/i: the codes are read off paper. 10 of 31 characters: about 50 bits each.
BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
BACKUP_LENGTH = 10
BACKUP_DEVICE = "予備コード"
SHOW_ONCE_KEY = "two_factor_backup_codes"


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

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("6桁の数字を入力してください。")
        return token


class BackupCodeForm(forms.Form):
    backup_code = forms.CharField(
        label="予備コード（10文字）",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
        error_messages={"required": "予備コードを入力してください。"},
    )

    def clean_backup_code(self) -> str:
        # As written on paper or typed on a phone: full-width, capitals, hyphens and spaces.
        code = text_half_width(self.cleaned_data["backup_code"]).lower()
        code = "".join(code.replace("-", "").split())
        if len(code) != BACKUP_LENGTH:
            raise forms.ValidationError(
                "予備コードは10文字です（ハイフンは入れても入れなくても構いません）。"
            )
        return code


def backup_codes_issue(user: User) -> list[str]:
    """Replace the user's backup codes with ten new ones; returns them as shown (xxxxx-xxxxx)."""
    codes = [
        "".join(secrets.choice(BACKUP_ALPHABET) for _ in range(BACKUP_LENGTH))
        for _ in range(BACKUP_CODES)
    ]
    with transaction.atomic():
        # One issue at a time per user (a double click, two tabs): otherwise both sets of codes
        # would stay valid, or a second device appear.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        device = StaticDevice.objects.filter(user=user, name=BACKUP_DEVICE).order_by("pk").first()
        if device is None:
            device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE, confirmed=True)
        StaticToken.objects.filter(device__user=user).delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


# django-otp ships no type hints: its devices are Any here.
def backup_code_use(user: User, code: str) -> Any:
    """The user's backup-code device if `code` is one of its unused codes, which is then used up;
    else None. The device row is locked first, so one code never lets two sign-ins through."""
    for device_id in StaticDevice.objects.filter(user=user, confirmed=True).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            device = StaticDevice.objects.select_for_update().get(pk=device_id)
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(code):
                return device
    return None


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@second_factor_exempt
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify with the user's authenticator, or enrol one if the user has none yet."""
    if user_is_verified(request.user):
        return redirect(_next_url(request))
    # Backup codes alone are not a second factor: without an authenticator, enrol one.
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return _verify(request)
    return _enrol(request)


def _verify(request: HttpRequest) -> HttpResponse:
    using_backup = "backup_code" in request.POST
    form = TokenForm(None if using_backup else request.POST or None)
    backup_form = BackupCodeForm(request.POST if using_backup else None)
    if using_backup and backup_form.is_valid():
        device = backup_code_use(signed_in_user(request), backup_form.cleaned_data["backup_code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        backup_form.add_error(
            "backup_code",
            "確認できませんでした。使っていない予備コードを入力してください（何度も間違えると、"
            "しばらく入力できなくなります）。",
        )
    if request.method == "POST" and not using_backup and form.is_valid():
        device = _authenticator(signed_in_user(request), form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "token",
            "確認できませんでした。最新の数字を入力してください（何度も間違えると、しばらく入力できなくなります）。",
        )
    return render(
        request,
        "portal/two_factor_verify.html",
        {"form": form, "backup_form": backup_form, "next": _next_url(request)},
    )


def _enrol(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="認証アプリ", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            # Shown once, on the next page, which the browser may reload without a new POST.
            request.session[SHOW_ONCE_KEY] = backup_codes_issue(signed_in_user(request))
            query = urlencode({"next": _next_url(request)})
            return redirect(f"{reverse('portal:backup-codes')}?{query}")
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


@never_cache
@login_required
@second_factor_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    """The backup codes just made (shown once), and new ones on request (the old stop working)."""
    codes = request.session.pop(SHOW_ONCE_KEY, None)
    # New codes outlive the session: the authenticator is asked for again, so that a session
    # left open (or taken over) cannot mint them.
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _authenticator(signed_in_user(request), form.cleaned_data["token"]) is not None:
            codes = backup_codes_issue(signed_in_user(request))
            form = TokenForm()
        else:
            form.add_error(
                "token",
                "確認できませんでした。認証アプリに今表示されている数字を入力してください"
                "（ログインに使った数字は使えないため、次の数字が出るまでお待ちください）。",
            )
    return render(
        request,
        "portal/two_factor_backup.html",
        {
            "codes": codes,
            "form": form,
            "left": backup_codes_left(signed_in_user(request)),
            "next": _next_url(request),
        },
    )


def _authenticator(user: User, token: str) -> Any:
    """The user's authenticator if it accepts `token` (django-otp throttles failures), else None."""
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None
