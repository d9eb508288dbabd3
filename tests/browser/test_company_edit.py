import re

from django.core import mail
from playwright.sync_api import expect

from portal.roles import MIC_GROUP, roles_apply
from tests.browser.helpers import (
    BROWSER,
    assert_accessible,
    choose_prefectures,
    fill_closing,
    fill_contact,
    sign_in,
)
from tests.factories import make_user

pytestmark = BROWSER


def test_a_company_changes_q9_through_the_link_in_its_receipt_mail(
    page, browser, live_server, screenshot
):
    page.goto("/register/")
    fill_contact(page, company="リンク編集株式会社")
    page.get_by_label("協力企業・団体として登録を希望する").check()
    choose_prefectures(page.locator("#secondment-questions .question").nth(0), "北海道")
    page.locator("#dispatch-question").get_by_label("全国対応可能").check()
    page.get_by_label("常勤", exact=True).check()
    fill_closing(page)
    page.get_by_role("button", name="確認画面へ進む").click()
    page.get_by_role("button", name="この内容で登録する").click()
    page.wait_for_url("**/register/complete/?draft=*")

    receipt = next(m for m in mail.outbox if "受け付けました" in m.subject)
    link = re.search(r"https?://\S+(/register/edit/\S+/)", receipt.body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", name="登録内容の変更")).to_be_visible()
    assert page.get_by_label("常勤", exact=True).is_checked()
    assert_accessible(page)
    page.get_by_label("非常勤", exact=True).check()
    page.locator("#work-days-question").get_by_label("月2～3日程度").check()
    page.get_by_role("button", name="確認画面へ進む").click()
    assert "常勤\n非常勤\n" in page.locator(".answers").inner_text()
    page.get_by_role("button", name="この内容で変更する").click()
    expect(page.get_by_role("heading", name="登録内容の変更を受け付けました")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "edit-complete")
    assert page.goto(link).status == 403  # the old link stopped working

    roles_apply()
    mic = make_user("mic-history", groups=[MIC_GROUP])
    mic.set_password("pass-for-tests-only")
    mic.save()
    sign_in(page, mic, path="/admin/login/?next=/admin/")
    page.goto("/admin/registry/registration/")
    page.get_by_role("link", name="リンク編集株式会社").click()
    page.get_by_role("link", name="履歴").click()
    history = page.locator("#change-history")
    expect(history).to_contain_text("企業・団体による変更")
    expect(history).to_contain_text("非常勤: いいえ → はい")
    expect(history).to_contain_text("月2～3日程度: いいえ → はい")
    screenshot(page, "admin-history")


def test_the_link_request_and_withdrawal_pages_are_accessible(page, screenshot):
    from tests.factories import edit_token, make_registration

    registration = make_registration(company_name="取下げ確認株式会社")

    page.goto("/register/edit/")
    assert_accessible(page)
    page.get_by_label("登録したメールアドレス").fill("nobody@example.jp")
    page.get_by_role("button", name="リンクを送る").click()
    expect(page.locator("#request-result")).to_contain_text("受け付けました")
    assert_accessible(page)

    page.goto(f"/register/edit/{edit_token(registration)}/withdraw/")
    assert_accessible(page)
    page.get_by_role("button", name="登録を取り下げる").click()
    expect(page.locator("#error-summary")).to_contain_text("確認のチェック")
    assert_accessible(page)
    page.get_by_label(
        "登録を取り下げ、公開一覧と都道府県への情報提供から外すことに同意します"
    ).check()
    page.get_by_role("button", name="登録を取り下げる").click()
    expect(page.get_by_role("heading", name="取下げを受け付けました")).to_be_visible()
    screenshot(page, "withdrawn")

    page.goto("/register/edit/not-a-token/")
    expect(page.get_by_role("heading", name="このリンクは使えません")).to_be_visible()
    assert_accessible(page)
