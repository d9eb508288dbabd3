from playwright.sync_api import expect

from accelerators.models import Nomination
from portal.roles import MIC_GROUP
from tests.browser.helpers import BROWSER, assert_accessible, sign_in
from tests.factories import make_prefecture_user, make_user

pytestmark = BROWSER
PASSWORD = "pass-for-tests-only"


def _appointed_summary(page):
    page.goto("/accelerators/dashboard/")
    return page.locator("#appointed-summary").inner_text()


def test_nomination_from_draft_to_appointment(page, browser, live_server, screenshot):
    prefecture_user = make_prefecture_user("pref-browser", "01")
    mic = make_user("mic-browser", groups=[MIC_GROUP])
    mic.set_password(PASSWORD)
    mic.save()
    mic_context = browser.new_context(base_url=live_server.url, locale="ja-JP")
    mic_page = mic_context.new_page()

    sign_in(page, prefecture_user)
    assert _appointed_summary(page) == "任命状況 0名（0都道府県）"
    assert_accessible(page)
    page.goto("/accelerators/")
    page.get_by_role("link", name="新しく推薦を作成する").click()
    page.get_by_label("氏名").fill("試験　一郎")
    page.get_by_label("ふりがな").fill("しけん　いちろう")
    page.get_by_label("任用形態").select_option(label="任期付職員")
    page.get_by_label("任用開始日").fill("2026-04-01")
    page.get_by_label("任期の終了日").fill("2029-03-31")
    page.get_by_label("市町村のDX支援を主たる業務とすることを確認しました").check()
    page.locator("#id_experiences-0-organisation").fill("株式会社テスト")
    page.locator("#id_experiences-0-role").fill("SE")
    page.locator("#id_experiences-0-kind").select_option("digital")
    page.locator("#id_experiences-0-started_on").fill("2022-04-01")
    page.locator("#id_experiences-0-ended_on").fill("2026-03-31")
    assert_accessible(page)
    page.get_by_role("button", name="下書きとして保存").click()
    expect(page.locator("#nomination-status")).to_have_text("下書き")
    expect(page.locator("#eligibility")).to_contain_text("4年")
    assert_accessible(page)
    screenshot(page, "nomination-draft")

    page.get_by_role("button", name="推薦する").click()
    expect(page.get_by_role("status")).to_contain_text("推薦できません")
    page.get_by_role("link", name="編集する").click()
    page.locator("#id_ipa-0-exam").select_option(label="プロジェクトマネージャ試験")
    page.locator("#id_ipa-0-year").fill("2020")
    page.get_by_role("button", name="下書きとして保存").click()
    page.get_by_role("button", name="推薦する").click()
    expect(page.locator("#nomination-status")).to_have_text("推薦")
    nomination = Nomination.objects.get()

    sign_in(mic_page, mic)
    mic_page.goto(f"/accelerators/{nomination.pk}/")
    mic_page.get_by_role("button", name="審査を始める").click()
    expect(mic_page.locator("#nomination-status")).to_have_text("審査中")
    mic_page.get_by_label("差戻しの理由・都道府県への連絡事項").fill(
        "実務経験の内容を具体的に書いてください。"
    )
    mic_page.get_by_role("button", name="差し戻す").click()
    expect(mic_page.locator("#nomination-status")).to_have_text("差戻し")

    page.goto(f"/accelerators/{nomination.pk}/")
    expect(page.locator("#transitions")).to_contain_text("実務経験の内容を具体的に書いてください。")
    page.get_by_role("link", name="編集する").click()
    page.locator("#id_experiences-0-role").fill("SE（自治体向け基幹系システムの設計）")
    page.get_by_role("button", name="下書きとして保存").click()
    page.get_by_role("button", name="推薦する").click()
    expect(page.locator("#nomination-status")).to_have_text("推薦")

    mic_page.goto(f"/accelerators/{nomination.pk}/")
    mic_page.get_by_role("button", name="審査を始める").click()
    mic_page.get_by_role("button", name="任命する").click()
    expect(mic_page.locator("#nomination-status")).to_have_text("任命")
    screenshot(mic_page, "nomination-appointed")
    mic_context.close()

    assert _appointed_summary(page) == "任命状況 1名（1都道府県）"
    screenshot(page, "accelerators-dashboard")
    nomination.refresh_from_db()
    assert nomination.appointment_number.startswith("DXA-")
    assert [t.to_status for t in nomination.transitions.order_by("changed_at", "id")] == [
        "submitted", "in_review", "returned", "submitted", "in_review", "appointed"
    ]  # fmt: skip


def test_a_prefecture_completes_a_fixed_term_end_date_recorded_without_one(page, screenshot):
    from tests.factories import make_appointed

    nomination = make_appointed("01", name="一括　任期付", employment_type="fixed_term")
    Nomination.objects.filter(pk=nomination.pk).update(source=Nomination.Source.BULK)
    sign_in(page, make_prefecture_user("pref-term-end", "01"))

    page.goto("/accelerators/")
    expect(page.locator("#term-end-missing")).to_contain_text("任期の終了日が未入力の任期付職員")
    assert_accessible(page)
    page.locator("#term-end-missing").get_by_role("link", name="一括　任期付").click()
    expect(page.locator("main")).to_contain_text("任期の終了日が未入力")
    assert_accessible(page)
    page.locator("#term-end-form").get_by_label("任期の終了日").fill("2029-03-31")
    page.get_by_role("button", name="任期の終了日を入力する").click()

    expect(page.get_by_role("status")).to_contain_text("任期の終了日を入力しました")
    expect(page.locator("main")).to_contain_text("2029年3月31日")
    assert_accessible(page)
    page.goto("/accelerators/")
    expect(page.locator("#term-end-missing")).to_have_count(0)


def test_a_prefecture_records_contracted_staffing(page, screenshot):
    sign_in(page, make_prefecture_user("pref-contracts", "13"))
    page.goto("/accelerators/contracted/")
    assert_accessible(page)
    page.get_by_role("link", name="委託による人材確保を記録する").click()
    page.get_by_label("年度").select_option("2026")
    page.get_by_label("人数").fill("2")
    page.get_by_label("年間の委託費（円）").fill("12000000")
    assert_accessible(page)
    page.get_by_role("button", name="保存する").click()

    expect(page.locator("main")).to_contain_text("12,000,000")
    assert_accessible(page)
    screenshot(page, "contracted-list")
