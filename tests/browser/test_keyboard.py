"""Keyboard only: the issue's typical registration reaches 確認画面へ進む in at most 45 presses of
Tab (53 when every region name was its own Tab stop).

The prefectures of one question (問7, 問8) are one Tab stop: the arrow keys move between its
boxes (「全国対応可能」…), the region names and, inside an open region, its boxes; Enter opens a
region, Space ticks a box. The
walk presses Tab, types into text boxes, and presses Space, Enter or the arrows where a person
would, counting only the Tabs. Where the arrows do not move on (the page before the change), it
presses Tab instead, and counts it.
"""

import re
from datetime import date

from playwright.sync_api import expect

from registry.models import Registration
from talent.models import Specialist
from tests.browser.helpers import BROWSER

pytestmark = BROWSER
TYPED = {
    "company_name": "株式会社キーボード",
    "department": "DX推進部",
    "contact_name": "鍵盤　太郎",
    "contact_name_kana": "けんばん　たろう",
    "email": "keyboard@example.co.jp",
    "phone": "03-1234-5678",
    "website": "example.co.jp",
    "message": "よろしくお願いします。",
}
PRESSED = {  # (name, label) -> the key a person presses there
    ("secondment", "協力企業・団体として登録を希望する"): "Space",
    ("work_styles", "常勤"): "Space",
    ("periods", "1～3年"): "Space",
    ("retiree_outreach", "周知可能"): "Space",
    ("privacy_consent", None): "Space",
}
# 問7 = 関東 (all) + 北海道, 問8 = 東北 (all) + 東京都: (region, what to tick there)
CHOSEN = {
    "問7": [("北海道", "北海道"), ("関東", "関東をすべて選択")],
    "問8": [("東北", "東北をすべて選択"), ("関東", "東京都")],
}

FOCUSED = """() => {
  const el = document.activeElement;
  const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
  const question = el.closest(".question");
  const number = question && question.querySelector(".question-number");
  const region = el.closest("details.region-group");
  return {tag: el.tagName, name: el.name || "", text: el.textContent.trim(),
          label: label ? label.textContent.trim() : "",
          question: number ? number.textContent.trim() : "",
          region: region ? region.querySelector(".region-name").textContent.trim() : "",
          regions: !!(question && question.querySelector("details.region-group")),
          open: region ? region.open : false};
}"""
# Whether the focus moved on, in the order of the page, since `window.__before` was noted.
NOTE = "() => { window.__before = document.activeElement; }"
MOVED_ON = """() => {
  const before = window.__before, now = document.activeElement;
  return now !== before && !!(before.compareDocumentPosition(now) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


class Walk:
    def __init__(self, page):
        self.page = page
        self.tabs = 0

    def tab(self):
        self.page.keyboard.press("Tab")
        self.tabs += 1
        return self.page.evaluate(FOCUSED)

    def on(self):
        """The next thing in the question: the arrow key, or Tab where the arrows do not go."""
        self.page.evaluate(NOTE)
        self.page.keyboard.press("ArrowDown")
        if not self.page.evaluate(MOVED_ON):
            self.page.evaluate("() => window.__before.focus()")
            self.tab()
        return self.page.evaluate(FOCUSED)

    def choose(self, focused, chosen):
        """From the question's first stop: open each region and tick what is chosen there."""
        for region, label in chosen:
            for _ in range(60):
                if focused["tag"] == "SUMMARY" and focused["region"] == region:
                    break
                focused = self.on()
            if not focused["open"]:
                self.page.keyboard.press("Enter")
            for _ in range(12):
                focused = self.on()
                if focused["label"] == label:
                    break
            assert focused["label"] == label, (region, label, focused)
            self.page.keyboard.press("Space")
        return focused


