"""Staff sign in at /accounts/login/ and land on their home; a prefecture opens a company's page.
The second-factor page shows no staff menu yet. Screenshots at 1280 and 375 px."""

from portal.roles import MIC_GROUP, roles_apply
from tests.browser.helpers import BROWSER, PHONE, assert_accessible, sign_in
from tests.factories import (
    make_nomination,
    make_prefecture_user,
    make_registration,
    make_user,
    prefectures,
    reviewed,
    totp_device,
)

pytestmark = BROWSER
PASSWORD = "pass-for-tests-only"


def _both_sizes(page, screenshot, name):
    assert_accessible(page)
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    screenshot(page, f"{name}-phone")


def test_mic_staff_land_on_the_mic_home_with_the_queues(page, screenshot):
    roles_apply()
    mic = make_user("mic-home", groups=[MIC_GROUP])
    mic.set_password(PASSWORD)
    mic.save()
    make_registration()
    make_nomination("01", status="submitted")

    sign_in(page, mic)

    page.wait_for_url("**/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "総務省のページ"
    page.get_by_role("link", name="受付 1件").first.click()
    page.wait_for_url("**/admin/registry/registration/?status__exact=received")
    page.go_back()
    _both_sizes(page, screenshot, "staff-home-mic")


def test_a_prefecture_opens_a_company_with_all_its_answers(page, screenshot):
    company = reviewed(
        make_registration(company_name="北の協力株式会社", dispatch_prefectures=prefectures("01")),
        publish=True,
    )
    sign_in(page, make_prefecture_user("hokkaido-home", "01"))

    page.wait_for_url("**/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "北海道のページ"
    _both_sizes(page, screenshot, "staff-home-prefecture")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="企業・団体の一覧・Excel出力").click()
    page.get_by_role("link", name="北の協力株式会社").click()

    page.wait_for_url(f"**/prefecture/companies/{company.pk}/")
    answers = page.locator(".answers")
    assert answers.locator("dt").count() == 16
    assert "北海道" in answers.inner_text()
    _both_sizes(page, screenshot, "prefecture-company")


def test_the_second_factor_page_shows_no_staff_menu(page, screenshot):
    user = make_prefecture_user("menu-before-2fa", "01")
    totp_device(user)
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.get_username())
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    page.wait_for_url("**/accounts/2fa/**")
    menu = page.get_by_role("navigation", name="職員メニュー")
    assert menu.get_by_role("link").count() == 0
    assert menu.get_by_role("button", name="ログアウト").is_visible()
    assert "お問い合わせ先" in page.locator("main").inner_text()
    _both_sizes(page, screenshot, "two-factor")
