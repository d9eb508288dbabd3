from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from registry.exports import LIST_SHEET
from registry.models import Registration
from tests.factories import (
    login_verified,
    make_prefecture_user,
    make_registration,
    make_user,
    prefectures,
    reviewed,
    totp_device,
    totp_now,
    workbook_of,
)

pytestmark = pytest.mark.django_db
HOME = reverse("portal:staff-home")
LIST = reverse("registry:prefecture-companies")
XLSX = reverse("registry:prefecture-companies-xlsx")


def _names(response):
    return {row.company_name for row in response.context["page"]}


def test_the_list_shows_own_prefecture_nationwide_and_undecided_only(hokkaido, companies):
    response = hokkaido.get(LIST)
    html = response.content.decode()

    assert _names(response) == {"北海道指定", "全国対応", "未定"}
    assert "指定あり" in html and "全国対応可能" in html and "未定・相談に応じて検討" in html


def test_only_companies_that_named_us(hokkaido, companies):
    assert _names(hokkaido.get(LIST, {"named_only": "on"})) == {"北海道指定"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"work_style": "work_part_time"}, {"全国対応"}),
        ({"work_days": "days_week_1_2"}, {"全国対応"}),
        ({"period": "period_over_3_years"}, {"全国対応"}),
        ({"retiree_outreach": "difficult"}, {"全国対応"}),
        ({"scheme": "scheme_chiiki_kigyojin"}, {"全国対応"}),
        ({"based_in": "27"}, {"全国対応"}),
        ({"registered_from": "2026-01-01", "registered_to": "2026-03-31"}, {"未定"}),
    ],
)
def test_filters(hokkaido, companies, query, expected):
    from django.utils import timezone

    nationwide = companies["nationwide"]
    for name, value in [
        ("work_part_time", True),
        ("days_week_1_2", True),
        ("period_over_3_years", True),
        ("retiree_outreach", "difficult"),
        ("scheme_chiiki_kigyojin", True),
    ]:
        setattr(nationwide, name, value)
    nationwide.save()
    nationwide.base_prefectures.set(prefectures("27"))
    companies["undecided"].__class__.objects.filter(pk=companies["undecided"].pk).update(
        created_at=timezone.make_aware(datetime(2026, 2, 1, 12))
    )

    assert _names(hokkaido.get(LIST, query)) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"status": "received"},
        {"dispatch_to": "13"},
        {"prefecture": "13"},
        {"based_in": "13", "named_only": "on"},
        {"work_style": "work_full_time", "page": "1"},
    ],
)
def test_no_parameter_reaches_other_prefectures_or_unreviewed_registrations(
    hokkaido, companies, query
):
    names = _names(hokkaido.get(LIST, query))

    assert not names & {"東京のみ", "未確認", "出向なし"}


@pytest.mark.parametrize(
    "query",
    [{"work_style": "bogus"}, {"based_in": "99"}, {"registered_from": "昨日"}, {"order": "email"}],
)
def test_bad_filter_values_give_a_clear_message(hokkaido, companies, query):
    response = hokkaido.get(LIST, query)

    assert response.status_code == 200
    assert "絞り込みの条件に誤りがあります" in response.content.decode()
    assert not _names(response) & {"東京のみ", "未確認"}


def test_the_list_is_sortable_and_paginated(hokkaido, companies):
    ordered = [row.company_name for row in hokkaido.get(LIST, {"order": "company"}).context["page"]]
    reverse_ordered = [
        row.company_name for row in hokkaido.get(LIST, {"order": "-company"}).context["page"]
    ]

    assert ordered == list(reversed(reverse_ordered))
    assert hokkaido.get(LIST).context["page"].paginator.per_page == 50


def test_anonymous_users_are_sent_to_the_login_page(client):
    for url in (HOME, LIST, XLSX):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("portal:login"))


def test_a_user_without_a_prefecture_gets_a_clear_message(client):
    login_verified(client, make_user("mic-only"))

    for url in (HOME, LIST, XLSX):
        response = client.get(url)
        assert response.status_code == 403
        assert "所属する都道府県が設定されていません" in response.content.decode()


