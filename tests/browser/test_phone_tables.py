"""At 1280 and 375 px every table on the staff and public pages reads well: no cell is narrower
than its longest word (a receipt number, an e-mail address, 「7名」, 「人数」), and no page
scrolls sideways. Records stack into cards (`table-stack`); the wide table of counts
scrolls inside its own box (`table-scroll`)."""

from datetime import timedelta

from django.db.models import F

from accelerators.models import Nomination
from matching.models import Need, Outcome
from matching.workflow import approach_outcome, approaches_send
from portal.roles import MIC_GROUP
from tests.browser.helpers import BROWSER, DESKTOP, PHONE, assert_accessible, sign_in
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

# For each visible cell (and caption): its content width, and the width of each word in it, measured unbroken
# in the text's own font: the probe is put inside the text's own element, so it inherits the size,
# weight, letter spacing and font features (getComputedStyle(...).font is "" in Chromium once a
# font feature is set, and a probe given that font measured in the page's 16 px instead). A word is a run of printable ASCII (a receipt number, an address: what
# a browser would otherwise break after a hyphen), a number with its unit (「7名」, 「12件」), or
# a Japanese word as the browser's own dictionary (Intl.Segmenter) finds it (「人数」, 「市町村」):
# Japanese may wrap between any two characters, but a word split over two lines reads wrong.
NARROW_CELLS = """() => {
  const probe = document.createElement("span");
  probe.style.cssText = "position:absolute;left:0;top:0;white-space:nowrap;visibility:hidden";
  const segmenter = new Intl.Segmenter("ja", {granularity: "word"});
  const TOKENS = /[!-~]+[名人件年月日時分歳円%％]?|[^\\s!-~]+/g;
  function words(text) {
    const found = [];
    for (const token of text.match(TOKENS) || []) {
      if (/^[!-~]/.test(token)) { found.push(token); continue; }
      for (const part of segmenter.segment(token)) if (part.isWordLike) found.push(part.segment);
    }
    return found;
  }
  const narrow = [];
  for (const cell of document.querySelectorAll("table caption, table th, table td")) {
    const box = cell.getBoundingClientRect();
    const thead = cell.closest("thead");
    if (!box.width || (thead && getComputedStyle(thead).position === "absolute")) continue;
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const parent = walker.currentNode.parentElement;
      if (parent.closest(".visually-hidden")) continue;
      const text = walker.currentNode.textContent;
      for (const word of words(text)) {
        probe.textContent = word;
        parent.appendChild(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        if (width > room + 0.5) {
          narrow.push({word, width: Math.round(width), room: Math.round(room),
                       table: cell.closest("table").id || cell.closest("table").className});
        }
      }
    }
  }
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
                work_styles=["work_full_time", "work_part_time", "work_on_request"],
                website="https://www.example.co.jp/gov",
            ),
            publish=True,
        )
        for name, email in [
            # An address with a hyphen, as long as the demo's: split after the hyphen, it is
            # copied wrong.
            ("株式会社デジタルパートナーズ北海道", "shiraishi@sapporo-cloud.example.jp"),
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
    make_need("01", by=user, status="draft", title="庁内ネットワークの更改と情報セキュリティ対策")
    approaches_send(need=need, by=user, registration_ids=[companies[0].pk])
    # A hire 48 days after the need opened: the funnel shows 「48日」, a number with its unit.
    approach_outcome(
        approach=need.approaches.get(), by=user, outcome=Outcome.HIRED, seconded_count=2
    )
    Need.objects.filter(pk=need.pk).update(opened_at=F("opened_at") - timedelta(days=48))
    return user, need


def _staff_pages(need):
    return {
        "companies": "/companies/",
        "prefecture-companies": "/prefecture/companies/",
        "accelerators": "/accelerators/",
        "contracted": "/accelerators/contracted/",
        "dashboard": "/accelerators/dashboard/",
        "talent-staff": "/talent/staff/",
        "needs": "/matching/",
        "need-detail": f"/matching/needs/{need.pk}/",
        "approaches": "/matching/approaches/?sort=follow_up",
        "funnel": "/matching/funnel/",
    }


# 総務省's pages, and the admin's lists that 総務省 works in every day: squeezed between the app
# menu and the filter at 1280 px, their Japanese must still break between words only.
MIC_PAGES = {
    "funnel-mic": "/matching/funnel/",
    "dashboard-mic": "/accelerators/dashboard/",
    "needs-mic": "/matching/",
    "approaches-mic": "/matching/approaches/",
    **{
        f"admin-{path.split('/')[3]}": path
        for path in [
            "/admin/registry/registration/",
            "/admin/registry/outgoingmail/",
            "/admin/talent/specialist/",
            "/admin/matching/need/",
            "/admin/matching/approach/",
            "/admin/matching/approachmail/",
            "/admin/accelerators/nomination/",
        ]
    },
}


def _every_table(page, screenshot, size):
    """One journey: every staff page with a table, as a prefecture and as 総務省, at one width.
    Collects every cell narrower than a word in it, so that one run shows them all."""
    user, need = _demo_data()
    mic = make_user("mic-tables", groups=[MIC_GROUP])
    page.set_viewport_size(size)
    narrow = {}
    for person, pages in [(user, _staff_pages(need)), (mic, MIC_PAGES)]:
        page.context.clear_cookies()
        sign_in(page, person)
        for name, path in pages.items():
            page.goto(path)
            assert page.locator("table").count(), path
            if found := page.evaluate(NARROW_CELLS):
                narrow[name] = found
            assert page.evaluate(SIDEWAYS) <= 0, path
            assert_accessible(page)
            screenshot(page, f"table-{name}-{size['width']}")
    assert narrow == {}, narrow


def test_no_table_cell_is_narrower_than_its_longest_word_at_1280_px(page, screenshot):
    _every_table(page, screenshot, DESKTOP)


def test_no_table_cell_is_narrower_than_its_longest_word_on_a_phone(phone_page, screenshot):
    _every_table(phone_page, screenshot, PHONE)


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
