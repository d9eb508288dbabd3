from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from portal.two_factor import backup_codes_issue
from tests.browser.helpers import BROWSER, assert_accessible
from tests.factories import make_prefecture_user, totp_device

pytestmark = BROWSER


def test_a_new_prefecture_user_enrols_an_authenticator_at_first_sign_in(page, screenshot):
    user = make_prefecture_user("first-time", "13")

    page.goto("/prefecture/companies/")
    page.get_by_label("ユーザー名").fill("first-time")
    page.get_by_label("パスワード").fill("pass-for-tests-only")
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name="2段階認証の設定")).to_be_visible()
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "two-factor-enrol")

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("認証アプリに表示されている6桁の数字").fill(f"{code:06d}")
    page.get_by_role("button", name="設定する").click()

    expect(page.get_by_role("heading", name="2段階認証の予備コード")).to_be_visible()
    expect(page.locator("#backup-codes li")).to_have_count(10)
    assert_accessible(page)
    screenshot(page, "two-factor-backup-codes")
    page.get_by_role("link", name="続ける").click()
    expect(page.get_by_role("heading", name="協力企業・団体一覧（東京都）")).to_be_visible()
    assert TOTPDevice.objects.get(user=user).confirmed


def test_a_backup_code_signs_in_when_the_phone_is_not_at_hand(page, screenshot):
    user = make_prefecture_user("no-phone", "13")
    totp_device(user)
    code = backup_codes_issue(user)[0]

    page.goto("/prefecture/companies/")
    page.get_by_label("ユーザー名").fill("no-phone")
    page.get_by_label("パスワード").fill("pass-for-tests-only")
    page.get_by_role("button", name="ログイン").click()
    page.get_by_text("認証アプリを使えない場合（予備コード）").click()
    page.get_by_label("予備コード（10文字）").fill("wrong-code0")
    page.get_by_role("button", name="予備コードを使う").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text(
        "使っていない予備コードを入力してください"
    )
    assert_accessible(page)
    screenshot(page, "two-factor-backup-code-error")

    page.wait_for_timeout(1100)  # django-otp refuses any attempt within a second of a failure
    page.get_by_label("予備コード（10文字）").fill(code)
    page.get_by_role("button", name="予備コードを使う").click()
    expect(page.get_by_role("heading", name="協力企業・団体一覧（東京都）")).to_be_visible()


# Live regions on the page: a message in one of them is said when it appears, besides the focus.
LIVE = "() => document.querySelectorAll('main [role=alert], main [aria-live], main [role=status]').length"


def test_a_wrong_password_and_a_wrong_code_take_the_focus_and_are_said_once(page):
    user = make_prefecture_user("wrong-code", "13")
    totp_device(user)

    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill("wrong-code")
    page.get_by_label("パスワード").fill("not-the-password")
    page.get_by_role("button", name="ログイン").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page.get_by_role("group", name="ログインできませんでした")).to_be_focused()
    expect(page.locator("main")).to_contain_text("ユーザー名またはパスワードが正しくありません")
    expect(page.locator("main .alert")).to_have_count(0)  # the form's own copy of the message
    assert page.evaluate(LIVE) == 0
    assert page.title().startswith("【ログインできませんでした】")
    assert_accessible(page)

    page.get_by_label("パスワード").fill("pass-for-tests-only")
    page.get_by_role("button", name="ログイン").click()
    page.get_by_label("認証アプリに表示されている6桁の数字").fill("000000")
    page.get_by_role("button", name="確認する").click()
    summary = page.get_by_role("group", name="確認できませんでした")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("確認できませんでした。最新の数字を入力してください")
    assert page.evaluate(LIVE) == 0
    summary.get_by_role("link").click()
    expect(page.get_by_label("認証アプリに表示されている6桁の数字")).to_be_focused()
    assert_accessible(page)
