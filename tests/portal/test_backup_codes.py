"""Backup codes for the second factor: ten single-use codes, shown once at enrolment, usable in
place of the authenticator's six digits, and made anew on request."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.two_factor import backup_codes_issue
from tests.factories import login_verified, make_prefecture_user, totp_device, totp_now

pytestmark = pytest.mark.django_db
TWO_FACTOR = reverse("portal:two-factor")
BACKUP = reverse("portal:backup-codes")
HOME = reverse("portal:staff-home")


def _codes(html):
    return re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", html)


def _signed_in_with_password(username="backup-user"):
    user = make_prefecture_user(username, "13")
    client = Client()
    client.force_login(user)
    return client, user


def test_enrolling_shows_ten_codes_once(client):
    client, user = _signed_in_with_password()
    client.get(TWO_FACTOR)  # the enrolment page makes the unconfirmed device
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)

    response = client.post(TWO_FACTOR, {"token": f"{code:06d}", "next": HOME}, follow=True)
    codes = _codes(response.content.decode())
    again = client.get(response.redirect_chain[-1][0]).content.decode()

    assert response.redirect_chain[-1][0] == f"{BACKUP}?next=%2Fstaff%2F"
    assert len(codes) == len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert _codes(again) == [] and '残り<strong id="backup-codes-left">10個' in again
    assert f'href="{HOME}"' in again


@pytest.mark.parametrize("spelling", [str, str.upper, lambda code: code.replace("-", " ")])
def test_a_backup_code_passes_the_second_factor_once(spelling):
    client, user = _signed_in_with_password()
    totp_device(user)
    code = backup_codes_issue(user)[3]

    passed = client.post(TWO_FACTOR, {"backup_code": spelling(code), "next": HOME})
    other = Client()
    other.force_login(user)
    reused = other.post(TWO_FACTOR, {"backup_code": code, "next": HOME})

    assert passed.status_code == 302 and passed.url == HOME
    assert client.get(HOME).status_code == 200
    assert reused.status_code == 200
    assert "使っていない予備コードを入力してください" in reused.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_a_full_width_code_is_read_as_typed_on_a_phone():
    client, user = _signed_in_with_password()
    totp_device(user)
    code = backup_codes_issue(user)[0]
    wide = code.upper().translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})

    assert client.post(TWO_FACTOR, {"backup_code": wide, "next": HOME}).status_code == 302


@pytest.mark.parametrize("typed", ["", "abc", "zzzzz-zzzzz"])
def test_a_wrong_backup_code_is_refused_in_japanese(typed):
    client, user = _signed_in_with_password()
    totp_device(user)
    backup_codes_issue(user)

    response = client.post(TWO_FACTOR, {"backup_code": typed, "next": HOME})

    html = response.content.decode()
    assert response.status_code == 200 and "予備コード" in html
    assert "【入力内容に誤りがあります】" in html
    assert '<details class="mt-4" id="backup-code" open>' in html
    assert client.get(HOME).status_code == 302  # still not through


def test_codes_alone_do_not_replace_the_authenticator():
    """After a lost phone's authenticator is deleted, the next sign-in enrols a new one."""
    client, user = _signed_in_with_password()
    backup_codes_issue(user)

    assert "2段階認証の設定" in client.get(TWO_FACTOR).content.decode()


def test_making_new_codes_retires_the_old_ones():
    user = make_prefecture_user("renew", "13")
    old = backup_codes_issue(user)
    client = login_verified(Client(), user)

    response = client.post(BACKUP, {"token": totp_now(user), "next": HOME})
    new = _codes(response.content.decode())

    assert len(new) == 10 and not set(new) & set(old)
    assert not StaticToken.objects.filter(token=old[0].replace("-", "")).exists()


@pytest.mark.parametrize("token", [None, "", "12345", "000000"])
def test_making_new_codes_asks_the_authenticator_again(token):
    """A session left open, or taken over, cannot mint codes that outlive it."""
    user = make_prefecture_user("renew-check", "13")
    old = backup_codes_issue(user)
    client = login_verified(Client(), user)

    data = {"next": HOME} if token is None else {"token": token, "next": HOME}
    response = client.post(BACKUP, data)

    html = response.content.decode()
    assert response.status_code == 200 and _codes(html) == []
    assert "【入力内容に誤りがあります】" in html
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert stored == {code.replace("-", "") for code in old}


def test_the_codes_page_needs_the_second_factor_first():
    client, _ = _signed_in_with_password()

    response = client.post(BACKUP)

    assert response.status_code == 302 and response.url.startswith(TWO_FACTOR)
    assert not StaticToken.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_code_used_at_the_same_instant_lets_only_one_sign_in_through():
    import threading

    from django.db import connection

    from portal.two_factor import backup_code_use

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers and has no row locks; the race needs PostgreSQL")
    user = make_prefecture_user("same-instant", "13")
    code = backup_codes_issue(user)[0].replace("-", "")
    threads_count = 6
    barrier = threading.Barrier(threads_count, timeout=30)
    passed, errors = [], []

    def use():
        try:
            barrier.wait()
            if backup_code_use(user, code) is not None:
                passed.append(1)
        except Exception as error:  # every failure in a thread fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=use) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == [] and len(passed) == 1
    assert StaticToken.objects.filter(device__user=user).count() == 9


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_codes_made_twice_at_the_same_instant_leave_one_set():
    import threading

    from django.db import connection
    from django_otp.plugins.otp_static.models import StaticDevice

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers and has no row locks; the race needs PostgreSQL")
    user = make_prefecture_user("double-click", "13")
    barrier = threading.Barrier(4, timeout=30)
    shown, errors = [], []

    def issue():
        try:
            barrier.wait()
            shown.append(backup_codes_issue(user))
        except Exception as error:  # every failure in a thread fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert errors == [] and StaticDevice.objects.filter(user=user).count() == 1
    assert len(stored) == 10
    assert any(stored == {code.replace("-", "") for code in codes} for codes in shown)
