"""The dashboard's road to the target, drawn from the nightly snapshots: the path line's ends,
the tables under the charts, the workbook with the same numbers, and constant queries."""

from datetime import date, timedelta

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accelerators.models import Nomination
from accelerators.progress import months_back, path_value
from portal.models import DailyFigure, ExportLog
from portal.snapshots import snapshots_take
from portal.targets import DEFAULT_TARGETS, Targets
from tests.factories import make_appointed, workbook_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DASHBOARD = reverse("accelerators:dashboard")
REPORT = reverse("accelerators:dashboard-report")


def _history(appointments):
    """Appointments `(prefecture, days ago, bulk?)`, then the snapshots of every day since."""
    for code, days, bulk in appointments:
        nomination = make_appointed(code, appointment_date=TODAY - timedelta(days=days))
        if bulk:
            Nomination.objects.filter(pk=nomination.pk).update(source=Nomination.Source.BULK)
    snapshots_take()


def _table(html, table_id):
    """The table's rows as text cells (header cell first), as a reader of the page sees them."""
    table = lxml.html.fromstring(html).get_element_by_id(table_id)
    return [
        [cell.text_content().strip() for cell in row.xpath("./th|./td")]
        for row in table.xpath("./tbody/tr")
    ]


def test_the_path_runs_from_zero_on_the_first_appointment_to_the_target_at_the_years_end():
    targets = Targets(national=500, per_prefecture=10, fiscal_year=2027)
    start = date(2025, 4, 1)

    assert path_value(start, start=start, targets=targets) == 0
    assert path_value(date(2028, 3, 31), start=start, targets=targets) == 500
    assert path_value(date(2029, 1, 1), start=start, targets=targets) == 500
    assert path_value(date(2025, 1, 1), start=start, targets=targets) == 0
    assert 240 < path_value(date(2026, 9, 30), start=start, targets=targets) < 260


def test_the_page_draws_the_path_from_the_first_appointment_to_the_due_day(mic_client):
    _history([("01", 60, True), ("01", 40, False), ("13", 10, False)])

    response = mic_client.get(DASHBOARD)
    history = response.context["history"]

    assert history["path_start"] == (TODAY - timedelta(days=60), 0)
    assert history["path_end"] == (DEFAULT_TARGETS.due, 500)
    line = history["path_line"]
    assert line["x1"] < line["x2"] and line["y1"] > line["y2"]
    html = response.content.decode()
    assert 'id="path-line"' in html and "令和9年度末" in html


def test_the_tables_split_portal_from_bulk_and_show_a_month_and_a_year_ago(mic_client):
    _history([("01", 370, True), ("01", 40, False), ("13", 10, False)])

    html = mic_client.get(DASHBOARD).content.decode()

    last = _table(html, "appointments-table")[-1]
    assert last[1:4] == ["2", "1", "3"]  # portal, bulk, total
    trend = {row[0]: row[1:] for row in _table(html, "trend-table")}
    assert trend["北海道"] == ["2", "2", "1"]
    assert trend["東京都"] == ["1", "0", "0"]


def test_without_snapshots_the_page_says_none_were_taken(mic_client):
    html = mic_client.get(DASHBOARD).content.decode()
    assert 'id="history-empty"' in html


def test_the_workbooks_numbers_equal_the_pages_tables(mic_client):
    _history([("01", 100, True), ("01", 50, False), ("13", 35, False), ("27", 3, True)])
    html = mic_client.get(DASHBOARD).content.decode()

    workbook = workbook_of(mic_client.get(REPORT))

    def sheet(name, columns):
        rows = list(workbook[name].iter_rows(min_row=2, values_only=True))
        return [[str(row[i]) if row[i] is not None else "—" for i in columns] for row in rows]

    assert sheet("任命の推移", [0, 2, 3, 4, 5]) == _table(html, "appointments-table")
    assert sheet("目標達成の都道府県数", [0, 2]) == _table(html, "reached-table")
    assert sheet("都道府県別の推移", [0, 1, 2, 3]) == _table(html, "trend-table")
    page_rows = [[r[0], r[1].split()[0], r[2], r[3]] for r in _table(html, "prefecture-table")]
    assert sheet("都道府県別", [0, 1, 2, 3]) == page_rows
    conditions = dict(workbook["出力条件"].iter_rows(min_row=2, values_only=True))
    assert conditions["目標"] == "全国500名・各都道府県10名以上"
    assert conditions["推移の数の日付"].date() == TODAY - timedelta(days=1)
    assert ExportLog.objects.get().kind == "dashboard_report"


def test_prefecture_staff_download_the_report_too(clients):
    response = clients["prefecture_a"].get(REPORT)
    assert response.status_code == 200
    assert (
        "北海道" in response["Content-Disposition"]
        or "filename*" in response["Content-Disposition"]
    )
    assert clients["anonymous"].get(REPORT).status_code in (302, 403)


def test_formula_like_text_stays_text_in_the_report():
    from accelerators.exports import dashboard_report_sheets

    sheets = dashboard_report_sheets(
        {
            "rows": [],
            "by_type": [("=HYPERLINK(1)", 1)],
            "history": {"recorded": False},
            "estimate": [],
        }
    )
    assert sheets[1].rows == [["=HYPERLINK(1)", 1]]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_dashboard_and_the_workbook_run_constant_queries(mic_client):
    _history([("01", 30, False)])
    mic_client.get(DASHBOARD)  # the session's first request does its own bookkeeping
    few = (_queries(mic_client, DASHBOARD), _queries(mic_client, REPORT))

    DailyFigure.objects.all().delete()
    _history([(f"{code:02d}", days, days % 2 == 0) for code in range(1, 48) for days in (150, 60)])
    many = (_queries(mic_client, DASHBOARD), _queries(mic_client, REPORT))

    assert many == few


def test_months_back_keeps_the_day_or_takes_the_months_last():
    assert months_back(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_back(date(2026, 1, 15), 12) == date(2025, 1, 15)
