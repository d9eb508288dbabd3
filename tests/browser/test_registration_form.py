from django.core import mail

from registry.models import Registration
from tests.browser.helpers import (
    BROWSER,
    assert_accessible,
    choose_prefectures,
    fill_closing,
    fill_contact,
    open_region,
)

pytestmark = BROWSER


def test_a_company_registers_with_secondment(page, screenshot):
    page.goto("/register/")
    assert_accessible(page)
    fill_contact(page)
    secondment_questions = page.locator("#secondment-questions")
    assert secondment_questions.is_hidden()

    page.get_by_label("協力企業・団体として登録を希望する").check()
    assert secondment_questions.is_visible()
    q7 = page.locator("#secondment-questions .question").nth(0)
    open_region(q7, "関東")
    q7.get_by_label("関東をすべて選択").check()
    q8 = page.locator("#dispatch-question")
    choose_prefectures(q8, "北海道", "沖縄県")
    q8.get_by_label("未定・都道府県からの相談に応じて検討").check()
    page.get_by_label("非常勤", exact=True).check()
    page.locator("#work-days-question").get_by_label("週1～2日程度").check()
    page.get_by_label("1～3年").check()
    page.get_by_label("周知可能").check()
    page.get_by_label("地域活性化起業人（総務省）").check()
    page.get_by_label("一つ前の問で回答いただいた制度における").fill("D村の窓口DXを支援")
    fill_closing(page)
    screenshot(page, "register-filled-desktop")
    page.get_by_role("button", name="確認画面へ進む").click()

    page.wait_for_url("**/register/confirm/?draft=*")
    confirm = page.locator(".answers").inner_text()
    for answer in [
        "株式会社ブラウザテスト",
        "試験　花子（しけん　はなこ）",
        "03-1234-5678",
        "関東：茨城県、栃木県、群馬県、埼玉県、千葉県、東京都、神奈川県",
        "未定・都道府県からの相談に応じて検討\n北海道\n九州・沖縄：沖縄県",
        "週1～2日程度",
        "D村の窓口DXを支援",
    ]:
        assert answer in confirm
    assert_accessible(page)
    screenshot(page, "confirm-desktop")

    page.get_by_role("link", name="修正する").click()
    page.wait_for_url("**/register/?draft=*")
    assert (
        page.get_by_role("textbox", name="企業名・団体名").input_value() == "株式会社ブラウザテスト"
    )
    assert page.locator("#secondment-questions").is_visible()
    assert page.locator("#dispatch-question").get_by_label("沖縄県").is_checked()
    assert (
        page.locator("#secondment-questions .question").nth(0).get_by_label("東京都").is_checked()
    )
    assert page.get_by_label("周知可能").is_checked()
    assert page.locator("#id_privacy_consent").is_checked()
    page.get_by_role("button", name="確認画面へ進む").click()

    page.get_by_role("button", name="この内容で登録する").click()
    page.wait_for_url("**/register/complete/?draft=*")
    receipt_number = page.locator("#receipt-number").inner_text()
    assert_accessible(page)
    screenshot(page, "complete-desktop")

    registration = Registration.objects.get()
    assert registration.receipt_number == receipt_number
    assert registration.company_name == "株式会社ブラウザテスト"
    assert registration.phone == "0312345678"
    assert sorted(p.code for p in registration.base_prefectures.all()) == [
        "08", "09", "10", "11", "12", "13", "14"
    ]  # fmt: skip
    assert sorted(p.code for p in registration.dispatch_prefectures.all()) == ["01", "47"]
    assert registration.dispatch_undecided and not registration.dispatch_nationwide
    assert registration.work_part_time and registration.days_week_1_2
    assert registration.scheme_chiiki_kigyojin
    assert registration.scheme_support_record == "D村の窓口DXを支援"
    receipt = next(message for message in mail.outbox if "受け付けました" in message.subject)
    assert receipt.to == ["hanako@example.co.jp"]
    assert receipt_number in receipt.body


def test_declining_hides_and_drops_q7_to_q11(page):
    page.goto("/register/")
    fill_contact(page)
    page.get_by_label("協力企業・団体として登録を希望する").check()
    choose_prefectures(page.locator("#secondment-questions .question").nth(0), "北海道")
    page.get_by_label("常勤", exact=True).check()

    page.get_by_label("登録を希望しない").check()
    assert page.locator("#secondment-questions").is_hidden()
    page.get_by_label("周知可能").check()
    fill_closing(page)
    page.get_by_role("button", name="確認画面へ進む").click()
    page.get_by_role("button", name="この内容で登録する").click()
    page.wait_for_url("**/register/complete/?draft=*")

    registration = Registration.objects.get()
    assert registration.secondment == "no"
    assert not registration.base_prefectures.exists()
    assert not registration.work_full_time


