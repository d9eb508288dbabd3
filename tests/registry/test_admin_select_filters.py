"""The admin's prefecture filters are one <select> each, carry the list's other parameters, and
ignore a prefecture that does not exist."""

import pytest
from django.urls import reverse

from talent.models import Specialist
from tests.factories import make_registration, make_specialist, prefectures

pytestmark = pytest.mark.django_db
REGISTRATIONS = reverse("admin:registry_registration_changelist")
SPECIALISTS = reverse("admin:talent_specialist_changelist")


def _names(response):
    return {row.company_name for row in response.context["cl"].result_list}


@pytest.fixture
def companies():
    make_registration(company_name="東京に出す", dispatch_prefectures=prefectures("13"))
    make_registration(company_name="北海道に出す", dispatch_prefectures=prefectures("01"))


def test_each_prefecture_filter_is_one_select_with_a_button(mic_client, companies):
    html = mic_client.get(REGISTRATIONS).content.decode()

    for name in ("dispatch_to", "based_in"):
        assert html.count(f'<select id="filter-{name}" name="{name}">') == 1
        assert f'<label class="select-filter-label" for="filter-{name}">' in html
    assert html.count('<button type="submit" class="button">絞り込む</button>') == 2
    assert 'href="?dispatch_to=01"' not in html  # no longer a link per prefecture


def test_the_form_carries_the_lists_other_parameters(mic_client, companies):
    html = mic_client.get(REGISTRATIONS, {"q": "出す", "status__exact": "received", "o": "2"})
    html = html.content.decode()

    assert '<input type="hidden" name="q" value="出す">' in html
    assert '<input type="hidden" name="status__exact" value="received">' in html
    assert '<input type="hidden" name="o" value="2">' in html


def test_the_chosen_prefecture_is_selected_and_filters(mic_client, companies):
    response = mic_client.get(REGISTRATIONS, {"dispatch_to": "13"})

    assert _names(response) == {"東京に出す"}
    assert '<option value="13" selected>東京都</option>' in response.content.decode()


@pytest.mark.parametrize("tampered", ["99", "東京都", "13' OR '1'='1", "0"])
def test_a_prefecture_that_does_not_exist_lists_everything(mic_client, companies, tampered):
    for parameter in ("dispatch_to", "based_in"):
        response = mic_client.get(REGISTRATIONS, {parameter: tampered})

        assert response.status_code == 200
        assert _names(response) == {"東京に出す", "北海道に出す"}


def test_the_talent_list_filters_by_residence_and_hiring_prefecture(mic_client):
    sapporo = make_specialist(name="札幌　花子", email="a@example.jp")
    tokyo = make_specialist(name="東京　太郎", email="b@example.jp")
    Specialist.objects.filter(pk=sapporo.pk).update(residence_id="01")
    Specialist.objects.filter(pk=tokyo.pk).update(residence_id="13")

    chosen = mic_client.get(SPECIALISTS, {"residence": "13"})
    tampered = mic_client.get(SPECIALISTS, {"residence": "99", "hired_by": "xx"})

    assert {p.name for p in chosen.context["cl"].result_list} == {"東京　太郎"}
    assert tampered.status_code == 200
    assert len(tampered.context["cl"].result_list) == 2
    html = chosen.content.decode()
    assert '<select id="filter-residence" name="residence">' in html
    assert '<select id="filter-hired_by" name="hired_by">' in html
