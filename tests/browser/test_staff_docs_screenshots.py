"""The pictures in docs/staff/ come from here: the demo data (setup_demo), a prefecture's and 総務省's
demo user signed in with the second factor, the pages the staff pages describe, one PNG each,
1280 px wide. The files are written anew on every run and committed; a picture that differs from
the committed one is the point of regenerating, not a failure. Each page is checked to be the one
the docs name (its heading), so a moved page fails here instead of leaving a stale picture."""

import io
import struct
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.browser.helpers import BROWSER, DESKTOP, screenshot_save, sign_in

pytestmark = BROWSER
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "staff" / "img"
PASSWORD = "pass-for-tests-only"
TALLEST = 1800  # px: enough for a list's first rows, small enough to keep the files light


def _demo_user(username):
    call_command("setup_demo", force=True, stdout=io.StringIO())
    user = get_user_model().objects.get(username=username)
    user.set_password(PASSWORD)
    user.save()
    return user


def _picture(page, name, heading, tallest=TALLEST):
    """Save the page as docs/staff/img/<name>.png, once its main heading is the expected one."""
    page.get_by_role("heading", level=1).filter(has_text=heading).wait_for()
    page.wait_for_load_state("networkidle")
    height = min(page.evaluate("document.documentElement.scrollHeight"), tallest)
    IMAGES.mkdir(parents=True, exist_ok=True)
    path = IMAGES / f"{name}.png"
    screenshot_save(
        page,
        path=path,
        full_page=True,
        clip={"x": 0, "y": 0, "width": DESKTOP["width"], "height": height},
    )
    width = struct.unpack(">I", path.read_bytes()[16:20])[0]  # the PNG header's IHDR width
    assert width == DESKTOP["width"], (name, width)


def test_pictures_of_a_prefectures_pages(page):
    sign_in(page, _demo_user("hokkaido"))

    page.wait_for_url("**/staff/")
    _picture(page, "prefecture-home", "北海道のページ")
    page.goto("/prefecture/companies/")
    _picture(page, "prefecture-companies", "協力企業・団体一覧（北海道）")
    page.goto("/talent/staff/")
    _picture(page, "prefecture-talent", "協力可能人材一覧（北海道）")
    page.goto("/matching/")
    _picture(page, "prefecture-needs", "募集の一覧（北海道）")
    page.get_by_role("link", name="市町村のフロントヤード改革支援").first.click()
    _picture(page, "prefecture-need", "市町村のフロントヤード改革支援")
    page.goto("/accelerators/")
    _picture(page, "prefecture-nominations", "自治体DXアクセラレータの推薦（北海道）")
    page.goto("/matching/approaches/?sort=follow_up")
    _picture(page, "prefecture-approaches", "打診の一覧（北海道）")
    page.goto("/staff/notifications/")
    _picture(page, "prefecture-notifications", "お知らせメールの受け取り方")


def test_pictures_of_mics_pages(page):
    sign_in(page, _demo_user("mic"))

    page.wait_for_url("**/staff/")
    _picture(page, "mic-home", "総務省のページ")
    page.goto("/admin/registry/registration/")
    _picture(page, "mic-registrations", "協力企業・団体の登録", tallest=1000)
    page.goto("/admin/registry/registration/?status__exact=received")
    page.locator("#result_list tbody tr").first.locator("a").first.click()
    _picture(page, "mic-registration", "協力企業・団体の登録")
    page.goto("/accelerators/?status=submitted")
    _picture(page, "mic-nominations", "自治体DXアクセラレータの推薦")
    page.goto("/accelerators/dashboard/")
    _picture(page, "mic-dashboard", "自治体DXアクセラレータの任命状況")
    page.goto("/matching/funnel/")
    _picture(page, "mic-funnel", "募集から任用までの状況（全国）")
    page.goto("/staff/invitations/")
    _picture(page, "mic-invitations", "職員の招待")
    page.goto("/staff/review/companies/")
    _picture(page, "mic-review-queue", "確認を待つ")
    page.locator("#review-queue tbody tr").first.locator("a").first.click()
    _picture(page, "mic-review-record", "KR-")
    page.goto("/admin/registry/reconfirmationround/add/")
    _picture(page, "mic-reconfirmation-preview", "年次確認")


def test_picture_of_the_road_to_the_target(page):
    """The dashboard's history part alone (the page above it is in mic-dashboard.png)."""
    sign_in(page, _demo_user("mic"))
    page.wait_for_url("**/staff/")
    page.goto("/accelerators/dashboard/")
    page.get_by_role("heading", level=1).filter(has_text="任命状況").wait_for()
    history = page.locator("#history")
    box = history.bounding_box()
    path = IMAGES / "mic-dashboard-history.png"
    screenshot_save(
        page,
        path=path,
        full_page=True,
        clip={
            "x": 0,
            "y": box["y"],
            "width": DESKTOP["width"],
            "height": min(box["height"], TALLEST),
        },
    )
    width = struct.unpack(">I", path.read_bytes()[16:20])[0]
    assert width == DESKTOP["width"]
