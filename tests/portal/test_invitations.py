"""Staff accounts by invitation: only 総務省 invites; the link is signed, single-use, time-limited
and replaced by a resend; accepting makes the account with its role, then the second factor."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail, signing
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.access import user_roles
from portal.links import PERSONAL_LINK_MASK, link_token, personal_links_masked
from portal.models import Prefecture, PrefectureMembership, StaffInvitation, StaffInvitationMail
from portal.roles import MIC_GROUP
from portal.staff_accounts import INVITATION_LINK, invitation_create, invitation_resend
from tests.factories import make_user

pytestmark = pytest.mark.django_db

INVITE = reverse("portal:invitations")
PASSWORD = "Kyoto-2026-staff-pw"


@pytest.fixture(autouse=True)
def _committed(django_capture_on_commit_callbacks):
    """Each action below runs its on-commit callbacks (the mail queued after the commit) when it
    ends, as a request's transaction would."""
    global committed
    committed = lambda: django_capture_on_commit_callbacks(execute=True)  # noqa: E731


def _post(client, path, data=None):
    with committed():
        return client.post(path, data or {})


def _invite(client, **overrides):
    data = {"name": "招待　花子", "email": "hanako@pref.example.lg.jp", "role": "26", **overrides}
    return _post(client, INVITE, data)


def _link_in(body):
    return re.search(r"https?://\S+/accounts/invitation/\S+/", body).group()


def _path(url):
    return url.split("://", 1)[1].partition("/")[2].join(["/", ""])


def _accept(url, *, password=PASSWORD, client=None):
    client = client or Client()
    return client, _post(client, _path(url), {"new_password1": password, "new_password2": password})


# --- who may invite -------------------------------------------------------------------------


def test_only_mic_staff_may_open_and_post_the_invitation_page(clients):
    assert clients["mic"].get(INVITE).status_code == 200
    for who in ("prefecture_a", "prefecture_b"):
        assert clients[who].get(INVITE).status_code == 403
        assert _invite(clients[who]).status_code == 403
    assert clients["anonymous"].get(INVITE).status_code == 302  # to the sign-in page
    assert not StaffInvitation.objects.exists()


def test_a_superuser_may_invite_and_an_account_with_both_roles_may_not(client):
    from tests.factories import login_verified, make_dual_role_user

    login_verified(client, make_user("root", superuser=True))
    assert client.get(INVITE).status_code == 200
    dual = Client()
    login_verified(dual, make_dual_role_user())
    assert dual.get(INVITE).status_code == 403


def test_a_prefecture_user_cannot_resend_or_withdraw(clients, mic_user):
    invitation = invitation_create(name="某", email="x@example.jp", prefecture=None, by=mic_user)
    for name in ("portal:invitation-resend", "portal:invitation-withdraw"):
        response = clients["prefecture_a"].post(reverse(name, args=[invitation.pk]))
        assert response.status_code == 403
    invitation.refresh_from_db()
    assert (invitation.link_version, invitation.withdrawn_at) == (0, None)


def test_the_invitation_page_asks_for_the_second_factor(client, mic_user):
    client.force_login(mic_user)
    response = client.get(INVITE)
    assert response.status_code == 302 and reverse("portal:two-factor") in response.url


# --- inviting -------------------------------------------------------------------------------


