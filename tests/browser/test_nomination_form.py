from playwright.sync_api import expect

from tests.browser.helpers import BROWSER, assert_accessible, sign_in
from tests.factories import make_prefecture_user

pytestmark = BROWSER

# The labels that show the 必須 mark (drawn by site.css after crispy's requiredField labels).
MARKED = """() => [...document.querySelectorAll('#nomination-form label')]
    .filter(label => getComputedStyle(label, '::after').content === '"必須"')
    .map(label => label.innerText.trim())"""


def _new_nomination(page):
    sign_in(page, make_prefecture_user("pref-form", "01"))
    page.goto("/accelerators/new/")


def test_only_what_a_draft_needs_shows_required(page, screenshot):
    _new_nomination(page)

    assert page.evaluate(MARKED) == ["氏名", "ふりがな", "任用形態", "任用開始日"]
    expect(page.get_by_role("group", name="合格 1（任意）")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "nomination-form-desktop")

    page.get_by_label("氏名").fill("試験　花子")
    page.get_by_label("ふりがな").fill("しけん　はなこ")
    page.get_by_label("任用形態").select_option(label="任期付職員")
    page.get_by_label("任用開始日").fill("2026-04-01")
    page.get_by_role("button", name="下書きとして保存").click()
    expect(page.locator("#nomination-status")).to_have_text("下書き")


def test_the_nomination_form_on_a_phone(phone_page, screenshot):
    _new_nomination(phone_page)

    assert phone_page.evaluate(MARKED) == ["氏名", "ふりがな", "任用形態", "任用開始日"]
    assert_accessible(phone_page)
    screenshot(phone_page, "nomination-form-phone")