def test_nationwide_disables_individual_prefectures(page):
    page.goto("/register/")
    page.get_by_label("協力企業・団体として登録を希望する").check()
    q8 = page.locator("#dispatch-question")
    choose_prefectures(q8, "北海道")
    open_region(q8, "関東")

    q8.get_by_label("全国対応可能").check()

    assert q8.get_by_label("北海道", exact=True).is_disabled()
    assert not q8.get_by_label("北海道", exact=True).is_checked()
    assert q8.get_by_label("関東をすべて選択").is_disabled()
    q8.get_by_label("全国対応可能").uncheck()
    assert q8.get_by_label("北海道", exact=True).is_enabled()


def test_q10_follows_q9_and_q14_follows_q13(page):
    page.goto("/register/")
    page.get_by_label("協力企業・団体として登録を希望する").check()
    work_days = page.locator("#work-days-question")
    assert work_days.is_hidden()
    page.get_by_label("常勤", exact=True).check()
    assert work_days.is_hidden()
    page.get_by_label("非常勤", exact=True).check()
    assert work_days.is_visible()
    page.get_by_label("非常勤", exact=True).uncheck()
    page.get_by_label("都道府県からの相談に応じて検討", exact=True).check()
    assert work_days.is_visible()

    support_record = page.locator("#support-record-question")
    assert support_record.is_hidden()
    assert page.locator("#scheme-other").is_hidden()
    page.get_by_label("その他（自由入力）").check()
    assert support_record.is_visible()
    assert page.locator("#scheme-other").is_visible()


def test_other_scheme_needs_its_text(page):
    page.goto("/register/")
    fill_contact(page)
    page.get_by_label("登録を希望しない").check()
    page.get_by_label("その他（自由入力）").check()
    fill_closing(page)
    page.get_by_role("button", name="確認画面へ進む").click()

    assert (
        page.locator("#id_scheme_other_text_error")
        .inner_text()
        .strip()
        .endswith("「その他」を選択した場合は制度名を記入ください。")
    )
    assert Registration.objects.count() == 0


