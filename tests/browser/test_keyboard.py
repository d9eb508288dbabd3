"""Keyboard only: a typical registration reaches 確認画面へ進む in at most 45 presses of Tab.

Each region of prefectures is a closed <details>; an open region is one Tab stop whose boxes the
arrow keys move between. The walk presses Tab, types into text boxes, and presses Space or Enter
where a person would, counting only the Tabs.
"""

from registry.models import Registration
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
CHOSEN = ["東京都", "神奈川県"]  # in 問7 and in 問8

FOCUSED = """() => {
  const el = document.activeElement;
  const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
  return {tag: el.tagName, name: el.name || "", text: el.textContent.trim(),
          label: label ? label.textContent.trim() : ""};
}"""


def _choose_in_open_region(page, names):
    """Inside an open region: arrow to each prefecture and press Space (no Tab needed)."""
    for _ in range(12):
        label = page.evaluate(FOCUSED)["label"]
        if label in names:
            page.keyboard.press("Space")
        if label == names[-1]:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{names} not reached with the arrow keys")


def test_a_typical_answer_reaches_the_submit_button_in_45_tabs(page):
    page.goto("/register/")
    tabs = 0
    while tabs < 100:
        page.keyboard.press("Tab")
        tabs += 1
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "BUTTON" and "確認画面へ進む" in focused["text"]:
            break
        if focused["name"] in TYPED:
            page.keyboard.type(TYPED[focused["name"]])
        elif focused["tag"] == "SUMMARY" and focused["text"].startswith("関東"):
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")  # into the region: its one Tab stop
            tabs += 1
            _choose_in_open_region(page, CHOSEN)
        elif key := PRESSED.get((focused["name"], focused["label"])) or PRESSED.get(
            (focused["name"], None)
        ):
            page.keyboard.press(key)

    assert tabs <= 45, tabs
    page.keyboard.press("Enter")
    page.wait_for_url("**/register/confirm/?draft=*")
    page.get_by_role("button", name="この内容で登録する").click()
    page.wait_for_url("**/register/complete/?draft=*")
    registration = Registration.objects.get()
    assert sorted(p.name for p in registration.base_prefectures.all()) == sorted(CHOSEN)
    assert sorted(p.name for p in registration.dispatch_prefectures.all()) == sorted(CHOSEN)


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
