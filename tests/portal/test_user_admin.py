import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from portal.models import PrefectureMembership
from portal.roles import PREFECTURE_GROUP

pytestmark = pytest.mark.django_db


def test_mic_staff_create_a_prefecture_user_with_a_prefecture(mic_client):
    response = mic_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "osaka-dx",
            "email": "osaka-dx@pref.osaka.example.lg.jp",
            "password1": "a-long-password-for-osaka-2026",
            "password2": "a-long-password-for-osaka-2026",
            "usable_password": "true",
            "prefecture_membership-TOTAL_FORMS": "1",
            "prefecture_membership-INITIAL_FORMS": "0",
            "prefecture_membership-0-prefecture": "27",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="osaka-dx")
    assert PrefectureMembership.objects.get(user=user).prefecture.name == "大阪府"


@pytest.mark.parametrize("email", ["", "not-an-address"])
def test_a_new_staff_user_needs_an_e_mail_address(mic_client, email):
    response = mic_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "no-address",
            "email": email,
            "usable_password": "false",
            "prefecture_membership-TOTAL_FORMS": "0",
            "prefecture_membership-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="no-address").exists()


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
