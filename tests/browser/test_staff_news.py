"""Nobody waits unseen (issue 26), tried as the people involved would, with real mail: a
prefecture sends a 打診, the person answers 関心あり through the link in the mail they received,
and each member of that prefecture gets exactly one mail about it (nobody else does); the
"your turn" panel on /staff/ counts the unseen reply as the database holds it, until a member
opens the 打診 page.

Mail goes to a real SMTP server on loopback (tests/smtp_sink.py); on PostgreSQL a real
`manage.py db_worker` process delivers it (the `delivery` fixture), on SQLite the immediate task
backend runs the same task in the server's thread.
"""

import re

from playwright.sync_api import expect

from matching.models import Approach
from matching.workflow import approaches_send
from portal.models import StaffMail
from portal.roles import MIC_GROUP
from tests.browser.helpers import BROWSER, assert_accessible, sign_in
from tests.factories import make_need, make_prefecture_user, make_specialist, make_user

pytestmark = BROWSER
PERSON = "hanako.kotae@example.jp"


def _staff(username, code=None):
    user = make_prefecture_user(username, code) if code else make_user(username, groups=[MIC_GROUP])
    user.email = f"{username}@example.go.jp"
    user.save()
    return user


def test_a_reply_reaches_each_member_of_the_prefecture_once_and_shows_on_their_panel(
    browser, page, live_server, smtp_sink, delivery
):
    sender, colleague = _staff("hokkaido-sender", "01"), _staff("hokkaido-colleague", "01")
    others = [_staff("aomori-staff", "02"), _staff("mic-staff")]
    need = make_need("01", by=sender, title="窓口DXの推進", department="デジタル推進課")
    person = make_specialist(
        status="listed", desired_prefectures=["01"], name="返答　花子", email=PERSON
    )
    approaches_send(need=need, by=sender, specialist_ids=[person.pk])
    approach = Approach.objects.get()

    # The person answers through the link in the mail that reached them.
    invitation = smtp_sink.wait_for(
        lambda message: message.rcpt_to == [PERSON] and "/reply/" in message.body
    )
    link = re.search(r"https?://\S+(/reply/\S+/)", invitation.body).group(1)
    answer = browser.new_context(base_url=live_server.url, locale="ja-JP").new_page()
    answer.goto(link)
    answer.get_by_label("関心あり").check()
    answer.get_by_label("メッセージ").fill("ぜひお話を伺いたいです。")
    answer.get_by_role("button", name="回答する").click()
    expect(answer.locator("main")).to_contain_text("回答を受け付けました")

    # Each member of the prefecture: exactly one mail, with who, which 募集, which answer.
    staff_addresses = {sender.email, colleague.email}
    for address in staff_addresses:
        mail = smtp_sink.wait_for(
            lambda message, to=address: (
                message.rcpt_to == [to] and "打診への返答" in message["Subject"]
            )
        )
        for text in ("返答　花子", "窓口DXの推進", "関心あり", "ぜひお話を伺いたいです。"):
            assert text in mail.body, (address, text)
        assert f"/matching/approaches/{approach.pk}/" in mail.body
    news = [m for m in smtp_sink.messages if "打診への返答" in m["Subject"]]
    assert sorted(recipient for m in news for recipient in m.rcpt_to) == sorted(staff_addresses)
    assert not [m for m in smtp_sink.messages if set(m.rcpt_to) & {u.email for u in others}]
    assert (
        StaffMail.objects.filter(event__kind="matching.reply", sent_at__isnull=False).count() == 2
    )

    # The panel counts what the database holds; opening the 打診 page marks the reply seen.
    sign_in(page, colleague)
    page.wait_for_url("**/staff/")
    turn = page.get_by_role("region", name="対応を待っているもの")
    unseen = Approach.objects.filter(need__prefecture_id="01").reply_unseen().count()
    assert unseen == 1
    expect(turn).to_contain_text(f"未確認の返答 {unseen}件")
    assert_accessible(page)
    turn.get_by_role("link", name=f"未確認の返答 {unseen}件").click()
    page.get_by_role("link", name="返答　花子").click()
    page.wait_for_url(f"**/matching/approaches/{approach.pk}/")
    page.goto("/staff/")
    expect(page.get_by_role("region", name="対応を待っているもの")).to_contain_text(
        "未確認の返答 0件"
    )
    assert not Approach.objects.filter(need__prefecture_id="01").reply_unseen().exists()
