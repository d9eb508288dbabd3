"""The need list filters by prefecture (総務省 only) and by status; the filters keep across
pages, and a value that is not a choice leaves the list unfiltered with a message."""

import pytest
from django.urls import reverse

from tests.factories import make_need

pytestmark = pytest.mark.django_db
LIST = reverse("matching:needs")


@pytest.fixture
def needs():
    make_need("01", title="北海道・募集中")
    make_need("01", title="北海道・下書き", status="draft")
    make_need("02", title="青森・募集中")
    make_need("13", title="東京・充足", status="filled")


def _titles(response):
    return {need.title for need in response.context["page"]}


def test_mic_filters_by_prefecture_with_one_select(clients, needs):
    response = clients["mic"].get(LIST, {"prefecture": "01"})

    assert _titles(response) == {"北海道・募集中", "北海道・下書き"}
    html = response.content.decode()
    assert html.count('<select class="form-select" id="id_prefecture" name="prefecture"') == 1
    assert '<option value="01" selected>北海道</option>' in html
    assert html.count("<option") == 48 + 1 + 4  # prefectures and すべて, statuses and すべて


def test_mic_filters_by_prefecture_and_status_together(clients, needs):
    response = clients["mic"].get(LIST, {"prefecture": "01", "status": "open"})

    assert _titles(response) == {"北海道・募集中"}


def test_prefecture_staff_filter_by_status_and_have_no_prefecture_select(clients, needs):
    response = clients["prefecture_a"].get(LIST, {"status": "draft"})

    assert _titles(response) == {"北海道・下書き"}
    assert 'name="prefecture"' not in response.content.decode()


@pytest.mark.parametrize("tampered", ["02", "13", "99", "", "01"])
def test_a_tampered_prefecture_never_shows_another_prefectures_needs(clients, needs, tampered):
    response = clients["prefecture_a"].get(LIST, {"prefecture": tampered})

    assert response.status_code == 200
    assert _titles(response) == {"北海道・募集中", "北海道・下書き"}
    assert "絞り込まずに" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [({"prefecture": "99"}, "指定された都道府県はありません。"),
     ({"prefecture": "北海道"}, "指定された都道府県はありません。"),
     ({"prefecture": "01' OR 1=1"}, "指定された都道府県はありません。"),
     ({"status": "nope"}, "指定された状態はありません。"),
     ({"status": "OPEN"}, "指定された状態はありません。")],
)  # fmt: skip
def test_an_unknown_filter_value_leaves_the_list_unfiltered_with_a_message(
    clients, needs, query, message
):
    response = clients["mic"].get(LIST, query)

    assert response.status_code == 200
    assert len(_titles(response)) == 4
    assert f"{message}この条件では絞り込まずに表示しています。" in response.content.decode()


def test_a_bad_value_drops_only_its_own_filter(clients, needs):
    response = clients["mic"].get(LIST, {"prefecture": "99", "status": "open"})

    assert _titles(response) == {"北海道・募集中", "青森・募集中"}


def test_the_filters_keep_across_pages(clients):
    for number in range(52):
        make_need("01", title=f"募集{number}")
    make_need("02", title="青森")

    first = clients["mic"].get(LIST, {"prefecture": "01", "status": "open"})
    html = first.content.decode()
    assert 'href="?prefecture=01&amp;status=open&amp;page=2"' in html
    second = clients["mic"].get(LIST, {"prefecture": "01", "status": "open", "page": 2})
    assert len(second.context["page"].object_list) == 2
    assert "青森" not in _titles(second)


def test_the_filtered_list_runs_a_constant_number_of_queries(
    clients, needs, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30) as few:
        clients["mic"].get(LIST, {"prefecture": "01", "status": "open"})
    for _ in range(5):
        make_need("01")

    with django_assert_max_num_queries(len(few.captured_queries)):
        clients["mic"].get(LIST, {"prefecture": "01", "status": "open"})
