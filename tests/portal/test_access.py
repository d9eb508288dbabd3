import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from portal.access import (
    PrefectureStaffRequiredMixin,
    StaffRequiredMixin,
    is_mic,
    user_prefecture,
    user_roles,
)
from tests.factories import make_prefecture_user, make_user

pytestmark = pytest.mark.django_db


def test_a_users_role_is_read_once_per_request(django_assert_num_queries, mic_user):
    prefecture_user = make_prefecture_user("hokkaido", "01")

    with django_assert_num_queries(2):  # the groups, then the membership with its prefecture
        for _ in range(5):
            assert user_prefecture(prefecture_user).code == "01"
            assert not is_mic(prefecture_user)
    with django_assert_num_queries(2):
        for _ in range(5):
            assert is_mic(mic_user)
            assert user_prefecture(mic_user) is None


def test_anonymous_and_inactive_users_have_no_role():
    inactive = make_user("gone")
    inactive.is_active = False

    for user in (AnonymousUser(), inactive):
        assert not user_roles(user).mic
        assert user_roles(user).prefecture is None


def _view(mixin):
    from django.http import HttpResponse
    from django.views import View

    class Page(mixin, View):
        def get(self, request):
            prefecture = getattr(self, "prefecture", None)
            return HttpResponse(prefecture.name if prefecture else "ok")

    return Page.as_view()


@pytest.mark.parametrize(
    ("mixin", "who", "status", "body"),
    [
        (PrefectureStaffRequiredMixin, "prefecture", 200, "北海道"),
        (PrefectureStaffRequiredMixin, "mic", 403, None),
        (PrefectureStaffRequiredMixin, "nobody", 403, None),
        (StaffRequiredMixin, "prefecture", 200, "ok"),
        (StaffRequiredMixin, "mic", 200, "ok"),
        (StaffRequiredMixin, "nobody", 403, None),
    ],
)
def test_the_mixins_apply_the_decorators_rules(mixin, who, status, body, mic_user):
    users = {
        "prefecture": make_prefecture_user("hokkaido", "01"),
        "mic": mic_user,
        "nobody": make_user("nobody"),
    }
    request = RequestFactory().get("/")
    request.user = users[who]
    request.user.is_verified = lambda: True  # as django-otp's middleware marks a verified user

    response = _view(mixin)(request)

    assert response.status_code == status
    if body:
        assert response.content.decode() == body
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("mixin", [PrefectureStaffRequiredMixin, StaffRequiredMixin])
def test_the_mixins_ask_for_the_second_factor(mixin):
    request = RequestFactory().get("/somewhere/")
    request.user = make_prefecture_user("hokkaido", "01")
    request.user.is_verified = lambda: False

    response = _view(mixin)(request)

    assert response.status_code == 302
    assert response.url == "/accounts/2fa/?next=%2Fsomewhere%2F"


def test_the_mixins_send_anonymous_users_to_log_in():
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()

    response = _view(StaffRequiredMixin)(request)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
