"""The 総務省 admin: axe finds nothing (WCAG 2.2 AA, as on every page), lists fit at 1280 px,
and each choice question on the change page is a group named by its question."""

import re

import pytest
from playwright.sync_api import expect

from matching.workflow import approaches_send
from portal.retention import retention_apply
from portal.roles import MIC_GROUP, roles_apply
from registry.models import OutgoingMail, Registration
from registry.questions import question_for
from tests.browser.helpers import BROWSER, assert_accessible, sign_in
from tests.browser.test_phone_tables import NARROW_CELLS
from tests.factories import (
    make_need,
    make_nomination,
    make_registration,
    make_specialist,
    make_user,
)

pytestmark = BROWSER
# Whether a link is told from the text around it by more than colour (WCAG 1.4.1).
UNDERLINED = "link => getComputedStyle(link).textDecorationLine.includes('underline')"
# How many lines an element's text takes: the distinct tops of its text's line boxes.
LINES = """element => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const tops = new Set();
    while (walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(walker.currentNode);
        for (const rect of range.getClientRects()) tops.add(Math.round(rect.top));
    }
    return tops.size;
}"""


@pytest.fixture
def mic(db):
    roles_apply()
    return make_user("mic-admin-pages", groups=[MIC_GROUP])


@pytest.fixture
def registration():
    """A registration with everything the change page can show: mails, a state change."""
    registration = make_registration(
        company_name="株式会社デジタルトランスフォーメーション研究所",
        email="long-address-for-the-mail-inline@example.co.jp",
        work_styles=["work_part_time"],
        work_days=["days_week_1_2"],
        schemes=["scheme_other"],
        scheme_other_text="自治体DX支援の独自制度",
    )
    make_registration(company_name="株式会社デジタルトランスフォーメーション研究所")
    Registration.objects.filter(pk=registration.pk).update(changed_by_company=True)
    OutgoingMail.objects.create(
        registration=registration,
        kind=OutgoingMail.Kind.RECEIPT,
        to=registration.email,
        subject="【総務省】人材プール協力企業・団体の登録を受け付けました（受付番号 KR-2026-000001）",
        body="本文",
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    return registration


def test_the_registration_list_fits_at_1280_px(page, mic, registration, screenshot):
    sign_in(page, mic, path="/admin/login/?next=/admin/registry/registration/")

    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    for row in rows.all():
        assert row.locator("th.field-receipt_number a").evaluate(LINES) == 1
        assert row.locator("td.field-registered_on").evaluate(LINES) == 1
    for heading in ("受付番号", "登録日"):
        header = page.locator("#result_list thead th").filter(has_text=heading).locator(".text")
        assert header.evaluate(LINES) == 1, heading
    # Between the app menu and the filter the list has about 630 px: its Japanese breaks between
    # words only (「株式会社デジタルトランスフォーメーション研究所」 is not cut every two
    # characters), so a wider list scrolls inside its own box; the page itself never scrolls.
    assert page.evaluate(NARROW_CELLS) == []
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    expect(rows.first.locator("td.field-duplicate_flag")).to_have_text("あり")
    expect(page.locator("#result_list img")).to_have_count(0)  # no ✔/✖ icons
    assert_accessible(page)
    screenshot(page, "admin-registrations-desktop")


def test_the_registration_change_page_names_every_question(page, mic, registration, screenshot):
    sign_in(page, mic, path=f"/admin/registry/registration/{registration.pk}/change/")

    for field, options in [("work_styles", 3), ("work_days", 4), ("periods", 3), ("schemes", 4)]:
        question = question_for(field)
        group = page.get_by_role("group", name=f"問{question.number} {question.text}")
        expect(group).to_be_visible()
        expect(group.get_by_role("checkbox")).to_have_count(options)
    expect(page.get_by_role("checkbox", name="非常勤")).to_be_checked()
    duplicate = page.locator(".field-possible_duplicates a")
    expect(duplicate).to_contain_text("株式会社デジタルトランスフォーメーション研究所")
    assert duplicate.evaluate(UNDERLINED)
    assert_accessible(page)
    screenshot(page, "admin-registration-desktop")


def test_the_admin_on_a_phone(phone_page, mic, registration, screenshot):
    sign_in(phone_page, mic, path="/admin/login/?next=/admin/registry/registration/")
    assert_accessible(phone_page)
    screenshot(phone_page, "admin-registrations-phone")
    # A filtered list says 「結果 1 (全 2 件)」: its link sits in quiet grey text.
    phone_page.goto("/admin/registry/registration/?changed_by_company__exact=1")
    total = phone_page.locator("#changelist-search .quiet a")
    expect(total).to_have_text("全 2 件")
    assert total.evaluate(UNDERLINED)
    assert_accessible(phone_page)

    phone_page.goto(f"/admin/registry/registration/{registration.pk}/change/")
    mails = phone_page.locator("#mails-group")
    assert mails.evaluate("box => box.scrollWidth > box.clientWidth")  # the mail table scrolls...
    mails.focus()  # ...and can be reached, and scrolled, from the keyboard
    expect(phone_page.get_by_role("region", name="送信メール")).to_be_focused()
    assert_accessible(phone_page)
    screenshot(phone_page, "admin-registration-phone")


def test_the_other_staff_lists_and_the_user_page(page, mic):
    person = make_specialist(status="listed", desired_prefectures=["01"])
    make_nomination()
    need = make_need()
    (approach,), _ = approaches_send(need=need, by=need.created_by, specialist_ids=[person.pk])
    run = retention_apply()
    prefecture_user = make_user("pref-account")
    sign_in(page, mic, path="/admin/login/?next=/admin/")

    for path in [
        "/admin/talent/specialist/",
        "/admin/matching/need/",
        "/admin/matching/approach/",
        f"/admin/matching/approachmail/{approach.mails.get().pk}/change/",  # a masked body
        "/admin/accelerators/nomination/",
        "/admin/auth/user/",
        f"/admin/auth/user/{prefecture_user.pk}/change/",  # the group picker (filter_horizontal)
        f"/admin/portal/retentionrun/{run.pk}/change/",
        "/admin/portal/mailtext/",  # every app's mail texts
        "/admin/portal/mailtext/talent.receipt/change/",  # the preview, links masked
    ]:
        page.goto(path)
        expect(page.locator("#content h1")).to_be_visible()
        assert_accessible(page)
    page.goto(f"/admin/matching/approachmail/{approach.mails.get().pk}/change/")
    expect(page.locator(".field-shown_body")).to_contain_text("（個人用リンク）")
    expect(page.locator(".field-shown_body")).not_to_contain_text("/reply/")
    page.goto("/admin/portal/mailtext/talent.receipt/change/")
    expect(page.locator(".field-preview")).to_contain_text(person.receipt_number)
    expect(page.locator(".field-preview")).to_contain_text("（個人用リンク）")
    # The request page /talent/edit/ may show; a link with a token may not.
    expect(page.locator(".field-preview")).not_to_contain_text(re.compile(r"/talent/edit/[\w:-]+/"))
