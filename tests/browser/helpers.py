from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

# Every browser test module sets `pytestmark = BROWSER`.
BROWSER = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

# WCAG 2.2 A/AA on every page the browser tests check, public and staff alike (2.2 adds the
# target size; axe tags the rules of each version separately, so all five tags are needed).
WCAG_22_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    }
}


def assert_accessible(page):
    """axe-core with the WCAG 2.2 A/AA rules finds nothing on the current page."""
    results = Axe().run(page, options=WCAG_22_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def open_region(container, region):
    """Open a closed region of prefectures (a <details>), as a person clicks its name."""
    details = container.locator("details.region-group").filter(
        has=container.page.locator("summary", has_text=region)
    )
    if details.first.get_attribute("open") is None:
        details.first.locator("summary").click()


def choose_prefectures(container, *names):
    """Tick prefectures in a question, opening each one's region first."""
    for name in names:
        box = container.get_by_label(name, exact=True)
        details = container.locator("details.region-group").filter(
            has=container.page.get_by_label(name, exact=True)
        )
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        box.check()


def choose_month(page, name, value):
    """Pick "YYYY-MM" in a year-and-month pair of selects (portal.widgets.YearMonthSelect)."""
    year, month = value.split("-")
    page.locator(f"#id_{name}").select_option(year)
    page.locator(f"#id_{name}_month").select_option(month)


def fill_contact(page, company="株式会社ブラウザテスト"):
    page.get_by_role("textbox", name="企業名・団体名").fill(company)
    page.get_by_role("textbox", name="担当部署").fill("デジタル推進部")
    page.get_by_label("お名前", exact=True).fill("試験　花子")
    page.get_by_label("ふりがな", exact=True).fill("しけん　はなこ")
    page.get_by_role("textbox", name="メールアドレス").fill("hanako@example.co.jp")
    page.get_by_role("textbox", name="電話番号").fill("０３－１２３４－５６７８")


def fill_closing(page):
    page.get_by_label("自治体向けの活動内容を示す実績紹介サイト・SNS等").fill(
        "https://example.co.jp/gov"
    )
    page.get_by_label("備考欄／自治体向けのメッセージを記入ください。").fill(
        "よろしくお願いします。"
    )
    page.locator("#id_privacy_consent").check()


def sign_in(page, user, *, password="pass-for-tests-only", path="/accounts/login/"):
    """Sign in through the login form and the second-factor page, as staff do."""
    from tests.factories import totp_device, totp_now

    totp_device(user)  # enrolled before signing in, so the server asks to verify, not to enrol
    page.goto(path)
    page.get_by_label("ユーザー名").fill(user.get_username())
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.get_by_label("認証アプリに表示されている6桁の数字").fill(totp_now(user))
    page.get_by_role("button", name="確認する").click()


def screenshot_save(page, **options):
    """page.screenshot(**options), taken once more if Chromium could not capture it.

    Headless Chromium now and then answers a full-page capture with "Unable to capture
    screenshot" while the machine is busy (seen once in CI, on a page that had just passed axe);
    the picture is for people to look at, so it is taken again after a few frames.
    """
    try:
        return page.screenshot(**options)
    except PlaywrightError as error:
        if "Unable to capture screenshot" not in str(error):
            raise
        page.wait_for_timeout(250)
        return page.screenshot(**options)
