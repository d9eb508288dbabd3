"""総務省's day, walked as one official would (issue 27's journey): the staff menu → the review
queue → the oldest record → 掲載 → the next record; a yearly reconfirmation round read in its
preview, then started; the dashboard printed by Chromium (an A4 PDF) and its workbook opened and
compared with the tables on the screen. The variations of each step have their own tests
(test_review_workspace.py, test_reconfirmation.py, test_dashboard_map.py)."""

import io
import re
from datetime import timedelta

import openpyxl
from django.utils import timezone
from playwright.sync_api import expect

from portal.roles import MIC_GROUP, roles_apply
from registry.models import OutgoingMail, Registration
from tests.browser.helpers import BROWSER, DESKTOP, PHONE, assert_accessible, sign_in
from tests.browser.test_dashboard_map import _history
from tests.factories import make_registration, make_user, reviewed

pytestmark = BROWSER

FOCUSED = "() => document.activeElement.textContent.trim()"
# Each page's MediaBox in PDF points: A4 is 595 x 842 (Chromium writes 595.92 x 842.88, whole
# CSS pixels at 96 per inch), where US Letter would be 612 x 792.
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]")


def _aged(registration, days):
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return registration


def _table_rows(page, table_id):
    """The table's body as the reader sees it: a list of cell texts per row."""
    return page.locator(f"#{table_id} tbody tr").evaluate_all(
        "rows => rows.map(row => [...row.querySelectorAll('th, td')]"
        ".map(cell => cell.textContent.trim()))"
    )


def test_a_day_at_mic_review_round_and_report(page):
    roles_apply()
    mic = make_user("mic-day", groups=[MIC_GROUP])
    oldest = _aged(
        make_registration(company_name="朝一番デジタル株式会社", email="a@example.jp"), 4
    )
    following = _aged(
        make_registration(company_name="二番手システム株式会社", email="b@example.jp"), 2
    )
    due = reviewed(
        make_registration(company_name="年次確認株式会社", email="c@example.jp"), publish=True
    )
    Registration.objects.filter(pk=due.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=400)
    )
    _history()

    sign_in(page, mic)
    page.wait_for_url("**/staff/")

    # The review queue, from the staff menu; the oldest record first.
    page.get_by_role("navigation", name="職員メニュー").get_by_role(
        "link", name="登録の確認"
    ).click()
    page.wait_for_url("**/staff/review/")
    for size in (PHONE, DESKTOP):  # the workspace's first page, as the queue and record are
        page.set_viewport_size(size)
        assert_accessible(page)
    page.get_by_role("link", name=re.compile("企業・団体")).first.click()
    page.wait_for_url("**/staff/review/companies/")
    page.locator("#review-queue tbody tr").first.get_by_role(
        "link", name="朝一番デジタル株式会社"
    ).click()
    page.wait_for_url(f"**/staff/review/companies/{oldest.pk}/")
    page.get_by_role("button", name=re.compile("^掲載する")).click()

    # The decision is recorded and the next record opens with the outcome focused.
    page.wait_for_url(f"**/staff/review/companies/{following.pk}/")
    assert page.evaluate(FOCUSED) == f"{oldest.receipt_number} を「掲載」にしました。"
    oldest.refresh_from_db()
    assert oldest.status == Registration.Status.PUBLISHED

    # A yearly reconfirmation round: who gets mail and the mail, before anything is sent.
    page.goto("/admin/registry/reconfirmationround/")
    page.get_by_role("link", name="年次確認を始める").click()
    expect(page.get_by_role("table", name=re.compile("メールを送る登録"))).to_contain_text(
        due.receipt_number
    )
    expect(page.locator("#round-example")).to_contain_text("（個人用リンク）")
    assert not OutgoingMail.objects.filter(kind="reconfirmation").exists()
    page.get_by_role("button", name=re.compile("年次確認のメールを送る")).click()
    expect(page.locator("#round-result")).to_contain_text("年次確認のメールを送ります")
    assert list(
        OutgoingMail.objects.filter(kind="reconfirmation").values_list("registration", flat=True)
    ) == [due.pk]

    # The report: the dashboard printed to PDF by Chromium, A4, charts and tables kept.
    page.goto("/accelerators/dashboard/")
    expect(page.locator("#appointments-chart svg.chart")).to_be_attached()
    on_screen = _table_rows(page, "appointments-table")
    assert on_screen
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    page.emulate_media(media="screen")
    assert pdf.startswith(b"%PDF")
    pages = [(float(w), float(h)) for w, h in MEDIA_BOX.findall(pdf)]
    assert pages and all(round(w) in (595, 596) and round(h) in (842, 843) for w, h in pages)

    # The workbook holds the numbers the screen shows.
    with page.expect_download() as download:
        page.locator("#report-download").click()
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = [
        [str(row[i]) if row[i] is not None else "—" for i in (0, 2, 3, 4, 5)]
        for row in workbook["任命の推移"].iter_rows(min_row=2, values_only=True)
    ]
    assert sheet == on_screen
