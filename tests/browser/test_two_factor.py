from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.helpers import BROWSER, assert_accessible
from tests.factories import make_prefecture_user

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

    expect(page.get_by_role("heading", name="協力企業・団体一覧（東京都）")).to_be_visible()
    assert TOTPDevice.objects.get(user=user).confirmed
