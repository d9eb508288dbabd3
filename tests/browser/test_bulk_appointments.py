"""総務省 loads the existing appointments: template download, fill in, upload, confirm, dashboard."""

from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from accelerators.models import Nomination
from portal.roles import MIC_GROUP, roles_apply
from tests.browser.helpers import BROWSER, assert_accessible, sign_in
from tests.factories import make_user

pytestmark = BROWSER
SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "existing_appointments.xlsx"


def test_the_appointments_template_round_trip_matches_the_dashboard(page, screenshot, tmp_path):
    roles_apply()
    user = make_user("mic-bulk", groups=[MIC_GROUP])
    sign_in(page, user, path="/admin/login/?next=/admin/")
    page.goto("/admin/accelerators/nomination/")
    page.get_by_role("link", name="既存の任命の一括登録").click()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="テンプレート（Excel）をダウンロード").click()
    filled = tmp_path / download.value.suggested_filename
    download.value.save_as(filled)
    workbook = openpyxl.load_workbook(filled)
    assert workbook.worksheets[0].max_row == 1  # only the headings
    for row in openpyxl.load_workbook(SAMPLE).worksheets[0].iter_rows(min_row=2, values_only=True):
        workbook.worksheets[0].append(row)
    workbook.save(filled)

    page.get_by_label("ファイル（.xlsx または .csv、5MBまで）").set_input_files(filled)
    page.get_by_role("button", name="読み込んで内容を確認する").click()
    expect(page.locator("#import-summary")).to_contain_text("の60行を読み込みました。")
    expect(page.locator("#import-summary")).to_contain_text("取り込む行: 60行")
    assert not Nomination.objects.exists()
    assert_accessible(page)
    screenshot(page, "admin-bulk-appointments-preview")
    # Every row is in the preview: the 60th person (the file's row 61) is on the second page.
    expect(page.locator("#row-61")).to_have_count(0)
    page.get_by_role("navigation", name="読み込んだ内容のページ（下）").get_by_role(
        "link", name="次のページ"
    ).click()
    expect(
        page.get_by_role("heading", name="読み込んだ内容（全60行のうち51～60行を表示）")
    ).to_be_visible()
    expect(page.locator("#row-61")).to_contain_text("61行目")
    expect(page.locator("#row-61")).to_contain_text("問題なし")
    assert_accessible(page)

    page.get_by_role("button", name="取り込む").click()
    expect(page.get_by_text("60件を取り込みました。")).to_be_visible()
    assert Nomination.objects.filter(status="appointed").count() == 60

    page.goto("/accelerators/dashboard/")
    expect(page.locator("#appointed-summary")).to_have_text("任命状況 60名（23都道府県）")
    rows = page.locator("#prefecture-table tbody tr")
    shown = sum(int(rows.nth(i).locator("td").first.inner_text()) for i in range(rows.count()))
    assert shown == 60
    assert_accessible(page)


def test_the_preview_reads_on_a_phone(phone_page):
    """The rows read from the file are short values (a name, a prefecture, 任期付職員): each stays
    whole, and the table scrolls inside its own box (reachable by the keyboard), not the page."""
    from tests.browser.test_phone_tables import NARROW_CELLS, SIDEWAYS

    roles_apply()
    sign_in(phone_page, make_user("mic-bulk-phone", groups=[MIC_GROUP]), path="/admin/login/")
    phone_page.goto("/admin/accelerators/nomination/import/")
    phone_page.get_by_label("ファイル（.xlsx または .csv、5MBまで）").set_input_files(SAMPLE)
    phone_page.get_by_role("button", name="読み込んで内容を確認する").click()
    expect(phone_page.locator("#import-summary")).to_contain_text("の60行を読み込みました。")

    assert phone_page.evaluate(NARROW_CELLS) == []
    assert phone_page.evaluate(SIDEWAYS) <= 0
    region = phone_page.get_by_role("region", name="読み込んだ内容（全60行のうち1～50行を表示）")
    expect(region).to_have_attribute("tabindex", "0")
    assert_accessible(phone_page)
