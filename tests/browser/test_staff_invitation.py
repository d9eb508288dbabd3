"""A new prefecture staff member's first day, in a real browser: 総務省 invites them, the mail
arrives at a real SMTP server (tests/smtp_sink.py), they open the link, choose a password, enrol
the second factor and land on /staff/ as the prefecture's staff.

On PostgreSQL the mail is delivered by a real `manage.py db_worker` process (the test database is
shared with it); on SQLite (an in-memory test database no other process can open) by the
immediate task backend, the same task (portal.tasks.mail_send) run in the server's thread.
"""

import re
from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from portal.models import PrefectureMembership, StaffInvitation
from portal.roles import MIC_GROUP, roles_apply
from tests.browser.helpers import BROWSER, DESKTOP, PHONE, assert_accessible, sign_in
from tests.browser.test_phone_tables import NARROW_CELLS, SIDEWAYS
from tests.factories import make_prefecture_user, make_user

pytestmark = BROWSER
INVITEE = "kyoto-dx@pref.kyoto.example.lg.jp"
PASSWORD = "Kyoto-first-day-2026"


def _accessible_at_both_widths(page):
    """axe-core finds nothing at 1280 and 375 px, no table cell is narrower than its longest
    word (an e-mail address, 「受諾待ち」) and the page never scrolls sideways."""
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert_accessible(page)
        assert page.evaluate(NARROW_CELLS) == [], (page.url, size)
        assert page.evaluate(SIDEWAYS) <= 0, (page.url, size)
    page.set_viewport_size(DESKTOP)


def test_a_prefecture_staff_member_is_invited_and_starts_on_their_own(
    browser,
    page,
    live_server,
    smtp_sink,
    delivery,
    screenshot,
):
    roles_apply()
    mic = make_user("mic-inviter", groups=[MIC_GROUP])
    sign_in(page, mic)
    expect(page.get_by_role("heading", name="総務省のページ")).to_be_visible()
    page.get_by_role("link", name="職員を招待する").click()
    expect(page.get_by_role("heading", name="職員の招待", exact=True)).to_be_visible()
    _accessible_at_both_widths(page)

    page.get_by_role("button", name="招待のメールを送る").click()  # nothing filled in
    expect(page.locator("#error-summary")).to_contain_text("氏名を入力してください")
    _accessible_at_both_widths(page)

    page.get_by_label("氏名").fill("京都　一郎")
    page.get_by_label("メールアドレス").fill(INVITEE)
    page.get_by_label("役割").select_option(label="京都府の職員")
    page.get_by_role("button", name="招待のメールを送る").click()
    expect(page.get_by_role("status")).to_contain_text("招待のメールを送りました")
    row = page.locator("#invitations tbody tr", has_text=INVITEE)
    expect(row).to_contain_text("受諾待ち")
    expect(row).to_contain_text("京都府の職員")
    _accessible_at_both_widths(page)  # the list with a row, its buttons and the address
    screenshot(page, "staff-invitations")
    assert "/accounts/invitation/" not in page.content()  # staff never see the link

    received = smtp_sink.wait_for(lambda message: message.rcpt_to == [INVITEE])
    assert "職員アカウントへの招待" in received["Subject"]
    url = re.search(r"^https?://\S+/accounts/invitation/\S+/$", received.body, re.M).group()
    assert StaffInvitation.objects.get(email=INVITEE).mails.get().sent_at is not None
    if delivery == "db_worker":  # the web only queued it: the worker process took and ran it
        from django_tasks_db.models import DBTaskResult

        [job] = DBTaskResult.objects.filter(task_path="portal.tasks.mail_send")
        assert job.status == "SUCCESSFUL" and job.worker_ids

    # The invited person, on their own computer.
    context = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    newcomer = context.new_page()
    newcomer.goto(urlsplit(url).path)
    expect(newcomer.get_by_role("heading", name="パスワードの設定")).to_be_visible()
    expect(newcomer.get_by_text("京都府の職員として招待されています")).to_be_visible()
    _accessible_at_both_widths(newcomer)
    screenshot(newcomer, "staff-invitation-password")
    newcomer.locator("#id_new_password1").fill(PASSWORD)
    newcomer.locator("#id_new_password2").fill(PASSWORD)
    newcomer.get_by_role("button", name="パスワードを設定して次へ").click()

    expect(newcomer.get_by_role("heading", name="2段階認証の設定")).to_be_visible()
    user = User.objects.get(username=INVITEE)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    newcomer.get_by_label("認証アプリに表示されている6桁の数字").fill(f"{code:06d}")
    newcomer.get_by_role("button", name="設定する").click()
    expect(newcomer.get_by_role("heading", name="2段階認証の予備コード")).to_be_visible()
    newcomer.get_by_role("link", name="続ける").click()

    expect(newcomer.get_by_role("heading", name="京都府のページ")).to_be_visible()
    assert urlsplit(newcomer.url).path == "/staff/"
    assert PrefectureMembership.objects.get(user=user).prefecture.name == "京都府"
    assert user.check_password(PASSWORD)

    # The link is used up: opened again, it changes nothing and says what to do.
    other = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=DESKTOP)
    again = other.new_page()
    again.goto(urlsplit(url).path)
    expect(again.get_by_role("heading", name="招待のリンクを開けません")).to_be_visible()
    expect(again.get_by_role("alert")).to_contain_text("すでに受諾され")
    _accessible_at_both_widths(again)
    other.close()
    context.close()

    # 総務省's list now shows it accepted.
    page.reload()
    expect(page.locator("#invitations tbody tr", has_text=INVITEE)).to_contain_text("受諾済み")


def test_the_reset_and_address_pages_are_accessible(page):
    roles_apply()
    mic = make_user("mic-addresses", groups=[MIC_GROUP])
    make_prefecture_user("no-address", "26")

    page.goto("/accounts/login/")
    page.get_by_role("link", name="パスワードを忘れた場合").click()
    expect(page.get_by_role("heading", name="パスワードの再設定")).to_be_visible()
    _accessible_at_both_widths(page)
    page.get_by_label("メールアドレス").fill("nobody@example.jp")
    page.get_by_role("button", name="再設定のメールを送る").click()
    expect(page.get_by_role("heading", name="パスワードの再設定を受け付けました")).to_be_visible()
    _accessible_at_both_widths(page)
    page.goto("/accounts/password-reset/MQ/bad-token/")
    expect(page.get_by_role("heading", name="再設定のリンクを開けません")).to_be_visible()
    _accessible_at_both_widths(page)

    sign_in(page, mic)
    page.goto("/staff/addresses/")
    expect(page.get_by_role("heading", name="メールアドレスが未登録の職員")).to_be_visible()
    _accessible_at_both_widths(page)
    page.get_by_label("no-address のメールアドレス").fill("no-address@pref.kyoto.example.lg.jp")
    page.locator("#staff-without-address tbody tr", has_text="no-address").get_by_role(
        "button", name="登録する"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("メールアドレスを登録しました")
    assert User.objects.get(username="no-address").email == "no-address@pref.kyoto.example.lg.jp"
