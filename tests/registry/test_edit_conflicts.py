"""Two people changing one registration at once: the later save never silently undoes the
earlier one. Staff in the admin are refused if it changed since their page opened; a company's
edit is refused if staff changed the answers since its edit page opened."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from registry import workflow
from registry.company_edits import registration_company_update
from registry.models import Registration
from tests.factories import draft_of, edit_token, make_answers, make_registration, registration_post
from tests.registry.test_admin import _change_post, _change_url

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _opened_version(client, registration):
    """The change page as staff open it: the version it carries in its hidden field."""
    html = client.get(_change_url(registration)).content.decode()
    return re.search(r'name="opened_version" value="([^"]+)"', html).group(1)


def test_a_save_after_the_company_changed_the_registration_is_refused(mic_client):
    registration = make_registration(department="旧部署")
    opened = _opened_version(mic_client, registration)
    registration_company_update(
        registration=registration,
        answers=make_answers(department="企業が直した部署"),
        expected_version=registration.edit_link_version,
    )

    response = mic_client.post(
        _change_url(registration),
        _change_post(registration, opened_version=opened, department="職員が直した部署"),
    )

    assert response.status_code == 200
    assert "この画面を開いた後に変更されています" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).department == "企業が直した部署"


def test_of_two_staff_with_the_page_open_only_the_first_save_counts(mic_client):
    registration = make_registration(department="旧部署")
    opened = _opened_version(mic_client, registration)

    first = mic_client.post(
        _change_url(registration),
        _change_post(registration, opened_version=opened, department="一人目の部署"),
    )
    second = mic_client.post(
        _change_url(registration),
        _change_post(registration, opened_version=opened, department="二人目の部署"),
    )

    assert first.status_code == 302
    assert "この画面を開いた後に変更されています" in second.content.decode()
    assert Registration.objects.get(pk=registration.pk).department == "一人目の部署"


@pytest.mark.parametrize("version", [None, "", "2020-01-01T00:00:00+00:00", "<script>"])
def test_a_missing_or_tampered_version_saves_nothing(mic_client, version):
    registration = make_registration(department="旧部署")

    response = mic_client.post(
        _change_url(registration),
        _change_post(registration, opened_version=version, department="新しい部署"),
    )

    assert response.status_code == 200
    assert "この画面を開いた後に変更されています" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).department == "旧部署"


def _opened_edit_page(client, registration):
    """Open the company's edit page; the mark of when it was opened, as the page carries it."""
    html = client.get(reverse("registry:edit", args=[edit_token(registration)])).content.decode()
    return re.search(r'name="opened" value="([^"]+)"', html).group(1)


def _send_edit(client, registration, opened, capture, **changes):
    token = edit_token(registration)
    posted = client.post(
        reverse("registry:edit", args=[token]), {**registration_post(**changes), "opened": opened}
    )
    assert posted.status_code == 302
    with capture(execute=True):
        return client.post(
            reverse("registry:edit-confirm", args=[token]), {"draft": draft_of(posted)}
        )


def _staff_edit(mic_client, registration, **changes):
    registration.refresh_from_db()
    response = mic_client.post(_change_url(registration), _change_post(registration, **changes))
    assert response.status_code == 302


def test_a_company_edit_begun_before_a_staff_edit_is_not_sent(
    client, mic_client, django_capture_on_commit_callbacks
):
    registration = make_registration(department="旧部署")
    opened = _opened_edit_page(client, registration)
    _staff_edit(mic_client, registration, department="総務省が直した部署")

    response = _send_edit(
        client, registration, opened, django_capture_on_commit_callbacks, message="企業の変更"
    )

    html = response.content.decode()
    assert response.status_code == 200 and "変更は送信されていません" in html
    assert response.context["form"]["department"].value() == "総務省が直した部署"
    stored = Registration.objects.get(pk=registration.pk)
    assert stored.department == "総務省が直した部署" and stored.message != "企業の変更"
    # Sent again from the page showing the current answers, the company's edit goes through.
    again = _send_edit(
        client,
        registration,
        response.context["opened"],
        django_capture_on_commit_callbacks,
        department="総務省が直した部署",
        message="企業の変更",
    )
    assert again.status_code == 302
    assert Registration.objects.get(pk=registration.pk).message == "企業の変更"


def test_a_status_change_by_staff_meanwhile_does_not_stop_the_company_edit(
    client, django_capture_on_commit_callbacks
):
    registration = make_registration(department="旧部署")
    opened = _opened_edit_page(client, registration)
    workflow.registration_transition(registration=registration, to=Status.CONFIRMED, by=None)

    response = _send_edit(
        client, registration, opened, django_capture_on_commit_callbacks, department="新部署"
    )

    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).department == "新部署"


# Built in the test, not at collection: a signed value holds the time, and pytest-xdist's workers
# must collect the same test ids.
MARKS = {
    "missing": lambda: "",
    "forged": lambda: "forged",
    "signed for something else": lambda: signing.dumps("2999-01-01T00:00:00+00:00"),
}


@pytest.mark.parametrize("kind", MARKS)
def test_without_a_genuine_mark_any_staff_edit_stops_the_company_edit(
    client, mic_client, django_capture_on_commit_callbacks, kind
):
    mark = MARKS[kind]()
    registration = make_registration(department="旧部署")
    _staff_edit(mic_client, registration, department="総務省が直した部署")

    response = _send_edit(
        client, registration, mark, django_capture_on_commit_callbacks, department="新部署"
    )

    assert "変更は送信されていません" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).department == "総務省が直した部署"


def test_a_staff_edit_before_the_company_opened_its_page_does_not_stop_it(
    client, mic_client, django_capture_on_commit_callbacks
):
    registration = make_registration(department="旧部署")
    _staff_edit(mic_client, registration, department="総務省が直した部署")
    opened = _opened_edit_page(client, registration)

    response = _send_edit(
        client,
        registration,
        opened,
        django_capture_on_commit_callbacks,
        department="総務省が直した部署",
        message="企業の変更",
    )

    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).message == "企業の変更"
