import re

import pytest
from django.urls import reverse

from registry import workflow
from registry.models import Registration
from tests.factories import make_answers, make_registration

pytestmark = pytest.mark.django_db
COMPANIES = reverse("registry:companies")


def _names(response):
    """The company names listed, in order (the list is cached HTML, so it is read back)."""
    return re.findall(r'<th scope="row">([^<]+)</th>', response.content.decode())


def _published(**overrides):
    registration = make_registration(**overrides)
    for status in (Registration.Status.CONFIRMED, Registration.Status.PUBLISHED):
        workflow.registration_transition(registration=registration, to=status, by=None)
    return registration


def test_only_published_registrations_are_listed(client):
    _published(company_name="掲載株式会社")
    make_registration(company_name="受付株式会社")
    confirmed = make_registration(company_name="確認済株式会社")
    workflow.registration_transition(registration=confirmed, to="confirmed", by=None)

    response = client.get(COMPANIES)

    assert _names(response) == ["掲載株式会社"]


def test_no_personal_data_appears(client):
    _published(
        contact_name="秘密　花子",
        contact_name_kana="ひみつ　はなこ",
        email="himitsu@example.jp",
        phone="09099998888",
    )

    html = client.get(COMPANIES).content.decode()

    for secret in ["秘密", "ひみつ", "himitsu@example.jp", "09099998888", "公共事業部"]:
        assert secret not in html


def test_each_row_shows_name_method_area_and_a_safe_link(client):
    _published(company_name="表示株式会社", website="https://hyouji.example.jp/")

    html = client.get(COMPANIES).content.decode()

    assert "表示株式会社" in html
    assert "出向・退職者への周知" in html
    assert "東京都 他1" in html
    assert '<a href="https://hyouji.example.jp/" rel="noopener nofollow"' in html


def test_the_list_filters_by_prefecture(client):
    _published(company_name="東京株式会社", email="t@example.jp")
    _published(
        company_name="全国株式会社",
        email="z@example.jp",
        dispatch_scope=["dispatch_nationwide"],
        dispatch_prefectures=[],
    )
    _published(
        company_name="未定株式会社",
        email="m@example.jp",
        dispatch_scope=["dispatch_undecided"],
        dispatch_prefectures=[],
    )

    names = set(_names(client.get(COMPANIES, {"prefecture": "01"})))

    assert names == {"全国株式会社", "未定株式会社"}


def test_an_unknown_prefecture_is_an_error_not_a_crash(client):
    response = client.get(COMPANIES, {"prefecture": "99"})

    assert response.status_code == 200
    assert "都道府県を選び直してください" in response.content.decode()


def test_the_order_is_by_reading_then_name(client):
    for name, kana in [("ん社", ""), ("株式会社あ社", "あしゃ"), ("かきく社", "かきく")]:
        registration = _published(company_name=name, email=f"{kana or 'n'}@example.jp")
        Registration.objects.filter(pk=registration.pk).update(company_name_kana=kana)

    names = _names(client.get(COMPANIES))

    assert names == ["株式会社あ社", "かきく社", "ん社"]


def test_the_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for index in range(3):
        _published(company_name=f"少{index}", email=f"s{index}@example.jp")
    client.get(COMPANIES)
    _published(company_name="少3", email="s3@example.jp")  # kept, then changed: as below
    with django_assert_max_num_queries(20) as few:
        client.get(COMPANIES)
    for index in range(30):
        _published(company_name=f"多{index}", email=f"m{index}@example.jp")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(COMPANIES)


def test_retiree_outreach_only_companies_show_no_area(client):
    _published(
        **make_answers(
            company_name="周知のみ株式会社",
            secondment="no",
            base_prefectures=[],
            dispatch_prefectures=[],
            work_styles=[],
            periods=[],
        )
    )

    html = client.get(COMPANIES).content.decode()

    assert "退職者への周知" in html


def test_page_links_keep_the_prefecture_filter(client):
    from portal.models import Prefecture

    for index in range(51):
        _published(
            company_name=f"北海道へ{index:02d}",
            email=f"p{index}@example.jp",
            dispatch_prefectures=list(Prefecture.objects.filter(code="01")),
        )

    first = client.get(COMPANIES, {"prefecture": "01"}).content.decode()
    second = client.get(COMPANIES, {"prefecture": "01", "page": "2"})

    assert 'href="?prefecture=01&amp;page=2"' in first
    assert len(_names(second)) == 1
    assert 'href="?prefecture=01&amp;page=1"' in second.content.decode()