def test_inviting_stores_the_invitation_and_mails_a_link_staff_never_see(mic_client, mic_user):
    response = _invite(mic_client, email="ＨＡＮＡＫＯ@Pref.Example.LG.JP")

    assert response.status_code == 302
    invitation = StaffInvitation.objects.get()
    assert invitation.email == "HANAKO@pref.example.lg.jp"  # NFKC, domain lower-cased
    assert (invitation.prefecture_id, invitation.invited_by) == ("26", mic_user)
    [sent] = mail.outbox
    assert sent.to == ["HANAKO@pref.example.lg.jp"]
    assert "京都府の職員" in sent.body and "7日" in sent.body
    url = _link_in(sent.body)
    assert "\n" + url + "\n" in sent.body  # on a line of its own (LGWAN)
    stored = StaffInvitationMail.objects.get()
    assert stored.sent_at is not None
    assert personal_links_masked(stored.body).count(PERSONAL_LINK_MASK) == 1
    page = mic_client.get(INVITE).content.decode()
    assert "招待　花子" in page and "受諾待ち" in page
    assert link_token(INVITATION_LINK, invitation) not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": ""}, "メールアドレスを入力してください"),
        ({"email": "not-an-address"}, "メールアドレスの形式で入力してください"),
        ({"name": ""}, "氏名を入力してください"),
        ({"role": ""}, "役割（総務省、またはどの都道府県の職員か）を選んでください"),
        ({"role": "99"}, "役割は一覧から選んでください"),
    ],
)
def test_a_bad_invitation_says_why_and_stores_nothing(mic_client, overrides, message):
    response = _invite(mic_client, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StaffInvitation.objects.exists() and not mail.outbox


def test_an_address_with_an_account_or_an_open_invitation_is_refused(mic_client, mic_user):
    User.objects.create_user("existing", email="taken@example.jp")
    response = _invite(mic_client, email="Taken@Example.jp")
    assert "このメールアドレスのアカウントがすでにあります" in response.content.decode()

    assert _invite(mic_client, email="twice@example.jp").status_code == 302
    response = _invite(mic_client, email="TWICE@example.jp")
    assert "受諾待ちの招待があります" in response.content.decode()
    assert StaffInvitation.objects.count() == 1 and len(mail.outbox) == 1


def test_the_database_allows_one_open_invitation_per_address(mic_user):
    StaffInvitation.objects.create(name="a", email="one@example.jp", invited_by=mic_user)
    with pytest.raises(IntegrityError):
        StaffInvitation.objects.create(name="b", email="ONE@example.jp", invited_by=mic_user)


def test_a_withdrawn_invitation_leaves_the_address_free_again(mic_user):
    first = invitation_create(name="a", email="again@example.jp", prefecture=None, by=mic_user)
    first.withdrawn_at, first.withdrawn_by = timezone.now(), mic_user
    first.save()
    invitation_create(name="a", email="again@example.jp", prefecture=None, by=mic_user)
    assert StaffInvitation.objects.open().count() == 1


def test_the_database_refuses_an_invitation_both_accepted_and_withdrawn(mic_user):
    with pytest.raises(IntegrityError):
        StaffInvitation.objects.create(
            name="a",
            email="both@example.jp",
            invited_by=mic_user,
            accepted_at=timezone.now(),
            withdrawn_at=timezone.now(),
            withdrawn_by=mic_user,
        )


# --- accepting ------------------------------------------------------------------------------


def test_accepting_sets_the_password_and_makes_a_prefecture_account_then_asks_for_2fa(mic_client):
    _invite(mic_client)
    url = _link_in(mail.outbox[0].body)

    page = Client().get(_path(url))
    assert page.status_code == 200 and "京都府の職員" in page.content.decode()
    client, response = _accept(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:two-factor"))
    user = User.objects.get(username="hanako@pref.example.lg.jp")
    assert user.check_password(PASSWORD) and user.email == "hanako@pref.example.lg.jp"
    assert user.last_name == "招待　花子" and not user.is_staff
    assert PrefectureMembership.objects.get(user=user).prefecture_id == "26"
    roles = user_roles(user)
    assert (roles.mic, roles.prefecture) == (False, Prefecture.objects.get(code="26"))
    invitation = StaffInvitation.objects.get()
    assert invitation.accepted_at is not None and invitation.user == user
    # Signed in with the password only: every staff page still asks for the second factor.
    staff = client.get(reverse("portal:staff-home"))
    assert staff.status_code == 302 and reverse("portal:two-factor") in staff.url
    enrol = client.get(staff.url)
    assert "2段階認証の設定" in enrol.content.decode()


def test_accepting_a_mic_invitation_gives_the_mic_group_and_no_prefecture(mic_client):
    _invite(mic_client, email="mic-new@soumu.example.go.jp", role="mic")
    _accept(_link_in(mail.outbox[0].body))

    user = User.objects.get(username="mic-new@soumu.example.go.jp")
    assert list(user.groups.values_list("name", flat=True)) == [MIC_GROUP]
    assert user.is_staff and not PrefectureMembership.objects.filter(user=user).exists()
    assert user_roles(user).mic


def test_a_weak_or_mismatched_password_is_refused_and_nothing_is_made(mic_client):
    _invite(mic_client)
    url = _link_in(mail.outbox[0].body)
    _, response = _accept(url, password="12345678")
    assert response.status_code == 400
    response = Client().post(
        _path(url), {"new_password1": PASSWORD, "new_password2": PASSWORD + "x"}
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="hanako@pref.example.lg.jp").exists()
    assert StaffInvitation.objects.get().accepted_at is None


def _refused(response, text):
    body = response.content.decode()
    assert response.status_code in (403, 410), response.status_code
    assert "招待のリンクを開けません" in body and text in body
    return body


def test_a_used_link_changes_nothing_and_says_to_sign_in(mic_client):
    _invite(mic_client)
    url = _link_in(mail.outbox[0].body)
    own_browser, _ = _accept(url)
    user = User.objects.get(username="hanako@pref.example.lg.jp")

    _, response = _accept(url, password="Another-pass-2026")
    _refused(response, "すでに受諾され")
    # Reopened by its owner, still signed in: the same reason, not "another account".
    _refused(own_browser.get(_path(url)), "すでに受諾され")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_resend_replaces_the_old_link(mic_client):
    _invite(mic_client)
    old = _link_in(mail.outbox[0].body)
    invitation = StaffInvitation.objects.get()
    response = _post(mic_client, reverse("portal:invitation-resend", args=[invitation.pk]))
    assert response.status_code == 302
    new = _link_in(mail.outbox[1].body)
    assert old != new
    invitation.refresh_from_db()
    assert (invitation.link_version, invitation.sent_count) == (1, 2)

    _, response = _accept(old)
    _refused(response, "再送したため使えなくなりました")
    assert not User.objects.filter(email="hanako@pref.example.lg.jp").exists()
    _, response = _accept(new)
    assert response.status_code == 302


def test_a_withdrawn_invitation_s_link_changes_nothing(mic_client):
    _invite(mic_client)
    url = _link_in(mail.outbox[0].body)
    invitation = StaffInvitation.objects.get()
    _post(mic_client, reverse("portal:invitation-withdraw", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None

    _, response = _accept(url)
    _refused(response, "取り消しました")
    assert not User.objects.filter(email="hanako@pref.example.lg.jp").exists()
    # Nor can it be resent or withdrawn again.
    _post(mic_client, reverse("portal:invitation-resend", args=[invitation.pk]))
    assert len(mail.outbox) == 1


def test_an_expired_link_says_to_ask_mic_to_resend(mic_client):
    _invite(mic_client)
    url = _link_in(mail.outbox[0].body)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1), tick=False):
        _, response = _accept(url)
    body = _refused(response, "有効期限が切れています（有効期間は7日です）")
    assert "再送を依頼してください" in body
    assert StaffInvitation.objects.get().accepted_at is None


@pytest.mark.parametrize("tamper", ["signature", "payload", "salt"])
def test_a_tampered_link_changes_nothing(mic_client, tamper):
    _invite(mic_client)
    invitation = StaffInvitation.objects.get()
    token = link_token(INVITATION_LINK, invitation)
    if tamper == "signature":
        token = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    elif tamper == "payload":
        token = signing.dumps({"i": invitation.pk + 1, "v": 0}, salt="other")
    else:  # a valid token of another kind of link (an edit link's salt) carries no invitation
        token = signing.dumps({"i": invitation.pk, "v": 0}, salt="registry.edit-link")
    response = Client().post(
        reverse("portal:invitation-accept", args=[token]),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    _refused(response, "正しくありません")
    assert StaffInvitation.objects.get().accepted_at is None
    assert not User.objects.filter(email="hanako@pref.example.lg.jp").exists()


def test_a_link_opened_while_signed_in_as_someone_else_changes_nothing(mic_client, mic_user):
    _invite(mic_client)
    url = _link_in(mail.outbox[0].body)
    response = mic_client.post(_path(url), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    _refused(response, "別のアカウントでログインしている")
    mic_user.refresh_from_db()
    assert mic_user.check_password("pass-for-tests-only")
    assert StaffInvitation.objects.get().accepted_at is None


def test_a_link_for_an_address_that_got_an_account_meanwhile_changes_nothing(mic_client):
    _invite(mic_client)
    url = _link_in(mail.outbox[0].body)
    User.objects.create_user("other", email="hanako@pref.example.lg.jp")
    _, response = _accept(url)
    _refused(response, "アカウントがすでにあります")
    assert StaffInvitation.objects.get().accepted_at is None


def test_resending_gives_a_new_lifetime(mic_user):
    with committed():
        invitation = invitation_create(name="a", email="a@example.jp", prefecture=None, by=mic_user)
    with time_machine.travel(timezone.now() + timedelta(days=6), tick=False), committed():
        invitation_resend(pk=invitation.pk)
    url = _link_in(mail.outbox[1].body)
    with time_machine.travel(timezone.now() + timedelta(days=12), tick=False):
        _, response = _accept(url)
    assert response.status_code == 302


def test_the_invitation_list_runs_a_constant_number_of_queries(
    mic_client, mic_user, django_assert_max_num_queries
):
    for number in range(3):
        invitation_create(
            name=f"人{number}", email=f"p{number}@example.jp", prefecture=None, by=mic_user
        )
    with django_assert_max_num_queries(12) as few:
        mic_client.get(INVITE)
    for number in range(3, 13):
        other = make_user(f"inviter{number}")
        invitation_create(
            name=f"人{number}",
            email=f"p{number}@example.jp",
            prefecture=Prefecture.objects.get(code="13"),
            by=other,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        mic_client.get(INVITE)


# --- erasure --------------------------------------------------------------------------------


def test_the_daily_erasure_removes_old_unaccepted_invitations_and_blanks_old_mails(mic_user):
    from django.conf import settings

    from portal.retention import retention_apply

    with committed():
        old_open = invitation_create(
            name="古い", email="old@example.jp", prefecture=None, by=mic_user
        )
        withdrawn = invitation_create(
            name="取消", email="w@example.jp", prefecture=None, by=mic_user
        )
        accepted = invitation_create(
            name="受諾", email="a@example.jp", prefecture=None, by=mic_user
        )
    _accept(_link_in(mail.outbox[2].body))
    withdrawn.withdrawn_at, withdrawn.withdrawn_by = timezone.now(), mic_user
    withdrawn.save()
    with committed():
        recent = invitation_create(
            name="新しい", email="new@example.jp", prefecture=None, by=mic_user
        )

    later = timezone.now() + timedelta(days=settings.MAIL_RETENTION_DAYS, minutes=1)
    StaffInvitation.objects.filter(pk=recent.pk).update(sent_at=later - timedelta(days=1))
    run = retention_apply(now=later)

    assert set(StaffInvitation.objects.values_list("pk", flat=True)) == {accepted.pk, recent.pk}
    assert not StaffInvitationMail.objects.filter(invitation__in=[old_open.pk, withdrawn.pk])
    [blanked] = StaffInvitationMail.objects.filter(invitation=accepted)
    assert (blanked.to, blanked.body) == ("", "")
    assert StaffInvitationMail.objects.get(invitation=recent).body  # not yet due
    assert run.part("職員の招待")["entries"] == 2
