"""After signing in, staff land on their home: 総務省 an overview with its queues, a prefecture's
staff their prefecture's page. The panels come from the apps (AppConfig.home_panel)."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import Prefecture
from tests.factories import (
    login_verified,
    make_need,
    make_nomination,
    make_prefecture_user,
    make_registration,
    make_specialist,
    reviewed,
    totp_device,
    totp_now,
)

pytestmark = pytest.mark.django_db
HOME = reverse("portal:staff-home")


def _panels(response):
    return {panel.title: panel for panel in response.context["panels"]}


def _figures(panel):
    return {figure.label: (figure.count, figure.url) for figure in panel.figures}


def test_mic_staff_sign_in_to_the_mic_home_not_a_prefecture_error(client, mic_user):
    totp_device(mic_user)
    client.post(reverse("portal:login"), {"username": "mic", "password": "pass-for-tests-only"})
    response = client.post(reverse("portal:two-factor"), {"token": totp_now(mic_user)}, follow=True)

    assert response.redirect_chain[-1][0] == HOME
    assert response.status_code == 200
    assert "総務省のページ" in response.content.decode()
    assert "所属する都道府県が設定されていません" not in response.content.decode()


def test_the_mic_home_links_the_queues_with_their_counts(mic_client):
    make_registration()
    reviewed(make_registration(company_name="確認済の会社"))
    make_nomination("01", status="submitted")
    make_specialist()  # 受付

    response = mic_client.get(HOME)
    panels = _panels(response)

    registrations = _figures(panels["人材プール協力企業・団体の登録"])
    changelist = reverse("admin:registry_registration_changelist")
    assert registrations["受付"] == (1, f"{changelist}?status__exact=received")
    assert registrations["確認済"] == (1, f"{changelist}?status__exact=confirmed")
    assert registrations["掲載"][0] == 0
    nominations = _figures(panels["自治体DXアクセラレータ"])
    assert nominations["推薦"] == (1, f"{reverse('accelerators:list')}?status=submitted")
    assert _figures(panels["協力可能人材（個人）"])["受付"][0] == 1
    actions = [a.url for panel in panels.values() for a in panel.actions]
    assert reverse("accelerators:dashboard") in actions
    assert reverse("admin:portal_exportlog_changelist") in actions
    assert reverse("matching:funnel") in actions
    for url in actions + [f[1] for p in panels.values() for f in _figures(p).values()]:
        assert mic_client.get(url).status_code == 200, url


def test_a_prefecture_home_counts_only_what_the_prefecture_may_see(client):
    hokkaido = login_verified(client, make_prefecture_user("hokkaido", "01"))
    reviewed(
        make_registration(dispatch_prefectures=list(Prefecture.objects.filter(code="01"))),
        publish=True,
    )
    reviewed(make_registration(company_name="東京だけ"), publish=True)  # Q8: 東京都、神奈川県
    make_need("01")
    make_need("02")
    make_nomination("02", status="submitted")

    response = hokkaido.get(HOME)
    panels = _panels(response)

    assert "北海道のページ" in response.content.decode()
    assert _figures(panels["人材プール協力企業・団体"])["企業・団体"][0] == 1
    assert _figures(panels["募集と打診"])["募集中"][0] == 1
    assert sum(count for count, _ in _figures(panels["自治体DXアクセラレータ"]).values()) == 0
    assert "Excel出力の記録" not in panels


def test_the_name_in_the_header_leads_home_and_old_prefecture_links_still_work(client):
    hokkaido = login_verified(client, make_prefecture_user("hokkaido", "01"))

    assert f'href="{HOME}"' in hokkaido.get(reverse("matching:needs")).content.decode()
    assert hokkaido.get("/prefecture/").url == HOME


@pytest.mark.parametrize("role", ["mic", "prefecture"])
def test_the_home_runs_a_constant_number_of_queries(role, mic_user, django_assert_max_num_queries):
    user = mic_user if role == "mic" else make_prefecture_user("hokkaido", "01")
    client = login_verified(Client(), user)
    for index in range(5):
        reviewed(make_registration(company_name=f"会社{index}"), publish=True)
        make_need("01")

    # 20: the panels' queries (one of them the targets, read once: portal.targets) and the "your
    # turn" panel's three counts (portal.home.your_turn).
    with django_assert_max_num_queries(20):
        assert client.get(HOME).status_code == 200
