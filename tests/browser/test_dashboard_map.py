from playwright.sync_api import expect

from accelerators.dashboard import map_step
from tests.browser.helpers import BROWSER, assert_accessible, sign_in
from tests.factories import make_appointed, make_prefecture_user

pytestmark = BROWSER

# The size in CSS pixels at which the smallest text of the map (the names) is drawn.
NAME_SIZE = """() => {
    const text = document.querySelector('.tile-map text');
    return parseFloat(text.getAttribute('font-size')) * text.getScreenCTM().a;
}"""


def _appointed(counts):
    for code, count in counts.items():
        for _ in range(count):
            make_appointed(code)


def _tile_fill(page, prefecture):
    tile = page.locator(".tile-map g").filter(
        has=page.locator(f"title:text-matches('^{prefecture}:')")
    )
    return tile.locator("rect").get_attribute("fill")


def test_the_map_tells_one_from_two_with_a_legend_in_words(page, screenshot):
    _appointed({"01": 1, "13": 2, "27": 10})
    sign_in(page, make_prefecture_user("pref-dashboard", "13"))
    page.goto("/accelerators/dashboard/")

    expect(page.locator("#map")).to_be_visible()
    assert _tile_fill(page, "北海道") == map_step(1).fill
    assert _tile_fill(page, "東京都") == map_step(2).fill != map_step(1).fill
    assert _tile_fill(page, "大阪府") == map_step(10).fill
    expect(page.locator("#map-legend li")).to_have_text(
        ["0名", "1名", "2名", "3～4名", "5～9名", "10名以上（目標達成）", "東京都"]
    )
    assert page.evaluate(NAME_SIZE) >= 11
    table, map_ = page.locator("#prefecture-table"), page.locator("#map")
    assert table.bounding_box()["x"] > map_.bounding_box()["x"]  # the table beside, on the right
    assert_accessible(page)
    screenshot(page, "dashboard-desktop")


def test_a_phone_shows_the_table_first_and_no_unreadable_map(phone_page, screenshot):
    _appointed({"01": 1, "13": 2})
    sign_in(phone_page, make_prefecture_user("pref-dashboard-phone", "13"))
    phone_page.goto("/accelerators/dashboard/")

    table = phone_page.locator("#prefecture-table")
    expect(table).to_be_visible()
    expect(phone_page.locator("#map")).to_be_hidden()
    assert table.bounding_box()["y"] < phone_page.locator("#by-type").bounding_box()["y"]
    expect(table.get_by_role("row", name="東京都（貴都道府県） 2 0 10")).to_be_visible()
    cell_size = table.locator("td").first.evaluate(
        "td => parseFloat(getComputedStyle(td).fontSize)"
    )
    assert cell_size >= 14
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)
    screenshot(phone_page, "dashboard-phone")


def _history():
    """Appointments over the past year and a half, and the nightly snapshots of every day."""
    from datetime import timedelta

    from django.utils import timezone

    from portal.snapshots import snapshots_take

    today = timezone.localdate()
    for index, code in enumerate(["01", "13", "13", "27", "27", "27"]):
        make_appointed(code, appointment_date=today - timedelta(days=500 - index * 80))
    snapshots_take()


def test_the_charts_read_as_tables_and_the_page_prints_as_a_report(page, screenshot):
    _history()
    sign_in(page, make_prefecture_user("pref-dashboard-charts", "13"))
    page.goto("/accelerators/dashboard/")

    expect(page.locator("#appointments-chart svg.chart")).to_have_attribute("aria-hidden", "true")
    expect(page.locator("#path-line")).to_be_attached()
    expect(page.locator("#appointments-table tbody tr").last).to_contain_text("6")
    expect(page.locator("#trend-table")).to_contain_text("東京都")
    expect(page.locator("#report-download")).to_be_visible()
    assert_accessible(page)

    # 「印刷」 calls the browser's print (from a static file: the CSP allows no inline script).
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="印刷").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("#report-actions")).to_be_hidden()
    expect(page.locator("#appointments-table")).to_be_visible()
    screenshot(page, "dashboard-print")


def test_the_charts_fit_a_phone(phone_page):
    _history()
    sign_in(phone_page, make_prefecture_user("pref-dashboard-charts-phone", "13"))
    phone_page.goto("/accelerators/dashboard/")

    expect(phone_page.locator("#appointments-chart svg.chart")).to_be_visible()
    wide = phone_page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)"
        ".map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8)"
    )
    assert wide == []
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)
