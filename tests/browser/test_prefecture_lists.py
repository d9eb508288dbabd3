import openpyxl
from playwright.sync_api import expect

from portal.models import Prefecture
from registry.exports import LIST_SHEET
from tests.browser.helpers import BROWSER, assert_accessible, sign_in
from tests.factories import make_prefecture_user, make_registration, reviewed

pytestmark = BROWSER


def test_a_prefecture_user_filters_and_downloads_the_listed_rows(page, screenshot, tmp_path):
    user = make_prefecture_user("hokkaido-browser", "01")
    hokkaido = list(Prefecture.objects.filter(code="01"))
    reviewed(
        make_registration(
            company_name="道内常勤株式会社", email="a@example.jp", dispatch_prefectures=hokkaido
        )
    )
    reviewed(
        make_registration(
            company_name="道内非常勤株式会社",
            email="b@example.jp",
            dispatch_prefectures=hokkaido,
            work_styles=["work_part_time"],
            work_days=["days_week_1_2"],
        )
    )
    reviewed(
        make_registration(
            company_name="全国株式会社",
            email="c@example.jp",
            dispatch_scope=["dispatch_nationwide"],
            dispatch_prefectures=[],
        )
    )
    make_registration(
        company_name="未確認株式会社", email="d@example.jp", dispatch_prefectures=hokkaido
    )
    assert user.prefecture_membership.prefecture.name == "北海道"

    page.goto("/accounts/login/")
    assert_accessible(page)
    sign_in(page, user)
    expect(page.get_by_role("heading", name="北海道のページ")).to_be_visible()
    page.get_by_role("link", name="企業・団体の一覧・Excel出力").click()
    expect(page.locator("#companies tbody tr")).to_have_count(3)

    page.get_by_text("絞り込み・並び順").click()
    page.get_by_label("貴都道府県を出向可能先として指定した企業・団体のみ").check()
    page.locator("#company-filter").get_by_label("常勤", exact=True).check()
    page.get_by_role("button", name="この条件で表示").click()
    expect(page.locator("#companies tbody tr")).to_have_count(1)
    listed = page.locator("#companies tbody th").all_inner_texts()
    assert_accessible(page)
    screenshot(page, "prefecture-companies-desktop")

    with page.expect_download() as download_info:
        page.locator("#download-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.startswith("協力企業一覧_北海道_")
    path = tmp_path / "list.xlsx"
    download.save_as(path)

    rows = list(openpyxl.load_workbook(path)[LIST_SHEET].iter_rows(min_row=2, values_only=True))
    assert [f"{row[1]}\n{row[0]}" for row in rows] == listed
    assert [row[1] for row in rows] == ["道内常勤株式会社"]
