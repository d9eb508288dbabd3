"""After a state change in the admin, the message names the entry and its new state."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from registry.models import Registration
from talent.models import Specialist
from tests.factories import make_registration, make_specialist
from tests.registry.test_admin import CHANGELIST, _change_post, _change_url
from tests.talent.test_hiring_and_review import _change as _change_specialist

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_change_form_names_the_registration_and_its_new_state(mic_client):
    registration = make_registration()

    response = mic_client.post(
        _change_url(registration), _change_post(registration, next_status="confirmed")
    )

    assert response.status_code == 302
    assert response.url == CHANGELIST
    assert _messages(response) == [f"{registration.receipt_number} を「確認済」に変更しました。"]


def test_save_and_continue_stays_on_the_entry_with_the_same_message(mic_client):
    registration = make_registration()

    response = mic_client.post(
        _change_url(registration),
        _change_post(registration, next_status="confirmed", _continue="1"),
    )

    assert response.url == _change_url(registration)
    assert _messages(response) == [f"{registration.receipt_number} を「確認済」に変更しました。"]


def test_saving_without_a_state_change_keeps_the_usual_message(mic_client):
    registration = make_registration()

    response = mic_client.post(_change_url(registration), _change_post(registration))

    assert response.status_code == 302
    assert "に変更しました" not in " ".join(_messages(response))
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.RECEIVED


def test_the_bulk_action_names_one_registration_or_counts_several(mic_client):
    one, *others = [make_registration() for _ in range(3)]

    single = mic_client.post(
        CHANGELIST, {"action": "confirm_selected", "_selected_action": [one.pk]}, follow=True
    )
    several = mic_client.post(
        CHANGELIST,
        {"action": "confirm_selected", "_selected_action": [o.pk for o in others]},
        follow=True,
    )

    assert f"{one.receipt_number} を「確認済」に変更しました。" in single.content.decode()
    assert "2件を「確認済」に変更しました。" in several.content.decode()


def test_the_talent_change_form_names_the_person_and_their_new_state(mic_client):
    specialist = make_specialist()

    response = _change_specialist(mic_client, specialist, next_status="confirmed")

    assert Specialist.objects.get(pk=specialist.pk).status == Specialist.Status.CONFIRMED
    assert _messages(response) == [f"{specialist.receipt_number} を「確認済」に変更しました。"]


def test_the_talent_bulk_action_names_the_person(mic_client):
    specialist = make_specialist()

    response = mic_client.post(
        reverse("admin:talent_specialist_changelist"),
        {"action": "confirm_selected", "_selected_action": [specialist.pk]},
        follow=True,
    )

    assert f"{specialist.receipt_number} を「確認済」に変更しました。" in response.content.decode()
