"""The admin's registration and talent lists read at 1280 px: the navigation sidebar starts
closed on a list, the name column is wide enough for a company name, no cell is narrower than its
longest word, the table fits its box (no sideways scroll), and each prefecture filter is one
<select> that works without a script. At 375 px the lists stay usable."""

import pytest
from playwright.sync_api import expect

from portal.roles import MIC_GROUP, roles_apply
from tests.browser.helpers import BROWSER, DESKTOP, PHONE, assert_accessible, sign_in
from tests.browser.test_phone_tables import NARROW_CELLS
from tests.factories import make_registration, make_specialist, make_user, prefectures

pytestmark = BROWSER

LISTS = {
    "registrations": ("/admin/registry/registration/", "company_name"),
    "specialists": ("/admin/talent/specialist/", "name"),
}
# The table's width against its box (Django's .results), and the page's against the window.
FITS = """() => {
  const table = document.querySelector("#result_list");
  const box = table.closest(".results") || table.parentElement;
  return {table: table.getBoundingClientRect().width, box: box.clientWidth,
          boxScrolls: box.scrollWidth - box.clientWidth,
          page: document.documentElement.scrollWidth - window.innerWidth};
}"""
# Each name cell's room against its longest word (a name without spaces is one word to keep
# whole: a company name is never cut), measured unbroken in the cell's own font.
NAME_ROOM = """(selector) => {
  const found = [];
  for (const cell of document.querySelectorAll(selector)) {
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const probe = document.createElement("span");
    probe.style.cssText = "position:absolute;visibility:hidden;white-space:nowrap";
    const target = cell.querySelector("a") || cell;
    let longest = 0;
    for (const word of cell.innerText.trim().split(/\\s+/)) {
      probe.textContent = word;
      target.appendChild(probe);
      longest = Math.max(longest, probe.getBoundingClientRect().width);
      probe.remove();
    }
    found.push({text: cell.innerText.trim(), room: Math.round(room), longest: Math.round(longest)});
  }
  return found;
}"""


@pytest.fixture
def mic(db):
    roles_apply()
    return make_user("mic-admin-lists", groups=[MIC_GROUP])


@pytest.fixture
def entries():
    """Names as long as real ones, in both lists."""
    for name in [
        "株式会社デジタルトランスフォーメーション研究所",  # 23 characters
        "一般社団法人自治体クラウド推進機構",
        "株式会社北海道システムサービス",
    ]:
        make_registration(
            company_name=name,
            dispatch_prefectures=prefectures("01", "13"),
            work_styles=["work_part_time"],
        )
    for number, name in enumerate(["長谷川　由紀子", "佐藤　太郎"]):
        make_specialist(name=name, email=f"list-{number}@example.jp")


def _fits(page, path, column):
    page.goto(path)
    expect(page.locator("#result_list tbody tr").first).to_be_visible()
    sizes = page.evaluate(FITS)
    assert sizes["table"] <= sizes["box"] + 0.5, sizes
    assert sizes["boxScrolls"] <= 0 and sizes["page"] <= 0, sizes
    for cell in page.evaluate(NAME_ROOM, f"#result_list .field-{column}"):
        assert cell["room"] + 0.5 >= cell["longest"], cell
    assert page.evaluate(NARROW_CELLS) == []


def test_the_lists_fit_at_1280_px_with_the_sidebar_closed(page, mic, entries, screenshot):
    page.set_viewport_size(DESKTOP)
    sign_in(page, mic, path="/admin/login/?next=/admin/registry/registration/")

    # Closed by default on a list; the toggle still opens it, and that choice is remembered.
    expect(page.locator("#main")).not_to_have_class("main shifted")
    expect(page.locator("#nav-sidebar")).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("() => localStorage.getItem('django.admin.navSidebarIsOpen')") is None
    for name, (path, column) in LISTS.items():
        _fits(page, path, column)
        assert_accessible(page)
        screenshot(page, f"admin-{name}-list-1280")

    page.locator("#toggle-nav-sidebar").click()
    expect(page.locator("#nav-sidebar")).to_have_attribute("aria-expanded", "true")
    page.reload()
    expect(page.locator("#nav-sidebar")).to_have_attribute("aria-expanded", "true")


def test_the_prefecture_filters_are_one_select_each(page, mic, entries):
    page.set_viewport_size(DESKTOP)
    sign_in(page, mic, path="/admin/login/?next=/admin/registry/registration/?q=株式会社")

    for label in ["出向可能都道府県（全国対応可能を含む）", "活動拠点"]:
        select = page.get_by_label(label, exact=True)
        expect(select).to_have_count(1)
        expect(select.locator("option")).to_have_count(48)
    # No prefecture is a link in the filter column any more.
    expect(page.locator("#changelist-filter a", has_text="北海道")).to_have_count(0)

    page.get_by_label("出向可能都道府県（全国対応可能を含む）", exact=True).select_option("東京都")
    page.locator("form.select-filter").first.get_by_role("button", name="絞り込む").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(2)  # the search is kept
    assert "dispatch_to=13" in page.url and "q=" in page.url
    expect(page.get_by_label("出向可能都道府県（全国対応可能を含む）", exact=True)).to_have_value(
        "13"
    )
    assert_accessible(page)

    page.goto("/admin/talent/specialist/")
    for label in ["現在お住まいの都道府県", "任用した都道府県"]:
        expect(page.get_by_label(label, exact=True).locator("option")).to_have_count(48)
    assert_accessible(page)


def test_the_filters_work_without_a_script(no_js_page, mic, entries):
    sign_in(no_js_page, mic, path="/admin/login/?next=/admin/registry/registration/")

    no_js_page.get_by_label("活動拠点", exact=True).select_option("北海道")
    no_js_page.locator("form.select-filter").nth(1).get_by_role("button", name="絞り込む").click()

    assert "based_in=01" in no_js_page.url


def test_the_lists_on_a_phone(phone_page, mic, entries, screenshot):
    phone_page.set_viewport_size(PHONE)
    sign_in(phone_page, mic, path="/admin/login/?next=/admin/registry/registration/")
    for name, (path, _) in LISTS.items():
        phone_page.goto(path)
        expect(phone_page.locator("#result_list tbody tr").first).to_be_visible()
        assert phone_page.evaluate("() => document.documentElement.scrollWidth - innerWidth") <= 0
        assert_accessible(phone_page)
        screenshot(phone_page, f"admin-{name}-list-375")
