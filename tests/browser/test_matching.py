import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accelerators.models import Nomination
from portal.roles import MIC_GROUP
from tests.browser.helpers import BROWSER, assert_accessible, choose_month, sign_in
from tests.factories import (
    make_prefecture_user,
    make_registration,
    make_specialist,
    make_user,
    prefectures,
    reviewed,
)

pytestmark = BROWSER


def test_from_a_need_to_an_appointment(page, browser, live_server, screenshot, settings):
    reviewed(
        make_registration(
            company_name="協力デジタル株式会社",
            email="company@example.jp",
            dispatch_prefectures=prefectures("01"),
            work_styles=["work_part_time"],
            periods=["period_1_to_3_years"],
        )
    )
    make_specialist(
        status="listed", name="候補 花子", desired_prefectures=["01"], specialties=["security"]
    )
    prefecture_user = make_prefecture_user("hokkaido-matching", "01")
    mic = make_user("mic-matching", groups=[MIC_GROUP])
    mic.set_password("pass-for-tests-only")
    mic.save()

    # The prefecture posts a need and sees counts, then the ranked matches.
    sign_in(page, prefecture_user)
    page.goto("/matching/")
    assert_accessible(page)
    page.get_by_role("link", name="新しい募集を作成する").click()
    page.get_by_label("募集の名称").fill("情報セキュリティの強化")
    page.get_by_label("業務内容").fill("市町村のセキュリティ対策を支援する。")
    page.get_by_label("セキュリティ").check()
    page.get_by_label("非常勤").check()
    page.get_by_label("期間").select_option(label="1～3年")
    page.get_by_label("人数").fill("2")
    choose_month(page, "start_month", f"{timezone.localdate().year + 1}-04")
    page.get_by_label("担当部署").fill("デジタル推進課")
    page.get_by_label("応募・問合せ先").fill("デジタル推進課 03-5253-5111")
    assert_accessible(page)
    page.get_by_role("button", name="保存する").click()
    page.get_by_role("button", name="「募集中」にする").click()
    expect(page.locator("#need-status")).to_have_text("募集中")
    expect(page.locator("#companies-counts")).to_contain_text("1件がすべての条件に合います")
    expect(page.locator("#people-counts")).to_contain_text("1人がすべての条件に合います")
    expect(page.locator("#company-matches")).to_contain_text("勤務形態が一致、期間が一致")
    assert_accessible(page)
    screenshot(page, "matching-need")

    # Two 打診, and the person answers 関心あり through the mail's link.
    page.get_by_label("協力デジタル株式会社に打診する").check()
    page.get_by_label("候補 花子に打診する").check()
    page.get_by_role("button", name="選んだ相手に打診を送る").click()
    expect(page.get_by_role("status").first).to_contain_text("2件の打診を送りました。")
    body = next(
        m.body for m in mail.outbox if "募集" in m.subject and m.to == ["hanako@example.jp"]
    )
    link = re.search(r"http://\S+(/reply/\S+/)", body).group(1)
    recipient = browser.new_context(base_url=live_server.url, locale="ja-JP").new_page()
    recipient.goto(link)
    assert_accessible(recipient)
    recipient.get_by_label("関心あり").check()
    recipient.get_by_role("button", name="回答する").click()
    expect(recipient.locator("main")).to_contain_text("回答を受け付けました")

    # The prefecture records 面談, then 任用決定, and starts the nomination.
    page.reload()
    page.get_by_role("link", name="候補 花子").last.click()
    expect(page.locator("#approach-response")).to_contain_text("関心あり")
    page.locator("#id_outcome").select_option(label="面談")
    page.get_by_role("button", name="記録する").click()
    page.locator("#id_outcome").select_option(label="任用決定")
    page.get_by_role("button", name="記録する").click()
    expect(page.locator("#approach-outcome")).to_have_text("任用決定")
    assert_accessible(page)
    # The reply link now shows what was recorded, and no form that could undo it.
    recipient.goto(link)
    expect(recipient.locator("#answer-closed")).to_contain_text("回答は変更できません")
    expect(recipient.get_by_role("button", name="回答する")).to_have_count(0)
    assert_accessible(recipient)
    # Once expired, the link says what was recorded (not "send your interest") and names the
    # 募集's contact (no new link can be requested).
    settings.APPROACH_LINK_DAYS = 0
    recipient.goto(link)
    expect(recipient.get_by_role("alert")).to_contain_text("「任用決定」と記録しています")
    expect(recipient.locator("main")).to_contain_text("デジタル推進課 03-5253-5111")
    assert_accessible(recipient)
    page.get_by_role(
        "link", name="自治体DXアクセラレータの推薦を作成する（登録内容から作成）"
    ).click()
    page.get_by_label("任用形態").select_option(label="任期付職員")
    page.get_by_label("任用開始日").fill("2026-04-01")
    page.get_by_label("任期の終了日").fill("2029-03-31")
    page.get_by_role("button", name="任用済にして推薦を作成する").click()
    page.wait_for_url("**/accelerators/*/edit/")
    page.get_by_label("市町村のDX支援を主たる業務とすることを確認しました").check()
    page.get_by_role("button", name="下書きとして保存").click()
    page.get_by_role("button", name="推薦する").click()
    expect(page.locator("#nomination-status")).to_have_text("推薦")
    nomination = Nomination.objects.get()

    # 総務省 appoints, and the funnel shows every step.
    mic_page = browser.new_context(base_url=live_server.url, locale="ja-JP").new_page()
    sign_in(mic_page, mic)
    mic_page.goto(f"/accelerators/{nomination.pk}/")
    mic_page.get_by_role("button", name="審査を始める").click()
    mic_page.get_by_role("button", name="任命する").click()
    expect(mic_page.locator("#nomination-status")).to_have_text("任命")
    mic_page.goto("/matching/funnel/")
    total = mic_page.locator("#funnel-total").inner_text()
    for step in ["打診\t2", "関心あり\t1", "面談\t1", "任用決定\t1"]:
        assert step in total
    assert "任命中" not in total  # counted apart from the pipeline
    assert "任命中（合計）\t1人" in mic_page.locator("#funnel-appointed").inner_text()
    assert_accessible(mic_page)
    screenshot(mic_page, "matching-funnel")
