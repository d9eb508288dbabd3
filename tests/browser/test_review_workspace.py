"""総務省 reviews from the "your turn" panel: the queue (oldest first) → the oldest record →
掲載する → the next record, the outcome focused → 差し戻す with a reason → back to the queue.
axe-core finds nothing, no page scrolls sideways and no table cell is narrower than its longest
word, at 1280 and 375 px, on the queue and the record page."""

from django.utils import timezone

from portal.roles import MIC_GROUP, roles_apply
from registry import workflow
from registry.models import OutgoingMail, Registration
from tests.browser.helpers import BROWSER, DESKTOP, PHONE, assert_accessible, sign_in
from tests.browser.test_phone_tables import NARROW_CELLS
from tests.factories import make_registration, make_specialist, make_user

pytestmark = BROWSER

FOCUSED = "() => document.activeElement.textContent.trim()"


def _both_sizes(page):
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], page.url
        assert_accessible(page)
        assert page.evaluate(NARROW_CELLS) == [], page.url
    page.set_viewport_size(DESKTOP)


def _aged(entry, days):
    type(entry).objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=days)
    )
    entry.refresh_from_db()
    return entry


def test_mic_publishes_the_oldest_then_returns_the_next(page, screenshot):
    roles_apply()
    mic = make_user("mic-review", groups=[MIC_GROUP])
    oldest = _aged(make_registration(company_name="最古デジタル株式会社", email="a@example.jp"), 5)
    following = _aged(
        make_registration(
            company_name="次点システムズ株式会社", email="b@example.jp", department="旧い部署"
        ),
        3,
    )
    workflow.registration_transition(
        registration=following, to="returned", by=mic, comment="部署名をご確認ください。"
    )
    following.refresh_from_db()
    following.department = "デジタル推進部"
    following._change_reason = "企業・団体による変更"
    following.save()
    workflow.registration_transition(registration=following, to="received", by=None)
    make_registration(company_name="株式会社 次点システムズ", email="c@example.jp")  # a duplicate
    make_specialist(name="確認　待子", email="p@example.jp")

    sign_in(page, mic)
    page.wait_for_url("**/staff/")
    turn = page.get_by_role("region", name="対応を待っているもの")
    turn.get_by_role("link", name="確認を待つ企業・団体の登録 3件").click()

    page.wait_for_url("**/staff/review/companies/")
    assert page.locator("#review-count").inner_text() == "3件"
    rows = page.locator("#review-queue tbody tr")
    assert "最古デジタル株式会社" in rows.nth(0).inner_text()
    assert "あり" in rows.nth(1).inner_text()  # the possible duplicate
    assert page.locator("select#id_prefecture").count() == 1
    _both_sizes(page)
    screenshot(page, "review-queue")

    rows.nth(0).get_by_role("link", name="最古デジタル株式会社").click()
    page.wait_for_url(f"**/staff/review/companies/{oldest.pk}/")
    assert page.locator("#review-answers").is_visible()
    assert "まだ確認していない登録" in page.locator("#review-changes").inner_text()
    next_link = page.locator('a[rel="next"]')
    assert next_link.get_attribute("href") == f"/staff/review/companies/{following.pk}/"
    _both_sizes(page)
    page.get_by_role(
        "button",
        name="掲載する（公開の協力企業・団体一覧と、出向できる都道府県の一覧に表示されます）",
    ).click()

    page.wait_for_url(f"**/staff/review/companies/{following.pk}/")
    assert page.evaluate(FOCUSED) == f"{oldest.receipt_number} を「掲載」にしました。"
    oldest.refresh_from_db()
    assert oldest.status == Registration.Status.PUBLISHED
    changes = page.locator("#review-changes").inner_text()
    assert "前回の確認以降の変更" in changes and "旧い部署 → デジタル推進部" in changes
    assert "株式会社 次点システムズ" in page.locator("#review-duplicates").inner_text()
    _both_sizes(page)
    screenshot(page, "review-record")

    page.get_by_role("button", name="差し戻す（理由をメールで企業・団体に送ります）").click()
    assert page.get_by_text("差戻しの理由を入力してください").first.is_visible()  # required
    page.get_by_label("差戻しの理由（メールで送ります）").fill(
        "活動拠点の都道府県をご確認ください。"
    )
    page.get_by_role("button", name="差し戻す（理由をメールで企業・団体に送ります）").click()

    # The last one (the duplicate) is next in the queue.
    page.wait_for_url("**/staff/review/companies/*/")
    assert page.evaluate(FOCUSED) == f"{following.receipt_number} を「差戻し」にしました。"
    mail = OutgoingMail.objects.filter(registration=following, kind="returned").latest("pk")
    assert "活動拠点の都道府県をご確認ください。" in mail.body


def test_the_people_queue_reads_on_a_phone(phone_page):
    roles_apply()
    mic = make_user("mic-review-phone", groups=[MIC_GROUP])
    person = make_specialist(name="電話　確認", email="phone@example.jp")

    sign_in(phone_page, mic)
    phone_page.wait_for_url("**/staff/")
    phone_page.goto("/staff/review/people/")
    assert "電話　確認" in phone_page.locator("#review-queue").inner_text()
    _both_sizes(phone_page)
    phone_page.goto(f"/staff/review/people/{person.pk}/")
    assert phone_page.get_by_role(
        "button", name="掲載する（本人が選んだ都道府県の一覧に表示されます。公開はしません）"
    ).is_visible()
    _both_sizes(phone_page)
