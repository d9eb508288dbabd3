from django.core import mail
from playwright.sync_api import expect

from accelerators.models import Nomination
from talent.models import Specialist
from tests.browser.helpers import (
    BROWSER,
    assert_accessible,
    choose_month,
    choose_prefectures,
    sign_in,
)
from tests.factories import make_prefecture_user, make_specialist

pytestmark = BROWSER


def _fill(page, *, blocks=True):
    page.get_by_role("textbox", name="氏名").fill("試験　花子")
    page.get_by_label("ふりがな").fill("シケン　ハナコ")
    page.get_by_role("textbox", name="メールアドレス").fill("hanako@example.jp")
    page.get_by_label("現在お住まいの都道府県").select_option(label="東京都")
    page.get_by_label("求職中").check()
    choose_prefectures(page.locator("#desired-question"), "北海道")
    page.get_by_label("任期付職員").check()
    page.get_by_label("すぐに").check()
    if blocks:
        page.locator("#id_experiences-0-organisation_type").select_option("company")
        page.locator("#id_experiences-0-role").fill("システムエンジニア")
        choose_month(page, "experiences-0-started_on", "2015-04")
        choose_month(page, "experiences-0-ended_on", "2021-03")
    page.get_by_label("セキュリティ").check()
    page.get_by_label("自己PR").fill("自治体のセキュリティ対策を支援してきました。")
    page.get_by_label("「協力可能人材の個人情報の取扱いについて」に同意します。").check()


def test_a_person_registers_from_the_home_page(page, screenshot):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="個人として応募する").click()
    page.wait_for_url("**/talent/register/")
    assert_accessible(page)
    _fill(page)
    screenshot(page, "talent-register-desktop")
    page.get_by_role("button", name="確認画面へ進む").click()

    page.wait_for_url("**/talent/register/confirm/?draft=*")
    answers = page.locator(".answers").inner_text()
    assert "試験　花子（しけん　はなこ）" in answers
    assert "民間企業・システムエンジニア（2015年4月～2021年3月）" in answers
    expect(page.locator("#hints")).to_contain_text("要件①（実務経験5年以上）を満たす見込み")
    assert_accessible(page)
    page.get_by_role("button", name="この内容で登録する").click()

    page.wait_for_url("**/talent/register/complete/?draft=*")
    specialist = Specialist.objects.get()
    assert page.locator("#receipt-number").inner_text() == specialist.receipt_number
    assert_accessible(page)
    screenshot(page, "talent-complete-desktop")
    assert any(specialist.receipt_number in m.subject for m in mail.outbox)


def test_errors_are_summarised_and_lead_to_their_fields(page):
    page.goto("/talent/register/")
    page.get_by_role("button", name="確認画面へ進む").click()

    summary = page.locator("#error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    summary.get_by_role("link", name="氏名：氏名を入力してください。").click()
    assert page.evaluate("document.activeElement.id") == "id_name"
    assert_accessible(page)


def test_the_form_works_without_javascript_including_more_blocks(no_js_page):
    page = no_js_page
    page.goto("/talent/register/")
    _fill(page, blocks=False)
    page.get_by_role("button", name="実務経験の入力欄を増やす").click()
    page.wait_for_load_state()

    assert page.locator("[id^=id_experiences-][id$=-role]").count() == 4
    assert page.get_by_role("textbox", name="氏名").input_value() == "試験　花子"
    page.locator("#id_experiences-3-organisation_type").select_option("local_government")
    page.locator("#id_experiences-3-role").fill("DX推進担当")
    choose_month(page, "experiences-3-started_on", "2019-04")
    page.get_by_label("「協力可能人材の個人情報の取扱いについて」に同意します。").check()
    page.get_by_role("button", name="確認画面へ進む").click()
    page.get_by_role("button", name="この内容で登録する").click()

    page.wait_for_url("**/talent/register/complete/?draft=*")
    assert Specialist.objects.get().experiences.get().role == "DX推進担当"


def test_the_form_fits_a_phone(phone_page, screenshot):
    page = phone_page
    page.goto("/talent/register/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    _fill(page)
    assert_accessible(page)
    screenshot(page, "talent-register-phone")
    page.get_by_role("button", name="確認画面へ進む").click()
    page.wait_for_url("**/talent/register/confirm/?draft=*")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)


def test_a_prefecture_finds_a_person_and_starts_a_nomination(page, screenshot):
    make_specialist(status="listed", desired_prefectures=["01"], name="一覧 太郎")
    make_specialist(
        status="listed", desired_prefectures=["13"], name="東京 次郎", email="t@example.jp"
    )
    sign_in(page, make_prefecture_user("hokkaido-talent", "01"))

    page.goto("/talent/staff/")
    expect(page.locator("#talent-count")).to_have_text("1人")
    assert_accessible(page)
    screenshot(page, "talent-staff-list")
    page.get_by_role("link", name="一覧 太郎").click()
    expect(page.locator("#hints")).to_contain_text("要件①")
    assert_accessible(page)
    page.get_by_role("link", name="任用した（アクセラレータの推薦を作成する）").click()
    assert_accessible(page)
    page.get_by_label("任用形態").select_option(label="任期付職員")
    page.get_by_label("任用開始日").fill("2026-04-01")
    page.get_by_label("任期の終了日").fill("2029-03-31")
    page.get_by_role("button", name="任用済にして推薦を作成する").click()

    page.wait_for_url("**/accelerators/*/edit/")
    nomination = Nomination.objects.get()
    assert page.locator("#id_experiences-0-role").input_value() == "システムエンジニア"
    assert nomination.name == "一覧 太郎"
    assert Specialist.objects.get(name="一覧 太郎").hired_display == "任用済（北海道）"
