"""The contact point (settings.CONTACT) is on every page's footer and wherever people are told to
ask: the complete, privacy, error and second-factor pages. Mails: tests/portal/test_mail_text.py."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from portal.views.site import bad_request, server_error
from tests.factories import (
    draft_of,
    login_verified,
    make_prefecture_user,
    submit_registration,
    talent_post,
    totp_device,
)

pytestmark = pytest.mark.django_db
CONTACT = {
    "office": "総務省 テスト窓口室",
    "email": "madoguchi@example.go.jp",
    "phone": "03-0000-1111",
    "hours": "平日 10:00～17:00",
}


@pytest.fixture(autouse=True)
def _contact(settings):
    settings.CONTACT = CONTACT


def assert_contact_in(html):
    for part in CONTACT.values():
        assert part in html


@pytest.mark.parametrize(
    "url", ["/", "/register/", "/companies/", "/talent/register/", "/register/edit/"]
)
def test_the_footer_of_every_page_gives_the_contact_point(client, url):
    html = client.get(url).content.decode()
    footer = html[html.index("<footer") :]

    assert_contact_in(footer)
    assert reverse("registry:edit-request") in footer  # changing a registration, from anywhere


@pytest.mark.parametrize("url", ["/privacy/", "/talent/privacy/"])
def test_the_privacy_notices_say_whom_to_ask(client, url):
    html = client.get(url).content.decode()

    assert_contact_in(html[: html.index("<footer")])


def test_the_complete_page_says_what_happens_next_and_whom_to_ask(
    client, settings, django_capture_on_commit_callbacks
):
    settings.REVIEW_PERIOD = "10日ほど"
    done = submit_registration(client, django_capture_on_commit_callbacks)
    html = client.get(done.url).content.decode()
    content = html[: html.index("<footer")]

    assert "このあとの流れ" in content and "10日ほど" in content
    assert reverse("registry:edit-request") in content
    assert reverse("registry:companies") in content
    assert_contact_in(content)


def test_the_talent_complete_page_gives_the_contact_point(
    client, django_capture_on_commit_callbacks
):
    form = client.post(reverse("talent:register"), talent_post())
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("talent:confirm"), {"draft": draft_of(form)})
    html = client.get(done.url).content.decode()

    assert_contact_in(html[: html.index("<footer")])


def test_error_pages_give_the_contact_point(client, mic_user):
    request = RequestFactory().get("/")
    pages = {
        "400": bad_request(request, None).content.decode(),
        "404": client.get("/no-such-page/").content.decode(),
        "500": server_error(request).content.decode(),
    }
    # Only a prefecture's staff create needs: 総務省 is refused with the 403 page.
    mic = login_verified(Client(), mic_user)
    pages["403"] = mic.get(reverse("matching:need-create")).content.decode()
    pages["403 csrf"] = (
        Client(enforce_csrf_checks=True).post(reverse("registry:register")).content.decode()
    )

    for name, html in pages.items():
        for part in CONTACT.values():
            assert part in html, name


def test_the_second_factor_page_says_whom_to_ask_and_shows_no_staff_menu(client):
    user = make_prefecture_user("unverified", "01")
    totp_device(user)
    client.force_login(user)

    html = client.get(reverse("portal:two-factor")).content.decode()

    assert_contact_in(html[: html.index("<footer")])
    for staff_page in [
        reverse("portal:staff-home"),
        reverse("talent:staff-list"),
        reverse("matching:needs"),
        reverse("accelerators:list"),
    ]:
        assert f'href="{staff_page}"' not in html
    assert reverse("portal:logout") in html  # leaving is still possible
