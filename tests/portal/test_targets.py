"""The targets (500 nationwide, 10 per prefecture, by 2027年度 as first set) are one row that
総務省 edits in the admin; the dashboard, the funnel and the home panel read it through
portal.targets.targets_current, once per request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import TargetSetting
from portal.targets import DEFAULT_TARGETS, targets_current

pytestmark = pytest.mark.django_db

CHANGE = reverse("admin:portal_targetsetting_change", args=[1])


@pytest.fixture
def other_targets():
    TargetSetting.objects.update_or_create(
        id=1, defaults={"national": 300, "per_prefecture": 7, "fiscal_year": 2029}
    )


def test_the_migration_seeds_500_nationwide_10_per_prefecture_by_2027():
    row = TargetSetting.objects.get()
    assert (row.national, row.per_prefecture, row.fiscal_year) == (500, 10, 2027)
    assert targets_current() == DEFAULT_TARGETS
    assert str(targets_current().due) == "2028-03-31"


def test_the_dashboard_and_the_funnel_read_the_one_row(clients, other_targets):
    dashboard = clients["mic"].get(reverse("accelerators:dashboard")).content.decode()
    funnel = clients["mic"].get(reverse("matching:funnel")).content.decode()
    hokkaido = clients["prefecture_a"].get(reverse("matching:funnel")).content.decode()
    home = clients["mic"].get(reverse("portal:staff-home")).content.decode()

    assert "目標 約300名（各都道府県7名以上、令和11年度末まで）" in dashboard
    assert "7名以上（目標達成）" in dashboard  # the map's top step follows the target
    assert "目標は全国300名（各都道府県7名以上）です。" in funnel
    assert "北海道の目標は7名以上です（全国の目標は300名）。" in hokkaido
    assert "目標 300人" in home


@pytest.mark.parametrize("url", ["accelerators:dashboard", "matching:funnel", "portal:staff-home"])
def test_a_page_reads_the_targets_once(clients, url):
    with CaptureQueriesContext(connection) as queries:
        assert clients["mic"].get(reverse(url)).status_code == 200
    reads = [q for q in queries.captured_queries if "portal_targetsetting" in q["sql"]]
    assert len(reads) == 1


def test_mic_edits_the_targets_in_the_admin(mic_client):
    response = mic_client.post(CHANGE, {"national": 600, "per_prefecture": 12, "fiscal_year": 2028})

    assert response.status_code == 302
    assert targets_current().national == 600
    assert (targets_current().per_prefecture, targets_current().fiscal_year) == (12, 2028)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("national", 0, "全国の目標は1～10,000人の範囲で入力してください。"),
        ("national", 10_001, "全国の目標は1～10,000人の範囲で入力してください。"),
        ("per_prefecture", 0, "各都道府県の目標は1～1,000人の範囲で入力してください。"),
        ("per_prefecture", 1_001, "各都道府県の目標は1～1,000人の範囲で入力してください。"),
        ("fiscal_year", 2019, "目標の年度は2020～2100年度の範囲で入力してください（西暦）。"),
        ("fiscal_year", 2101, "目標の年度は2020～2100年度の範囲で入力してください（西暦）。"),
    ],
)
def test_the_admin_refuses_targets_out_of_range_in_japanese(mic_client, field, value, message):
    data = {"national": 500, "per_prefecture": 10, "fiscal_year": 2027, field: value}

    page = mic_client.post(CHANGE, data).content.decode()

    assert message in page
    assert targets_current() == DEFAULT_TARGETS


def test_the_admin_neither_adds_a_second_row_nor_deletes_the_one(mic_client):
    add = mic_client.get(reverse("admin:portal_targetsetting_add"))
    delete = mic_client.get(reverse("admin:portal_targetsetting_delete", args=[1]))

    assert add.status_code == 403
    assert delete.status_code == 403
    assert TargetSetting.objects.count() == 1
