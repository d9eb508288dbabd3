"""At 375 px every table on the staff and public pages reads well: no cell is narrower than its
longest unbreakable word (a receipt number, an appointment number, an e-mail address), and no
page scrolls sideways. Records stack into cards (`table-stack`); the wide table of counts
scrolls inside its own box (`table-scroll`)."""

from accelerators.models import Nomination
from matching.workflow import approaches_send
from portal.roles import MIC_GROUP
from tests.browser.helpers import BROWSER, DESKTOP, assert_accessible, sign_in
from tests.factories import (
    make_appointed,
    make_contracted_staffing,
    make_need,
    make_nomination,
    make_prefecture_user,
    make_registration,
    make_specialist,
    make_user,
    prefectures,
    reviewed,
)

pytestmark = BROWSER

# For each visible cell: its content width, and the widest run of printable ASCII in it (what a
# browser does not break once `overflow-wrap: anywhere` is gone), measured in the cell's own font.
# Japanese text may wrap between any two characters, so it is not a word here.
NARROW_CELLS = """() => {
  const probe = document.createElement("span");
  probe.style.cssText = "position:absolute;left:-9999px;top:0;white-space:nowrap;visibility:hidden";
  document.body.appendChild(probe);
  const narrow = [];
  for (const cell of document.querySelectorAll("table th, table td")) {
    const box = cell.getBoundingClientRect();
    const thead = cell.closest("thead");
    if (!box.width || (thead && getComputedStyle(thead).position === "absolute")) continue;
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const parent = walker.currentNode.parentElement;
      if (parent.closest(".visually-hidden")) continue;
      probe.style.font = getComputedStyle(parent).font;
      for (const word of walker.currentNode.textContent.match(/[!-~]+/g) || []) {
        probe.textContent = word;
        const width = probe.getBoundingClientRect().width;
        if (width > room + 0.5) narrow.push({word, width, room, table: cell.closest("table").id});
      }
    }
  }
  probe.remove();
  return narrow;
}"""
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


def _demo_data():
    """A prefecture's staff and what they would see: demo-like companies, people and records."""
    user = make_prefecture_user("hokkaido-tables", "01")
    hokkaido = prefectures("01")
    companies = [
        reviewed(
            make_registration(
                company_name=name,
                email=email,
                dispatch_prefectures=hokkaido,
                website="https://www.example.co.jp/gov",
            ),
            publish=True,
        )
        for name, email in [
            ("株式会社デジタルパートナーズ北海道", "hanako.tanaka@example.co.jp"),
            ("一般社団法人自治体クラウド推進機構", "dx-support@kyokai.example.or.jp"),
        ]
    ]
    appointed = make_appointed("01", name="札幌　一郎")
    Nomination.objects.filter(pk=appointed.pk).update(appointment_number="DXA-2026-0001")
    make_nomination("01", name="函館　二郎")
    make_contracted_staffing("01", persons=2, note="道内の市町村向けに業務委託（令和8年度）")
    make_specialist(
        status="listed", name="候補　花子", desired_prefectures=["01"], email="kouho@example.jp"
    )
    need = make_need("01", by=user, title="窓口DXとフロントヤード改革の推進")
    approaches_send(need=need, by=user, registration_ids=[companies[0].pk])
    return user, need


def test_no_table_cell_is_narrower_than_its_longest_word_on_a_phone(phone_page, screenshot):
    user, need = _demo_data()
    pages = {
        "companies": "/companies/",
        "prefecture-companies": "/prefecture/companies/",
        "accelerators": "/accelerators/",
        "contracted": "/accelerators/contracted/",
        "dashboard": "/accelerators/dashboard/",
        "talent-staff": "/talent/staff/",
        "needs": "/matching/",
        "need-detail": f"/matching/needs/{need.pk}/",
        "funnel": "/matching/funnel/",
    }
    sign_in(phone_page, user)
    for name, path in pages.items():
        phone_page.set_viewport_size({"width": 375, "height": 812})
        phone_page.goto(path)
        assert phone_page.locator("table").count(), path
        assert phone_page.evaluate(NARROW_CELLS) == [], path
        assert phone_page.evaluate(SIDEWAYS) <= 0, path
        assert_accessible(phone_page)
        screenshot(phone_page, f"table-{name}-phone")
        phone_page.set_viewport_size(DESKTOP)
        assert phone_page.evaluate(NARROW_CELLS) == [], path
        screenshot(phone_page, f"table-{name}-desktop")


def test_the_tables_that_only_mic_staff_see_fit_a_phone_too(phone_page, screenshot):
    _demo_data()
    mic = make_user("mic-tables", groups=[MIC_GROUP])
    sign_in(phone_page, mic)
    for name, path in {
        "funnel": "/matching/funnel/",
        "dashboard": "/accelerators/dashboard/",
    }.items():
        phone_page.goto(path)
        assert phone_page.evaluate(NARROW_CELLS) == [], path
        assert phone_page.evaluate(SIDEWAYS) <= 0, path
        assert_accessible(phone_page)
        screenshot(phone_page, f"table-{name}-mic-phone")


def test_a_stacked_record_shows_each_value_under_its_column_name(phone_page):
    _demo_data()
    phone_page.goto("/companies/")
    first = phone_page.locator("#companies tbody tr").first
    website = first.locator("td").last
    label = website.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"実績紹介サイトのURL"'
    assert first.bounding_box()["width"] <= 375


def test_the_contact_address_and_phone_stay_whole_on_a_phone(phone_page):
    """The footer and the complete page's contact point: an address split after its hyphen
    ("jinzai-" / "pool@…") is copied wrong."""
    for path in ["/", "/privacy/"]:
        phone_page.goto(path)
        parts = phone_page.locator(".keep-whole")
        assert parts.count() >= 2, path
        for index in range(parts.count()):
            lines = parts.nth(index).evaluate("element => element.getClientRects().length")
            assert lines == 1, (path, parts.nth(index).inner_text())
        assert phone_page.evaluate(SIDEWAYS) <= 0, path
