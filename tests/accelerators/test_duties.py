"""Duties are separated: one account is never both 総務省 staff and a prefecture's staff.

Covers the user admin (registry/admin/users.py), the one role resolution
(registry.prefecture_access.user_roles) behind accelerators and /prefecture/ pages, and the
admin site (config/admin.py).
"""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from accelerators.models import Nomination
from accelerators.workflow import NominationError, nomination_transition
from portal.access import is_mic, user_prefecture, user_roles
from portal.models import ExportLog, PrefectureMembership
from portal.roles import MIC_GROUP, roles_apply
from tests.factories import (
    login_verified,
    make_dual_role_user,
    make_nomination,
    make_prefecture_user,
    make_user,
)

pytestmark = pytest.mark.django_db
CONFLICT = "役割が矛盾しているため"


@pytest.fixture
def dual():
    roles_apply()
    return make_dual_role_user("dual", "01")


@pytest.fixture
def dual_client(dual):
    return login_verified(Client(), dual)


def test_an_account_with_both_roles_has_neither(dual):
    roles = user_roles(dual)

    assert roles.conflict
    assert not is_mic(dual) and user_prefecture(dual) is None


def test_a_superuser_with_a_prefecture_has_neither_role():
    root = User.objects.create_superuser("root-with-pref", password="x-very-long-password-1")
    PrefectureMembership.objects.create(user=root, prefecture_id="13")

    assert user_roles(root).conflict and not is_mic(root) and user_prefecture(root) is None


def test_each_role_alone_still_works(mic_user):
    prefecture_user = make_prefecture_user("pref-only", "01")

    assert is_mic(mic_user) and user_prefecture(mic_user) is None
    assert not is_mic(prefecture_user) and user_prefecture(prefecture_user).code == "01"


@pytest.mark.parametrize(
    "url",
    [
        "/accelerators/",
        "/accelerators/new/",
        "/accelerators/dashboard/",
        "/accelerators/nominations.xlsx",
        "/accelerators/contracted/",
        "/staff/",
        "/prefecture/companies/",
        "/admin/",
        "/admin/auth/user/",
    ],
)
def test_pages_refuse_an_account_with_both_roles_and_say_why(dual_client, url):
    response = dual_client.get(url)

    assert response.status_code == 403
    html = response.content.decode()
    assert CONFLICT in html and "システム管理者に連絡" in html


def test_an_account_with_both_roles_cannot_nominate_and_appoint_itself(dual, dual_client):
    """The acceptance run's story: created, submitted, reviewed and appointed by one account."""
    create = dual_client.post(reverse("accelerators:create"), {"name": "自作自演"})
    nomination = make_nomination("01", by=dual)

    assert create.status_code == 403 and not Nomination.objects.filter(name="自作自演").exists()
    for action in ("submit", "review", "appoint"):
        with pytest.raises(NominationError):
            nomination_transition(nomination=nomination, action=action, by=dual)
    assert Nomination.objects.get(pk=nomination.pk).status == "draft"
    transition = dual_client.post(
        reverse("accelerators:transition", args=[nomination.pk]), {"action": "submit"}
    )
    assert transition.status_code == 403
    export = dual_client.get(reverse("accelerators:export"))
    assert export.status_code == 403
    assert not ExportLog.objects.exists()  # no export at all, let alone one labelled 範囲: 北海道


# The user admin refuses to make such an account, whichever side is added.


def _superuser_client():
    root = User.objects.create_superuser("root", password="x-very-long-password-1")
    return login_verified(Client(), root)


def _change_data(user, *, groups=(), prefecture=None, membership=None, **changes):
    data = {
        "username": user.username,
        "email": user.email or f"{user.username}@example.go.jp",  # required for staff (issue 26)
        "is_active": "on",
        "is_staff": "on",
        "groups": [str(Group.objects.get(name=name).pk) for name in groups],
        "prefecture_membership-TOTAL_FORMS": "1",
        "prefecture_membership-INITIAL_FORMS": "1" if membership else "0",
        "prefecture_membership-0-id": str(membership.pk) if membership else "",
        "prefecture_membership-0-user": str(user.pk),
        "prefecture_membership-0-prefecture": prefecture or "",
    }
    data.update(changes)
    return data


def _post_change(client, user, data):
    return client.post(reverse("admin:auth_user_change", args=[user.pk]), data)


def test_mic_staff_cannot_put_a_prefecture_user_in_the_mic_group(mic_client):
    from portal.roles import PREFECTURE_GROUP

    user = make_prefecture_user("pref-user", "01")
    membership = PrefectureMembership.objects.get(user=user)

    response = _post_change(
        mic_client,
        user,
        _change_data(
            user, groups=[MIC_GROUP, PREFECTURE_GROUP], prefecture="01", membership=membership
        ),
    )

    assert response.status_code == 200
    assert "同じアカウントに設定できません" in response.content.decode()
    assert not user.groups.filter(name=MIC_GROUP).exists()


def test_mic_staff_cannot_give_a_mic_colleague_a_prefecture(mic_client):
    colleague = make_user("mic-colleague", groups=[MIC_GROUP])

    response = _post_change(
        mic_client, colleague, _change_data(colleague, groups=[MIC_GROUP], prefecture="13")
    )

    assert response.status_code == 200
    assert "同じアカウントに設定できません" in response.content.decode()
    assert not PrefectureMembership.objects.filter(user=colleague).exists()


def test_a_superuser_cannot_make_a_prefecture_user_a_superuser():
    client = _superuser_client()
    user = make_prefecture_user("pref-user", "01")
    membership = PrefectureMembership.objects.get(user=user)

    response = _post_change(
        client,
        user,
        _change_data(user, prefecture="01", membership=membership, is_superuser="on"),
    )

    assert response.status_code == 200
    assert "同じアカウントに設定できません" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_superuser


def test_a_superuser_cannot_give_a_superuser_a_prefecture():
    client = _superuser_client()
    other = User.objects.create_superuser("other-root", password="x-very-long-password-2")

    response = _post_change(client, other, _change_data(other, prefecture="13", is_superuser="on"))

    assert response.status_code == 200
    assert "同じアカウントに設定できません" in response.content.decode()
    assert not PrefectureMembership.objects.filter(user=other).exists()


def test_moving_a_user_from_a_prefecture_to_mic_in_one_save_is_allowed(mic_client):
    user = make_prefecture_user("moving", "01")
    membership = PrefectureMembership.objects.get(user=user)
    data = _change_data(user, groups=[MIC_GROUP], prefecture="01", membership=membership)
    data["prefecture_membership-0-DELETE"] = "on"

    response = _post_change(mic_client, user, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert user.groups.filter(name=MIC_GROUP).exists()
    assert not PrefectureMembership.objects.filter(user=user).exists()


def test_mic_staff_still_give_a_plain_user_a_prefecture(mic_client):
    user = make_user("new-pref-user", groups=[])

    response = _post_change(mic_client, user, _change_data(user, prefecture="27"))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert PrefectureMembership.objects.get(user=user).prefecture_id == "27"