def test_errors_are_summarised_focused_and_linked(page, screenshot):
    page.goto("/register/")
    page.get_by_label("協力企業・団体として登録を希望する").check()
    page.get_by_role("button", name="確認画面へ進む").click()

    summary = page.locator("#error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.title().startswith("【入力内容に誤りがあります】")
    assert_accessible(page)
    screenshot(page, "register-errors-desktop")

    summary.get_by_role("link", name="問1 企業名・団体名を入力してください。").click()
    assert page.evaluate("document.activeElement.id") == "id_company_name"
    summary.get_by_role(
        "link", name="問7 活動拠点のある都道府県を1つ以上選択してください。"
    ).click()
    assert page.evaluate("document.activeElement.id") == "id_base_prefectures_0"
    assert page.get_by_label("協力企業・団体として登録を希望する").is_checked()


def test_the_form_works_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/register/")
    assert page.locator("#secondment-questions").is_visible()
    assert page.get_by_text(
        "問6で「登録を希望する」と回答いただいた方は、問7～問11にお答えください。"
    ).is_visible()
    assert page.locator("#work-days-question").is_visible()
    fill_contact(page, company="JSなし株式会社")
    page.get_by_label("協力企業・団体として登録を希望する").check()
    choose_prefectures(page.locator("#secondment-questions .question").nth(0), "大阪府")
    page.locator("#dispatch-question").get_by_label("全国対応可能").check()
    page.get_by_label("常勤", exact=True).check()
    fill_closing(page)
    page.get_by_role("button", name="確認画面へ進む").click()
    page.get_by_role("button", name="この内容で登録する").click()
    page.wait_for_url("**/register/complete/?draft=*")

    registration = Registration.objects.get()
    assert registration.company_name == "JSなし株式会社"
    assert registration.dispatch_nationwide
    assert [p.name for p in registration.base_prefectures.all()] == ["大阪府"]


def test_the_form_fits_a_phone(phone_page, screenshot):
    page = phone_page
    page.goto("/register/")
    page.get_by_label("協力企業・団体として登録を希望する").check()
    page.get_by_label("非常勤", exact=True).check()
    page.get_by_label("その他（自由入力）").check()
    screenshot(page, "register-phone")

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Everything but the off-screen bot trap (registry.forms.RegistrationForm.homepage).
    controls = page.locator(
        "input:visible:not([name=homepage]), textarea:visible, button:visible, a:visible"
    )
    for index in range(controls.count()):
        box = controls.nth(index).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, controls.nth(index)


def test_the_form_can_be_completed_with_the_keyboard(page):
    page.goto("/register/")

    def tab_to(selector, limit=200):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    for selector, text in [
        ("#id_company_name", "キーボード株式会社"),
        ("#id_department", "総務部"),
        ("#id_contact_name", "鍵盤　太郎"),
        ("#id_contact_name_kana", "けんばん　たろう"),
        ("#id_email", "kenban@example.jp"),
    ]:
        tab_to(selector)
        page.keyboard.type(text)
    tab_to("#id_secondment_0")
    page.keyboard.press("Space")
    tab_to("#base_prefectures-0-region")  # the regions of 問7: one Tab stop, the first name
    page.keyboard.press("ArrowDown")  # 東北, a closed <details>
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")  # 東北をすべて選択
    assert page.evaluate("document.activeElement.id") == "base_prefectures-1-all"
    page.keyboard.press("Space")
    tab_to("#id_dispatch_scope_0")
    page.keyboard.press("Space")
    tab_to("#id_work_styles_0")
    page.keyboard.press("Space")
    tab_to("#id_website")
    page.keyboard.type("https://kenban.example.jp/")
    tab_to("#id_privacy_consent")
    page.keyboard.press("Space")
    tab_to("button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/register/confirm/?draft=*")
    tab_to("button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/register/complete/?draft=*")

    registration = Registration.objects.get()
    assert registration.company_name == "キーボード株式会社"
    assert registration.dispatch_nationwide
    assert len(registration.base_prefectures.all()) == 6


def test_public_pages_pass_axe(page, phone_page, screenshot):
    for path, name in [("/", "home"), ("/privacy/", "privacy")]:
        page.goto(path)
        assert_accessible(page)
        screenshot(page, f"{name}-desktop")
        phone_page.goto(path)
        screenshot(phone_page, f"{name}-phone")


def _to_confirmation(page, company, email):
    page.goto("/register/")
    fill_contact(page, company=company)
    page.get_by_role("textbox", name="メールアドレス").fill(email)
    page.get_by_label("登録を希望しない").check()
    page.get_by_label("周知可能").check()
    fill_closing(page)
    page.get_by_role("button", name="確認画面へ進む").click()
    page.wait_for_url("**/register/confirm/?draft=*")


def test_two_tabs_each_register_what_they_confirmed(page):
    tab_b = page.context.new_page()
    _to_confirmation(page, "株式会社A", "a@example.jp")
    _to_confirmation(tab_b, "株式会社B", "b@example.jp")

    page.get_by_role("button", name="この内容で登録する").click()
    page.wait_for_url("**/register/complete/?draft=*")
    tab_b.get_by_role("button", name="この内容で登録する").click()
    tab_b.wait_for_url("**/register/complete/?draft=*")

    a = Registration.objects.get(email="a@example.jp")
    b = Registration.objects.get(email="b@example.jp")
    assert (a.company_name, b.company_name) == ("株式会社A", "株式会社B")
    assert page.locator("#receipt-number").inner_text() == a.receipt_number
    assert tab_b.locator("#receipt-number").inner_text() == b.receipt_number
    receipt_a = next(m for m in mail.outbox if m.to == ["a@example.jp"])
    assert "株式会社A" in receipt_a.body and "株式会社B" not in receipt_a.body


def test_an_expired_session_is_explained_when_registering(page):
    from django.contrib.sessions.models import Session

    _to_confirmation(page, "株式会社期限切れ", "late@example.jp")
    Session.objects.all().delete()  # what the session's expiry and clearsessions leave

    page.get_by_role("button", name="この内容で登録する").click()

    notice = page.locator("#session-expired")
    notice.wait_for()
    assert "一定時間が経過したため、入力内容が失われました。" in notice.inner_text()
    assert Registration.objects.count() == 0
    assert_accessible(page)


def test_the_error_summary_follows_question_order_and_the_honeypot_is_hidden(page):
    page.goto("/register/")
    page.get_by_label("ふりがな", exact=True).fill("Taro")
    page.get_by_label("登録を希望しない").check()
    page.get_by_label("周知は難しい").check()
    page.get_by_role("button", name="確認画面へ進む").click()

    # all_inner_texts() does not wait: read the summary once the answer page has arrived.
    page.locator("#error-summary").wait_for()
    items = page.locator("#error-summary li").all_inner_texts()
    numbers = [int(text.split(" ")[0].removeprefix("問")) for text in items if text[0] == "問"]
    assert numbers == sorted(numbers)
    assert any(text.startswith("問3 ふりがな：") for text in items)
    assert any(text.startswith("問12 ") for text in items)
    assert page.locator(".honeypot").get_attribute("aria-hidden") == "true"
    assert_accessible(page)
