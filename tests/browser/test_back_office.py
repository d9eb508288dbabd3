from playwright.sync_api import expect

from portal.roles import MIC_GROUP, roles_apply
from registry.models import Registration
from tests.browser.helpers import BROWSER, assert_accessible, sign_in
from tests.factories import make_registration, make_user

pytestmark = BROWSER


def test_mic_staff_review_and_publish_a_registration(page, screenshot):
    roles_apply()
    user = make_user("mic-browser", groups=[MIC_GROUP])
    user.set_password("browser-test-password")
    user.save()
    make_registration(company_name="公開予定株式会社", email="kokai@example.jp")
    make_registration(
        company_name="別の会社",
        email="betsu@example.jp",
        secondment="no",
        base_prefectures=[],
        dispatch_prefectures=[],
        work_styles=[],
        periods=[],
    )

    sign_in(page, user, password="browser-test-password", path="/admin/login/?next=/admin/")
    page.get_by_role("link", name="協力企業・団体の登録").first.click()
    page.get_by_role("link", name="協力企業・団体として登録を希望する").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    screenshot(page, "admin-changelist")

    page.locator("#result_list tbody tr").first.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("confirm_selected")
    page.get_by_role("button", name="実行").click()
    number = Registration.objects.get(company_name="公開予定株式会社").receipt_number
    expect(page.get_by_text(f"{number} を「確認済」に変更しました。")).to_be_visible()
    page.locator("#result_list tbody tr").first.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("publish_selected")
    page.get_by_role("button", name="実行").click()
    expect(page.get_by_text(f"{number} を「掲載」に変更しました。")).to_be_visible()
    assert Registration.objects.get(company_name="公開予定株式会社").status == "published"

    page.goto("/companies/")
    assert page.locator("#companies tbody tr").count() == 1
    expect(page.get_by_role("rowheader", name="公開予定株式会社")).to_be_visible()
    assert "kokai@example.jp" not in page.content()
    assert_accessible(page)
    screenshot(page, "companies-desktop")
