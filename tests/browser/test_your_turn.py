"""A prefecture's staff follow the "your turn" panel: an unseen reply on /staff/ → the filtered
打診 list → the 打診 page (the 見送り reason fields show only for 見送り) → back on /staff/ the count
went down. axe-core at 1280 and 375 px on each page changed (home, lists, the 打診 page)."""

from datetime import timedelta

from django.utils import timezone

from matching.models import Approach
from matching.workflow import approach_answer
from tests.browser.helpers import BROWSER, DESKTOP, PHONE, assert_accessible, sign_in
from tests.browser.test_phone_tables import NARROW_CELLS
from tests.factories import make_need, make_nomination, make_prefecture_user, make_specialist

pytestmark = BROWSER


def _both_sizes(page):
    """axe-core finds nothing, and no table cell is narrower than a word in it, at both widths."""
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], page.url
        assert_accessible(page)
        assert page.evaluate(NARROW_CELLS) == [], page.url
    page.set_viewport_size(DESKTOP)


def test_a_prefecture_opens_its_unseen_reply_and_the_count_goes_down(page):
    user = make_prefecture_user("hokkaido-turn", "01")
    need = make_need("01", by=user, title="窓口DXの推進")
    person = make_specialist(status="listed", desired_prefectures=["01"], name="返答　花子")
    approach = Approach.objects.create(need=need, specialist=person, sent_by=user,
                                       follow_up_on=timezone.localdate() + timedelta(days=14))  # fmt: skip
    approach_answer(approach=approach, response="interested", message="ぜひお話を伺いたいです。")
    late = make_specialist(status="listed", desired_prefectures=["01"], name="期限　一郎")
    Approach.objects.create(need=need, specialist=late, sent_by=user,
                            follow_up_on=timezone.localdate() - timedelta(days=1))  # fmt: skip
    make_nomination("01", status="returned", by=user)

    sign_in(page, user)
    page.wait_for_url("**/staff/")
    turn = page.get_by_role("region", name="対応を待っているもの")
    assert "確認日を過ぎた打診 1件" in turn.inner_text()
    assert "差し戻された推薦 1件" in turn.inner_text()
    _both_sizes(page)

    turn.get_by_role("link", name="未確認の返答 1件").click()
    page.wait_for_url("**/matching/approaches/?show=unseen")
    assert page.locator("#approach-count").inner_text() == "1件"
    _both_sizes(page)
    page.get_by_role("link", name="返答　花子").click()

    page.wait_for_url(f"**/matching/approaches/{approach.pk}/")
    assert "ぜひお話を伺いたいです。" in page.locator("#approach-response").inner_text()
    reason = page.get_by_label("見送りの理由", exact=True)
    assert not reason.is_visible()
    page.locator("#id_outcome").select_option("declined")
    assert reason.is_visible()
    _both_sizes(page)
    page.locator("#id_outcome").select_option("interview")
    assert not reason.is_visible()

    page.goto("/staff/")
    turn = page.get_by_role("region", name="対応を待っているもの")
    assert "未確認の返答 0件" in turn.inner_text()

    page.goto("/matching/approaches/?sort=follow_up")
    rows = page.locator("#approaches tbody tr")
    assert "期限　一郎" in rows.nth(0).inner_text()
    _both_sizes(page)
    page.goto("/matching/")
    _both_sizes(page)
    page.goto(f"/matching/needs/{need.pk}/")
    assert "過ぎています" in page.locator("#approaches").inner_text()
    _both_sizes(page)


def test_without_javascript_the_reason_fields_are_shown(no_js_page):
    user = make_prefecture_user("hokkaido-nojs", "01")
    need = make_need("01", by=user)
    person = make_specialist(status="listed", desired_prefectures=["01"], name="無効　太郎")
    approach = Approach.objects.create(need=need, specialist=person, sent_by=user)
    sign_in(no_js_page, user)
    no_js_page.wait_for_url("**/staff/")
    no_js_page.goto(f"/matching/approaches/{approach.pk}/")
    assert no_js_page.get_by_label("見送りの理由", exact=True).is_visible()
