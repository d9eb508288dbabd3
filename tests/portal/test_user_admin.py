import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from portal.roles import PREFECTURE_GROUP

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["get", "post"])
def test_adding_a_user_in_the_admin_is_inviting_them(mic_client, method):
    """Nobody types another person's password (issue 26): the admin's "add user" leads to the
    invitation page and stores nothing, even when a password is posted."""
    data = {
        "username": "osaka-dx",
        "email": "osaka-dx@pref.osaka.example.lg.jp",
        "password1": "a-long-password-for-osaka-2026",
        "password2": "a-long-password-for-osaka-2026",
        "usable_password": "true",
    }
    response = getattr(mic_client, method)(reverse("admin:auth_user_add"), data, follow=True)

    assert response.redirect_chain[0] == (reverse("portal:invitations"), 302)
    assert "職員のアカウントは招待で作ります" in response.content.decode()
    assert not User.objects.filter(username="osaka-dx").exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_admin_sets_nobodys_password(mic_client, method):
    user = User.objects.create_user("kyoto-dx", email="kyoto@example.go.jp", password="own-pass-1")
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    data = {"password1": "typed-by-mic-2026", "password2": "typed-by-mic-2026"}

    response = getattr(mic_client, method)(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:auth_user_change", args=[user.pk])
    user.refresh_from_db()
    assert user.check_password("own-pass-1")


@pytest.mark.parametrize("email", ["", "not-an-address"])
def test_a_staff_user_keeps_an_e_mail_address_in_the_admin(mic_client, email):
    user = User.objects.create_user("no-address", email="before@example.go.jp")
    response = mic_client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": "no-address",
            "email": email,
            "is_active": "on",
            "prefecture_membership-TOTAL_FORMS": "0",
            "prefecture_membership-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.email == "before@example.go.jp"


def test_the_user_list_filters_staff_without_an_address(mic_client, mic_user):
    User.objects.create_user("without-address")
    User.objects.create_user("with-address", email="with@example.jp")
    page = mic_client.get(
        reverse("admin:auth_user_changelist"), {"email__isempty": "1"}
    ).content.decode()
    assert "without-address" in page and "with-address" not in page


def _change_data(user, **changes):
    data = {
        "username": user.username,
        "email": user.email or "staff@example.go.jp",
        "is_active": "on",
        "date_joined_0": "2026-11-28",
        "date_joined_1": "10:00:00",
        "prefecture_membership-TOTAL_FORMS": "0",
        "prefecture_membership-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_mic_staff_cannot_make_anyone_a_superuser(mic_client, mic_user):
    mic_client.post(
        reverse("admin:auth_user_change", args=[mic_user.pk]),
        _change_data(mic_user, first_name="花子", is_staff="on", is_superuser="on"),
    )

    mic_user.refresh_from_db()
    assert mic_user.first_name == "花子"  # the form was accepted...
    assert not mic_user.is_superuser  # ...without the privilege


def test_mic_staff_do_not_see_superusers(mic_client):
    root = User.objects.create_superuser("root", password="x-very-long-password-1")

    assert mic_client.get(reverse("admin:auth_user_change", args=[root.pk])).status_code == 302
    assert "root" not in mic_client.get(reverse("admin:auth_user_changelist")).content.decode()


def test_mic_staff_can_only_give_the_portal_groups(mic_client, mic_user):
    Group.objects.create(name="秘密の管理者")

    form = (
        mic_client.get(reverse("admin:auth_user_change", args=[mic_user.pk]))
        .context["adminform"]
        .form
    )

    assert set(form.fields["groups"].queryset.values_list("name", flat=True)) == {
        "総務省",
        PREFECTURE_GROUP,
    }
