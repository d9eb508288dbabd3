"""A prefecture's staff member opens the mail settings from /staff/, chooses by keyboard and
saves; the page passes axe at 1280 and 375 px, with and without its error summary."""

from portal.models import NotificationPreference
from tests.browser.helpers import BROWSER, PHONE, assert_accessible, sign_in
from tests.factories import make_prefecture_user

pytestmark = BROWSER


def test_a_prefecture_user_chooses_how_to_hear_of_replies(page, screenshot):
    user = make_prefecture_user("hokkaido-mails", "01")
    user.email = "hokkaido-mails@example.go.jp"
    user.save()
    sign_in(page, user)
    page.wait_for_url("**/staff/")
    page.get_by_role("link", name="お知らせメールの受け取り方").click()
    page.wait_for_url("**/staff/notifications/")
    assert_accessible(page)
    screenshot(page, "notification-settings-desktop")

    group = page.get_by_role("group", name="打診への返答")
    group.get_by_label("毎日のまとめ").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="保存する").click()
    page.get_by_role("status").wait_for()
    assert "保存しました" in page.get_by_role("status").inner_text()
    assert NotificationPreference.objects.get(user=user, kind="matching.reply").delivery == "digest"

    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    screenshot(page, "notification-settings-phone")
