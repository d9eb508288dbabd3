"""Staff reset a forgotten password by e-mail (Django's views, styled): the same answer for any
address, rate-limited, the mail through the outbox, the link single-use, and the second factor
still asked for at the next sign-in. And staff without an address are listed for 総務省."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.links import PERSONAL_LINK_MASK, personal_links_masked
from portal.models import StaffAccountMail
from portal.staff_accounts import staff_without_address
from tests.factories import login_verified, make_prefecture_user, make_user, totp_device

pytestmark = pytest.mark.django_db

RESET = reverse("portal:password-reset")
NEW_PASSWORD = "Reset-pass-2026-kyoto"


@pytest.fixture
def staff():
    user = make_prefecture_user("forgetful", "26")
    user.email = "forgetful@pref.kyoto.example.lg.jp"
    user.save()
    totp_device(user)
    return user


def _reset_link(body):
    return re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/\S+/)", body).group(1)


def _request_reset(client, email):
    # The test client closes the response as a server does, which queues the mail
    # (DeliverAfterResponse.close): the answer has left before any mail is sent.
    return client.post(RESET, {"email": email})


def test_the_login_page_links_to_the_reset(client):
    assert RESET in client.get(reverse("portal:login")).content.decode()


def test_a_known_address_gets_a_reset_mail_through_the_outbox(client, staff):
    response = _request_reset(client, "FORGETFUL@pref.kyoto.example.lg.jp")

    assert response.status_code == 302 and response["Location"] == reverse(
        "portal:password-reset-done"
    )
    [sent] = mail.outbox
    assert sent.to == [staff.email]
    stored = StaffAccountMail.objects.get()
    assert stored.user == staff and stored.sent_at is not None
    assert _reset_link(sent.body)
    assert personal_links_masked(stored.body).count(PERSONAL_LINK_MASK) == 1
    assert "2段階認証" in sent.body


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, staff):
    known = _request_reset(client, staff.email)
    unknown = _request_reset(Client(), "nobody@example.jp")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mail.outbox) == 1 and StaffAccountMail.objects.count() == 1
    done = client.get(reverse("portal:password-reset-done")).content.decode()
    assert "登録されていれば" in done


def test_a_malformed_address_says_why(client):
    response = client.post(RESET, {"email": "not an address"})
    assert response.status_code == 200
    assert "メールアドレスの形式で入力してください" in response.content.decode()
    assert not StaffAccountMail.objects.exists()


def test_resets_are_rate_limited_per_address(client, staff):
    for _ in range(5):
        assert _request_reset(Client(), staff.email).status_code == 302
    response = _request_reset(Client(), staff.email)
    assert response.status_code == 429
    assert "1時間ほどたってから" in response.content.decode()
    assert len(mail.outbox) == 5


def test_resets_are_rate_limited_per_client(client, staff):
    for number in range(20):
        assert _request_reset(client, f"someone{number}@example.jp").status_code == 302
    assert _request_reset(client, staff.email).status_code == 429
    assert not mail.outbox


def test_the_link_sets_a_new_password_once_and_the_second_factor_is_still_asked(client, staff):
    _request_reset(client, staff.email)
    link = _reset_link(mail.outbox[0].body)

    form = client.get(link, follow=True)
    assert "新しいパスワードの設定" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)

    # Used once: the same link opens nothing and changes nothing.
    again = Client().get(link, follow=True)
    assert "再設定のリンクを開けません" in again.content.decode()

    # Signing in with the new password still asks for the second factor before any staff page.
    browser = Client()
    signed_in = browser.post(
        reverse("portal:login"),
        {"username": staff.username, "password": NEW_PASSWORD},
    )
    assert signed_in.status_code == 302
    staff_home = browser.get(reverse("portal:staff-home"))
    assert staff_home.status_code == 302 and reverse("portal:two-factor") in staff_home.url


@pytest.mark.parametrize("tamper", ["token", "other-account"])
def test_a_tampered_link_or_one_for_another_account_changes_nothing(client, staff, tamper):
    other = make_user("other-staff")
    other.email = "other@example.jp"
    other.save()
    _request_reset(client, staff.email)
    link = _reset_link(mail.outbox[0].body)
    _, _, _, uid, token, _ = link.split("/")
    if tamper == "token":
        link = f"/accounts/password-reset/{uid}/{token[:-3]}xyz/"
    else:
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        link = f"/accounts/password-reset/{urlsafe_base64_encode(force_bytes(other.pk))}/{token}/"
    page = client.get(link, follow=True)
    assert "再設定のリンクを開けません" in page.content.decode()
    for user, password in ((staff, "pass-for-tests-only"), (other, "pass-for-tests-only")):
        user.refresh_from_db()
        assert user.check_password(password)


# --- staff without an address ---------------------------------------------------------------

ADDRESSES = reverse("portal:staff-addresses")


def test_staff_without_an_address_are_listed_for_mic_and_completed(mic_client, mic_user):
    mic_user.email = "mic@soumu.example.go.jp"
    mic_user.save()
    missing = make_prefecture_user("no-mail", "13")
    User.objects.create_user("not-staff")  # no role: not a staff account

    page = mic_client.get(ADDRESSES).content.decode()
    assert f'id="email-{missing.pk}"' in page and "東京都の職員" in page
    assert "not-staff" not in page

    response = mic_client.post(
        ADDRESSES, {"user": missing.pk, "email": "ＮＯ-ＭＡＩＬ@Metro.Tokyo.JP"}
    )
    assert response.status_code == 302
    missing.refresh_from_db()
    assert missing.email == "NO-MAIL@metro.tokyo.jp"
    assert f'id="email-{missing.pk}"' not in mic_client.get(ADDRESSES).content.decode()


def test_an_address_form_for_an_account_not_listed_changes_nothing(mic_client, mic_user):
    has_one = make_prefecture_user("has-mail", "13")
    has_one.email = "kept@example.jp"
    has_one.save()
    for pk in (has_one.pk, 999999, "x"):
        response = mic_client.post(ADDRESSES, {"user": pk, "email": "new@example.jp"}, follow=True)
        assert "この職員は一覧にありません" in response.content.decode()
    has_one.refresh_from_db()
    assert has_one.email == "kept@example.jp"


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "メールアドレスを入力してください"), ("bad", "メールアドレスの形式で入力してください")],
)
def test_a_bad_address_says_why_and_stores_nothing(mic_client, email, message):
    missing = make_prefecture_user("no-mail", "13")
    response = mic_client.post(ADDRESSES, {"user": missing.pk, "email": email})
    assert response.status_code == 400 and message in response.content.decode()
    missing.refresh_from_db()
    assert missing.email == ""


def test_an_address_used_by_another_account_is_refused(mic_client, mic_user):
    mic_user.email = "taken@example.jp"
    mic_user.save()
    missing = make_prefecture_user("no-mail", "13")
    response = mic_client.post(ADDRESSES, {"user": missing.pk, "email": "TAKEN@example.jp"})
    assert "別のアカウントで使われています" in response.content.decode()
    missing.refresh_from_db()
    assert missing.email == ""


def test_prefecture_staff_cannot_see_or_complete_the_list(clients):
    missing = make_prefecture_user("no-mail", "13")
    assert clients["prefecture_a"].get(ADDRESSES).status_code == 403
    response = clients["prefecture_a"].post(ADDRESSES, {"user": missing.pk, "email": "a@b.jp"})
    assert response.status_code == 403
    missing.refresh_from_db()
    assert missing.email == ""


def test_the_list_of_staff_without_an_address_runs_a_constant_number_of_queries(
    mic_client, mic_user, django_assert_max_num_queries
):
    make_prefecture_user("no-mail-0", "13")
    with django_assert_max_num_queries(12) as few:
        mic_client.get(ADDRESSES)
    for number in range(1, 11):
        make_prefecture_user(f"no-mail-{number}", "01")
    with django_assert_max_num_queries(len(few.captured_queries)):
        mic_client.get(ADDRESSES)
    assert staff_without_address(by=mic_user).count() == 12  # with mic and the 11 above


def test_the_mic_home_shows_the_accounts_panel(mic_client):
    make_prefecture_user("no-mail", "13")
    page = mic_client.get(reverse("portal:staff-home")).content.decode()
    assert "職員のアカウント" in page and "メールアドレスが未登録の職員" in page


def test_prefecture_staff_home_has_no_accounts_panel(clients):
    page = clients["prefecture_a"].get(reverse("portal:staff-home")).content.decode()
    assert "職員を招待する" not in page


def test_login_verified_is_unaffected(client):
    user = make_user("plain")
    login_verified(client, user)
    assert client.get(reverse("portal:password-reset")).status_code == 200


def test_mic_staff_cannot_give_a_superuser_an_address(mic_client):
    """An address is where a password can be reset: 総務省 staff must not choose one for an
    account above their own (the user admin hides superusers from them too)."""
    root = User.objects.create_superuser("root-no-mail", email="", password="x-long-pass-1")
    assert "root-no-mail" not in mic_client.get(ADDRESSES).content.decode()
    response = mic_client.post(ADDRESSES, {"user": root.pk, "email": "mine@example.go.jp"})
    assert response.status_code == 302
    root.refresh_from_db()
    assert root.email == ""


def test_an_address_with_an_open_invitation_is_refused(mic_client, mic_user):
    from portal.staff_accounts import invitation_create

    invitation_create(
        name="招待　花子", email="hanako@pref.example.lg.jp", prefecture=None, by=mic_user
    )
    missing = make_prefecture_user("no-mail", "13")
    response = mic_client.post(
        ADDRESSES, {"user": missing.pk, "email": "Hanako@pref.example.lg.jp"}
    )
    assert "受諾待ちの招待があります" in response.content.decode()
    missing.refresh_from_db()
    assert missing.email == ""
