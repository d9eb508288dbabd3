"""The public list is cached HTML: every change that alters it must show on the next request."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from registry import workflow
from registry.company_edits import registration_company_update, registration_company_withdraw
from registry.models import Registration
from registry.public_list import public_list_changed, public_list_version
from registry.reconfirmation import reconfirmation_answer
from tests.factories import make_answers, make_registration, reviewed

pytestmark = pytest.mark.django_db
COMPANIES = reverse("registry:companies")


def _names(client, **params):
    html = client.get(COMPANIES, params).content.decode()
    return re.findall(r'<th scope="row">([^<]+)</th>', html)


def test_publishing_shows_the_company_at_once(client):
    registration = reviewed(make_registration(company_name="新規株式会社"))
    assert _names(client) == []
    assert _names(client, prefecture="13") == []

    workflow.registration_transition(registration=registration, to="published", by=None)

    assert _names(client) == ["新規株式会社"]
    assert _names(client, prefecture="13") == ["新規株式会社"]


def test_withdrawing_removes_the_company_at_once(client):
    registration = reviewed(make_registration(company_name="取下げ株式会社"), publish=True)
    assert _names(client) == ["取下げ株式会社"]

    registration_company_withdraw(
        registration=registration, reason="", expected_version=registration.edit_link_version
    )

    assert _names(client) == []


def test_a_company_change_shows_at_once(client):
    registration = reviewed(make_registration(company_name="旧名株式会社"), publish=True)
    assert _names(client) == ["旧名株式会社"]
    assert _names(client, prefecture="14") == ["旧名株式会社"]

    registration_company_update(
        registration=registration,
        answers=make_answers(company_name="新名株式会社", dispatch_prefectures=[]),
        expected_version=registration.edit_link_version,
    )

    assert _names(client) == ["新名株式会社"]
    assert _names(client, prefecture="14") == []


def test_a_passed_reconfirmation_deadline_removes_the_company_without_any_change(client):
    registration = reviewed(make_registration(company_name="未確認株式会社"), publish=True)
    deadline = timezone.now() + timedelta(minutes=10)
    # Set behind the workflow's back, as a round started long ago would have: no version change.
    Registration.objects.filter(pk=registration.pk).update(reconfirmation_deadline=deadline)
    assert _names(client) == ["未確認株式会社"]

    with time_machine.travel(deadline + timedelta(seconds=1), tick=False):
        assert _names(client) == []
        reconfirmation_answer(registration=registration, answer="unchanged")
        assert _names(client) == ["未確認株式会社"]


def test_a_cached_page_costs_one_query(client, django_assert_max_num_queries):
    reviewed(make_registration(company_name="一件株式会社"), publish=True)
    client.get(COMPANIES, {"prefecture": "13"})

    with django_assert_max_num_queries(1):
        response = client.get(COMPANIES, {"prefecture": "13"})

    assert "一件株式会社" in response.content.decode()
    assert '<option value="13" selected>東京都</option>' in response.content.decode()


def test_the_version_grows_with_every_change_and_survives_an_emptied_table(db):
    from registry.models import PublicListVersion

    before = public_list_version()
    public_list_changed()
    assert public_list_version() == before + 1
    PublicListVersion.objects.all().delete()
    public_list_changed()
    assert public_list_version() == 1


def test_page_links_carry_only_the_checked_filter(client):
    for index in range(51):
        reviewed(
            make_registration(company_name=f"多数{index:02d}", email=f"n{index}@example.jp"),
            publish=True,
        )

    html = client.get(COMPANIES, {"prefecture": "13", "x": "<script>"}).content.decode()
    odd = client.get(COMPANIES, {"page": "abc"})

    assert 'href="?prefecture=13&amp;page=2"' in html
    assert "script" not in html.split("<main", 1)[1].split("</main>")[0]
    assert odd.status_code == 200
    assert len(_names(client, page="999")) == 1  # past the end: the last page, as before
