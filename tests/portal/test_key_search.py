"""The admin's search finds a text however it was typed or stored (portal.admin.KeySearchMixin):
rows stored before the text rule kept Japanese text as written hold NFKC, rows stored since hold
what was typed, and the key columns hold NFKC + casefold for both."""

import pytest
from django.urls import reverse

from tests.factories import make_appointed, make_registration, make_specialist

pytestmark = pytest.mark.django_db


def _found(client, admin_name, query):
    response = client.get(reverse(f"admin:{admin_name}_changelist"), {"q": query})
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


@pytest.mark.parametrize(
    "query", ["(株)テスト", "（株）テスト", "㈱テスト", "テスト株式会社", "ﾃｽﾄ", "㈱テスト 総務"]
)
def test_a_company_is_found_by_any_spelling_of_its_name(mic_client, query):
    companies = {
        make_registration(company_name=name, email=f"{n}@example.jp")
        for n, name in enumerate(["（株）テスト", "(株)テスト", "㈱テスト"])
    }
    make_registration(company_name="株式会社べつ", email="other@example.jp")

    assert _found(mic_client, "registry_registration", query) == companies


def test_a_company_is_found_by_its_email_however_typed(mic_client):
    registration = make_registration(email="Taro@Example.co.jp")
    make_registration(company_name="株式会社べつ", email="other@example.jp")

    assert _found(mic_client, "registry_registration", "ＴＡＲＯ＠ｅｘａｍｐｌｅ") == {registration}


def test_a_person_is_found_by_name_with_or_without_spaces(mic_client):
    person = make_specialist(name="人材　花子")
    make_specialist(name="別の　人", email="other@example.jp")

    for query in ["人材花子", "人材 花子", '"人材 花子"', "ＨＡＮＡＫＯ＠example.jp"]:
        assert _found(mic_client, "talent_specialist", query) == {person}, query


def test_an_appointment_is_found_by_its_number_typed_full_width(mic_client):
    appointed = make_appointed("13", name="一括　太郎")
    make_appointed("13", name="別の　人")

    number = appointed.appointment_number.translate(
        {ord(c): ord(c) + 0xFEE0 for c in "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    )
    assert _found(mic_client, "accelerators_nomination", number) == {appointed}
    assert _found(mic_client, "accelerators_nomination", "一括 太郎") == {appointed}
