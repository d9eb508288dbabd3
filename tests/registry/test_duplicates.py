import pytest
from django.urls import reverse

from registry.duplicates import company_name_key
from registry.models import Registration
from tests.factories import make_registration


@pytest.mark.parametrize(
    "name",
    [
        "デジタル協力株式会社",
        "株式会社デジタル協力",
        "㈱デジタル協力",
        "（株）デジタル協力",
        "(株) デジタル　協力",
        "ﾃﾞｼﾞﾀﾙ協力㈱",
    ],
)
def test_company_names_that_differ_only_in_legal_form_and_spacing_match(name):
    assert company_name_key(name) == "デジタル協力"


def test_different_companies_do_not_match():
    assert company_name_key("デジタル協力株式会社") != company_name_key("デジタル推進株式会社")


@pytest.mark.django_db
def test_registrations_with_the_same_name_or_email_are_flagged():
    first = make_registration(company_name="株式会社デジタル協力", email="a@example.jp")
    same_name = make_registration(company_name="デジタル協力㈱", email="b@example.jp")
    same_email = make_registration(company_name="別会社", email="A@EXAMPLE.JP")
    alone = make_registration(company_name="単独株式会社", email="c@example.jp")

    flags = dict(
        Registration.objects.with_possible_duplicates().values_list("pk", "has_possible_duplicate")
    )

    assert flags == {first.pk: True, same_name.pk: True, same_email.pk: True, alone.pk: False}
    assert set(Registration.objects.possible_duplicates_of(first)) == {same_name, same_email}


@pytest.mark.django_db
def test_duplicates_are_filterable_and_linked_in_the_admin(mic_client):
    first = make_registration(company_name="株式会社デジタル協力", email="a@example.jp")
    second = make_registration(company_name="デジタル協力株式会社", email="b@example.jp")
    make_registration(company_name="単独株式会社", email="c@example.jp")
    changelist = reverse("admin:registry_registration_changelist")

    flagged = mic_client.get(changelist, {"duplicate": "yes"}).context["cl"].result_list
    page = mic_client.get(
        reverse("admin:registry_registration_change", args=[first.pk])
    ).content.decode()

    assert {r.pk for r in flagged} == {first.pk, second.pk}
    assert reverse("admin:registry_registration_change", args=[second.pk]) in page
