"""The funnel keeps the pipeline apart from the appointments, and its table sorts by any column
on the server (?sort=), in the export too."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accelerators.models import Nomination
from matching.funnel import APPOINTED, COLUMNS, STEPS, funnel_order
from matching.models import Approach
from matching.workflow import approach_outcome
from portal.exports import CONDITIONS_SHEET
from tests.factories import make_appointed, make_need, make_specialist, workbook_of

pytestmark = pytest.mark.django_db
FUNNEL = reverse("matching:funnel")
EXPORT = reverse("matching:funnel-export")


@pytest.fixture
def figures():
    """青森 (02): one 打診 hired; 北海道 (01): two appointments loaded in bulk and one from the
    portal, no 打診; 東京 (13): one need open."""
    aomori = make_need("02")
    person = make_specialist(
        status="listed", desired_scope=["desires_anywhere"], desired_prefectures=None
    )
    approach = Approach.objects.create(
        need=aomori, specialist=person, sent_by=aomori.created_by, response="interested",
        outcome="contacting",
    )  # fmt: skip
    approach_outcome(approach=approach, by=aomori.created_by, outcome="hired")
    Approach.objects.filter(pk=approach.pk).update(hired_at=aomori.opened_at + timedelta(days=5))
    bulk = [make_appointed("01"), make_appointed("01")]
    Nomination.objects.filter(pk__in=[n.pk for n in bulk]).update(source=Nomination.Source.BULK)
    make_appointed("01")
    make_need("13")


def _codes(response):
    return [row["prefecture"].code for row in response.context["rows"]]


def test_the_pipeline_leaves_the_appointments_out(clients, figures):
    page = clients["mic"].get(FUNNEL)

    assert [label for label, _, _ in page.context["bars"]] == [label for _, label in STEPS]
    assert "appointed" not in dict(STEPS)
    assert page.context["appointed"] == [
        ("任命中（合計）", 3), ("うちポータルで推薦", 1), ("うち一括登録", 2),
    ]  # fmt: skip
    html = page.content.decode()
    assert "アクセラレータの任命（上の段階には含みません）" in html
    # The longest bar is a pipeline step: 2 open needs, not the 3 appointments.
    assert max(value for _, value, _ in page.context["bars"]) == 2


def test_the_appointments_are_split_by_how_they_were_recorded(clients, figures):
    rows = clients["mic"].get(FUNNEL).context["rows"]
    hokkaido = next(row for row in rows if row["prefecture"].code == "01")

    assert {key: hokkaido[key] for key, _ in APPOINTED} == {
        "appointed": 3, "appointed_portal": 1, "appointed_bulk": 2,
    }  # fmt: skip
    assert hokkaido["hired"] == 0


@pytest.mark.parametrize("column", [key for key, _ in COLUMNS])
def test_the_table_sorts_by_every_column_both_ways(clients, figures, column):
    up = clients["mic"].get(FUNNEL, {"sort": column})
    down = clients["mic"].get(FUNNEL, {"sort": f"-{column}"})

    def values(response):
        key = (lambda r: r["prefecture"].code) if column == "prefecture" else (lambda r: r[column])
        return [key(row) for row in response.context["rows"]]

    present_up = [v for v in values(up) if v is not None]
    present_down = [v for v in values(down) if v is not None]
    assert present_up == sorted(present_up)
    assert present_down == sorted(present_down, reverse=True)
    assert len(values(up)) == len(values(down)) == 47
    # A prefecture without a figure comes last both ways.
    assert values(up)[len(present_up) :] == [None] * (47 - len(present_up))
    html = up.content.decode()
    assert html.count("aria-sort=") == 1
    assert 'aria-sort="ascending"' in html
    assert 'aria-sort="descending"' in down.content.decode()


def test_equal_figures_keep_the_prefectures_order(clients, figures):
    codes = _codes(clients["mic"].get(FUNNEL, {"sort": "-appointed"}))

    assert codes[0] == "01"
    assert codes[1:] == sorted(codes[1:])


def test_the_headers_are_links_that_sort_without_a_script(clients, figures):
    html = clients["mic"].get(FUNNEL, {"sort": "-sent"}).content.decode()

    assert 'aria-sort="descending"><a href="?sort=sent">打診</a>' in html
    assert '<a href="?sort=-appointed_bulk">うち一括登録</a>' in html
    assert '<a href="?sort=prefecture">都道府県</a>' in html


@pytest.mark.parametrize(
    "tampered",
    ["", "nope", "--sent", "-", "prefecture__code", "cells", "target", "reached", "sent;drop",
     "ｓｅｎｔ", "-days_to_first_hire-", "0"],
)  # fmt: skip
def test_a_tampered_sort_shows_the_default_order(clients, figures, tampered):
    response = clients["mic"].get(FUNNEL, {"sort": tampered})

    assert response.status_code == 200
    assert _codes(response) == sorted(_codes(response))
    assert funnel_order(tampered) == "prefecture"
    html = response.content.decode()
    assert 'aria-sort="ascending"><a href="?sort=-prefecture">都道府県</a>' in html
    assert clients["mic"].get(EXPORT, {"sort": tampered}).status_code == 200


def test_several_sort_parameters_use_the_last(clients, figures):
    response = clients["mic"].get(f"{FUNNEL}?sort=-sent&sort=nope")

    assert response.status_code == 200
    assert _codes(response) == sorted(_codes(response))


@pytest.mark.parametrize("order", ["prefecture", "-prefecture", "-sent", "days_to_first_hire",
                                   "-appointed_bulk", "-open_needs"])  # fmt: skip
def test_the_export_has_the_screens_columns_in_the_screens_order(clients, figures, order):
    page = clients["mic"].get(FUNNEL, {"sort": order})
    workbook = workbook_of(clients["mic"].get(EXPORT, {"sort": order}))
    sheet = list(workbook["募集から任用まで"].iter_rows(values_only=True))

    assert list(sheet[0]) == [label for _, label in COLUMNS]
    assert [row[0] for row in sheet[1:-1]] == [r["prefecture"].name for r in page.context["rows"]]
    assert sheet[-1][0] == "合計"
    hokkaido = next(row for row in sheet if row[0] == "北海道")
    assert list(hokkaido[-3:]) == [3, 1, 2]
    conditions = dict(workbook[CONDITIONS_SHEET].iter_rows(values_only=True))
    assert "並び順" in conditions


def test_the_export_link_carries_the_order(clients, figures):
    html = clients["mic"].get(FUNNEL, {"sort": "-hired"}).content.decode()

    assert f'href="{EXPORT}?sort=-hired"' in html


def test_the_sorted_page_and_export_run_a_constant_number_of_queries(
    clients, figures, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        clients["mic"].get(FUNNEL, {"sort": "-days_to_first_hire"})
    with django_assert_max_num_queries(25) as export:
        clients["mic"].get(EXPORT, {"sort": "-sent"})
    for code in ("27", "40", "47"):
        make_need(code)
        make_appointed(code)

    with django_assert_max_num_queries(len(few.captured_queries)):
        clients["mic"].get(FUNNEL, {"sort": "-days_to_first_hire"})
    with django_assert_max_num_queries(len(export.captured_queries)):
        clients["mic"].get(EXPORT, {"sort": "-sent"})


def test_a_prefecture_sees_its_own_split_and_no_sortable_table(clients, figures):
    page = clients["prefecture_a"].get(FUNNEL, {"sort": "-sent"})

    assert page.context["appointed"] == [
        ("任命中（合計）", 3), ("うちポータルで推薦", 1), ("うち一括登録", 2),
    ]  # fmt: skip
    assert 'id="funnel-prefectures"' not in page.content.decode()