def test_a_typical_answer_reaches_the_submit_button_in_45_tabs(page):
    page.goto("/register/")
    walk = Walk(page)
    done = set()
    while walk.tabs < 100:
        focused = walk.tab()
        if focused["tag"] == "BUTTON" and "確認画面へ進む" in focused["text"]:
            break
        question = focused["question"]
        if focused["regions"] and question in CHOSEN and question not in done:
            walk.choose(focused, CHOSEN[question])
            done.add(question)
        elif focused["name"] in TYPED:
            page.keyboard.type(TYPED[focused["name"]])
        elif key := PRESSED.get((focused["name"], focused["label"])) or PRESSED.get(
            (focused["name"], None)
        ):
            page.keyboard.press(key)

    assert done == set(CHOSEN)
    assert walk.tabs <= 45, walk.tabs
    page.keyboard.press("Enter")
    page.wait_for_url("**/register/confirm/?draft=*")
    page.get_by_role("button", name="この内容で登録する").click()
    page.wait_for_url("**/register/complete/?draft=*")
    registration = Registration.objects.get()
    base = {p.name for p in registration.base_prefectures.all()}
    dispatch = {p.name for p in registration.dispatch_prefectures.all()}
    assert base == {
        "北海道",
        "茨城県",
        "栃木県",
        "群馬県",
        "埼玉県",
        "千葉県",
        "東京都",
        "神奈川県",
    }
    assert dispatch == {"青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "東京都"}


def test_regions_are_closed_until_they_hold_a_choice_and_count_it(page):
    page.goto("/register/")
    page.get_by_label("協力企業・団体として登録を希望する").check()
    q7 = page.locator("#secondment-questions .question").nth(0)
    kanto = q7.locator("details.region-group").nth(2)
    assert kanto.get_attribute("open") is None
    assert q7.get_by_label("東京都").is_hidden()

    kanto.locator("summary").click()
    # 「すべて選択」 is the first thing inside.
    first = kanto.locator("input[type=checkbox]").first
    assert first.get_attribute("id").endswith("-all")
    q7.get_by_label("東京都").check()
    assert "（1件選択）" in kanto.locator("summary").inner_text()

    page.get_by_role("button", name="確認画面へ進む").click()  # other answers are missing
    page.wait_for_load_state()
    assert (
        page.locator("#secondment-questions .question")
        .nth(0)
        .locator("details.region-group[open]")
        .count()
        == 1
    )  # the region holding the choice comes back open, the others closed


def test_regions_work_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/register/")
    q7 = page.locator("#secondment-questions .question").nth(0)
    q7.locator("details.region-group summary", has_text="近畿").click()

    q7.get_by_label("大阪府").check()

    assert q7.get_by_label("大阪府").is_checked()
    assert (
        q7.get_by_label("近畿をすべて選択").count() == 0
        or q7.get_by_label("近畿をすべて選択").is_hidden()
    )


# /talent/register/: a typical entry (2 experiences, 1 exam, 3 得意分野), by the keyboard.
TALENT_TYPED = {
    "name": "鍵盤　花子",
    "name_kana": "けんばん　はなこ",
    "email": "hanako.keyboard@example.jp",
    "experiences-0-role": "システムエンジニア",
    "experiences-1-role": "市役所のDX推進担当",
    "exams-0-year": "2020",
    "self_pr": "窓口のDXを進めてきました。",
}
# A person opens a <select> and picks; no Tab is pressed there, so picking is done directly.
TALENT_SELECTED = {
    "residence": {"label": "東京都"},
    "experiences-0-organisation_type": {"value": "company"},
    "experiences-0-started_on_year": {"value": "2012"},
    "experiences-0-started_on_month": {"value": "04"},
    "experiences-0-ended_on_year": {"value": "2018"},
    "experiences-0-ended_on_month": {"value": "03"},
    "experiences-1-organisation_type": {"value": "local_government"},
    "experiences-1-started_on_year": {"value": "2018"},
    "experiences-1-started_on_month": {"value": "04"},
    "exams-0-exam": {"value": "ST"},
}
TALENT_PRESSED = {  # (name, label): Space
    ("situation", "求職中"),
    ("work_styles", "任期付職員"),
    ("start", "すぐに"),
}
SPECIALTIES = 3  # the first three boxes of 得意分野 (none of them 「その他」)


def test_a_typical_talent_entry_reaches_the_submit_button_in_50_tabs(page):
    page.goto("/talent/register/")
    assert page.locator("#start-month").is_hidden()
    assert page.locator("[data-row]:visible").count() == 3  # 2 experiences, 1 exam
    walk = Walk(page)
    done, specialties = set(), 0
    while walk.tabs < 150:
        focused = walk.tab()
        if focused["tag"] == "BUTTON" and "確認画面へ進む" in focused["text"]:
            break
        name = focused["name"]
        if focused["regions"] and "desired" not in done:
            walk.choose(focused, [("北海道", "北海道")])
            done.add("desired")
        elif name in TALENT_TYPED:
            page.keyboard.type(TALENT_TYPED[name])
        elif name in TALENT_SELECTED:
            page.locator(":focus").select_option(**TALENT_SELECTED[name])
        elif (name, focused["label"]) in TALENT_PRESSED or name == "privacy_consent":
            page.keyboard.press("Space")
        elif name == "specialties" and specialties < SPECIALTIES:
            page.keyboard.press("Space")
            specialties += 1

    assert walk.tabs <= 50, walk.tabs
    # More blocks on request; Enter in a field still goes to the confirmation.
    page.get_by_role("button", name="経験をもう1つ追加").click()
    expect(page.locator("#id_experiences-2-organisation_type")).to_be_focused()
    page.locator("#id_name").press("Enter")
    page.wait_for_url("**/talent/register/confirm/?draft=*")
    answers = page.locator(".answers").inner_text()
    assert "民間企業・システムエンジニア（2012年4月～2018年3月）" in answers
    assert "ITストラテジスト試験" in answers
    page.get_by_role("button", name="この内容で登録する").click()
    page.wait_for_url("**/talent/register/complete/?draft=*")
    specialist = Specialist.objects.get()
    assert specialist.experiences.count() == 2
    assert specialist.specialties.count() == SPECIALTIES
    assert specialist.available_now and specialist.available_from is None


def test_the_start_month_appears_when_a_month_is_chosen(page):
    page.goto("/talent/register/")
    page.get_by_label("年月を指定する").check()
    expect(page.locator("#start-month")).to_be_visible()
    # Each select is named by the question and its unit.
    year = page.get_by_role("combobox", name=re.compile(r"^勤務を始められる年月.*年$"))
    year.select_option(str(date.today().year + 1))
    month = page.get_by_role("combobox", name=re.compile(r"^勤務を始められる年月の\s*月$"))
    month.select_option("04")
    page.get_by_label("すぐに").check()
    expect(page.locator("#start-month")).to_be_hidden()