def test_prefecture_users_cannot_open_the_admin_registration_pages(hokkaido, companies):
    change = reverse("admin:registry_registration_change", args=[companies["named"].pk])

    for url in (change, reverse("admin:registry_registration_changelist")):
        response = hokkaido.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_login_asks_for_the_second_factor_then_lands_on_the_prefecture_page(client):
    user = make_prefecture_user("tokyo", "13")
    totp_device(user)
    login = reverse("portal:login")

    response = client.post(
        login, {"username": "tokyo", "password": "pass-for-tests-only"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{reverse('portal:two-factor')}?next=%2Fstaff%2F"
    assert "認証アプリに表示されている6桁の数字" in response.content.decode()
    response = client.post(
        reverse("portal:two-factor"), {"token": totp_now(user), "next": HOME}, follow=True
    )

    assert response.redirect_chain[-1][0] == HOME
    assert "東京都のページ" in response.content.decode()


def test_a_wrong_second_factor_is_refused_and_then_throttled(client):
    user = make_prefecture_user("tokyo", "13")
    totp_device(user)
    client.post(reverse("portal:login"), {"username": "tokyo", "password": "pass-for-tests-only"})

    # The clock stands still, so "too soon" does not depend on how fast the test runs.
    with time_machine.travel(timezone.now(), tick=False):
        wrong = client.post(reverse("portal:two-factor"), {"token": "000000", "next": HOME})
        right_too_soon = client.post(
            reverse("portal:two-factor"), {"token": totp_now(user), "next": HOME}
        )

    assert "確認できませんでした" in wrong.content.decode()
    assert right_too_soon.status_code == 200  # django-otp makes the next try wait
    assert client.get(HOME).status_code == 302


def test_a_wrong_password_is_explained(client):
    make_prefecture_user("tokyo", "13")

    response = client.post(reverse("portal:login"), {"username": "tokyo", "password": "wrong"})

    assert "ユーザー名またはパスワードが正しくありません" in response.content.decode()


def test_the_list_runs_a_constant_number_of_queries(hokkaido, django_assert_max_num_queries):
    reviewed(make_registration(dispatch_prefectures=prefectures("01")))
    with django_assert_max_num_queries(20) as few:
        hokkaido.get(LIST)
    for index in range(30):
        reviewed(
            make_registration(
                company_name=f"社{index}",
                email=f"q{index}@example.jp",
                dispatch_prefectures=prefectures("01"),
            )
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        hokkaido.get(LIST)


def test_page_links_keep_the_filters(hokkaido):
    for index in range(51):
        reviewed(
            make_registration(
                company_name=f"指定{index:02d}",
                email=f"n{index}@example.jp",
                dispatch_prefectures=prefectures("01"),
            )
        )

    html = hokkaido.get(LIST, {"named_only": "on", "sort": "name"}).content.decode()

    assert 'href="?named_only=on&amp;sort=name&amp;page=2"' in html
    assert f'href="{XLSX}?named_only=on&amp;sort=name"' in html


def test_a_registration_that_declined_secondment_never_reaches_a_prefecture(hokkaido):
    declined = reviewed(
        make_registration(
            company_name="出向しない",
            secondment="no",
            retiree_outreach="possible",
            dispatch_prefectures=[],
            base_prefectures=[],
            work_styles=[],
            periods=[],
        ),
        publish=True,
    )
    # Even with prefectures left on it by some other path, it must not be listed.
    declined.dispatch_prefectures.set(prefectures("01"))

    page = hokkaido.get(LIST).content.decode()
    workbook = workbook_of(hokkaido.get(XLSX))

    assert "出向しない" not in page
    assert "出向しない" not in [row[1] for row in workbook[LIST_SHEET].iter_rows(values_only=True)]
    panels = {panel.title: panel for panel in hokkaido.get(HOME).context["panels"]}
    assert panels["人材プール協力企業・団体"].figures[0].count == 0


@pytest.mark.parametrize("url", [HOME, LIST, XLSX])
def test_prefecture_pages_and_exports_are_never_cached(hokkaido, url):
    cache_control = hokkaido.get(url)["Cache-Control"]

    assert "private" in cache_control and "no-store" in cache_control


def test_each_company_opens_on_a_page_with_all_16_answers(hokkaido, companies):
    company = companies["named"]
    company.message = "A市の窓口DXを支援しています"
    company.save()
    page = hokkaido.get(LIST).content.decode()
    detail_url = reverse("registry:prefecture-company", args=[company.pk])

    assert f'href="{detail_url}"' in page
    response = hokkaido.get(detail_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert [row["number"] for row in response.context["rows"]] == list(range(1, 17))
    assert "A市の窓口DXを支援しています" in html and company.email in html
    assert "private" in response["Cache-Control"]


def test_a_company_the_prefecture_may_not_see_is_not_found(hokkaido, companies):
    others = [r for r in Registration.objects.all() if r.pk not in _visible_pks(hokkaido)]

    assert others  # the fixture has companies 北海道 may not see
    for company in others:
        url = reverse("registry:prefecture-company", args=[company.pk])
        assert hokkaido.get(url).status_code == 404


def _visible_pks(client):
    return {company.pk for company in client.get(LIST).context["page"]}


def test_the_sort_menu_names_each_order_once_in_japanese(hokkaido, companies):
    """The 並び順 menu: no English label (django-filter's fallback), no option twice."""
    import re

    import lxml.html

    page = lxml.html.fromstring(hokkaido.get(LIST).content.decode())
    labels = [
        option.text_content().strip() for option in page.xpath("//select[@name='order']/option")
    ]
    values = page.xpath("//select[@name='order']/option/@value")

    assert labels and not [label for label in labels if re.search("[A-Za-z]", label)]
    assert len(set(labels)) == len(labels)
    assert len(set(values)) == len(values)
    assert labels[0] == "登録日（新しい順）"


def test_the_default_order_is_the_first_option_of_the_menu(hokkaido, companies):
    """Without a choice the list is in the order the menu shows as chosen (newest first)."""
    newest_first = [row.company_name for row in hokkaido.get(LIST).context["page"]]
    chosen = [
        row.company_name for row in hokkaido.get(LIST, {"order": "-registered"}).context["page"]
    ]

    assert newest_first == chosen
    assert newest_first == list(
        reversed(
            [
                row.company_name
                for row in hokkaido.get(LIST, {"order": "registered"}).context["page"]
            ]
        )
    )


@pytest.mark.parametrize("order", [",", " , ", "-registered,,"])
def test_an_order_of_empty_parts_is_the_default_order(hokkaido, companies, order):
    """A tampered 並び順 of commas only (or trailing ones) is the default order, not a 500."""
    default = [row.company_name for row in hokkaido.get(LIST).context["page"]]

    response = hokkaido.get(LIST, {"order": order})

    assert response.status_code == 200
    assert [row.company_name for row in response.context["page"]] == default
