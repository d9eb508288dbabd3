"""The trimmed Bootstrap (bench/trim_bootstrap.sh) styles every page exactly as the full one does.

Each page is read twice, with the trimmed file the site serves and then with the full file in its
place, and every element's computed style must match. A class added to a template without
rebuilding the trimmed file fails here.
"""

from django.templatetags.static import static

from portal.roles import MIC_GROUP
from tests.browser.helpers import BROWSER, sign_in
from tests.factories import (
    make_appointed,
    make_need,
    make_prefecture_user,
    make_registration,
    make_specialist,
    make_user,
    prefectures,
    reviewed,
)

pytestmark = BROWSER

PROPERTIES = [
    "display", "position", "float", "box-sizing", "width", "height", "margin-top", "margin-right",
    "margin-bottom", "margin-left", "padding-top", "padding-right", "padding-bottom",
    "padding-left", "border-top-width", "border-bottom-width", "border-left-width",
    "border-top-color", "border-top-style", "border-radius", "color", "background-color",
    "background-image", "font-size", "font-weight", "line-height", "text-align",
    "text-decoration-line", "vertical-align", "white-space", "flex-direction", "flex-wrap",
    "justify-content", "align-items", "gap", "opacity", "visibility", "overflow-x", "box-shadow",
    "outline-style", "list-style-type", "appearance",
]  # fmt: skip
STYLES = """(properties) => [...document.querySelectorAll("body *")].map((el) => {
  const style = getComputedStyle(el);
  return el.tagName + (el.id ? "#" + el.id : "") + " " + el.className + " | " +
    properties.map((name) => style.getPropertyValue(name)).join(";");
})"""
# A focused field is read mid-transition otherwise.
NO_TRANSITIONS = """() => document.querySelectorAll("*").forEach((el) => {
  el.style.transition = "none";  // through the CSSOM, which the Content-Security-Policy allows
})"""
USE_FULL = """(href) => new Promise((resolve) => {
  const link = document.querySelector('link[href*="bootstrap.trimmed"]');
  link.onload = () => resolve(true);
  link.href = href;
})"""


def _same_with_the_full_file(page, paths):
    full = static("vendor/bootstrap/bootstrap.min.css")
    for path in paths:
        page.goto(path)
        page.evaluate(NO_TRANSITIONS)
        trimmed = page.evaluate(STYLES, PROPERTIES)
        assert page.evaluate(USE_FULL, full)
        differences = [
            (a, b)
            for a, b in zip(trimmed, page.evaluate(STYLES, PROPERTIES), strict=True)
            if a != b
        ]
        assert differences == [], path


def test_public_pages_look_the_same_with_the_trimmed_bootstrap(page):
    reviewed(make_registration(company_name="公開株式会社"), publish=True)
    page.goto("/register/")
    page.get_by_role("button", name="確認画面へ進む").click()  # errors: alerts, invalid fields
    paths = ["/", "/companies/", "/talent/register/", "/register/edit/", "/privacy/",
             "/accounts/login/", "/no-such-page/"]  # fmt: skip
    _same_with_the_full_file(page, [page.url, *paths])


def test_staff_pages_look_the_same_with_the_trimmed_bootstrap(page):
    user = make_prefecture_user("hokkaido-trim", "01")
    company = reviewed(make_registration(dispatch_prefectures=prefectures("01")))
    make_appointed("01")
    make_specialist(status="listed", desired_prefectures=["01"])
    need = make_need("01", by=user)
    sign_in(page, user)
    paths = ["/staff/", "/prefecture/companies/", f"/prefecture/companies/{company.pk}/",
             "/accelerators/", "/accelerators/new/", "/accelerators/dashboard/",
             "/accelerators/contracted/", "/talent/staff/", "/matching/",
             "/matching/needs/new/", f"/matching/needs/{need.pk}/"]  # fmt: skip
    _same_with_the_full_file(page, paths)


def test_mic_pages_look_the_same_with_the_trimmed_bootstrap(page):
    mic = make_user("mic-trim", groups=[MIC_GROUP])
    sign_in(page, mic)
    _same_with_the_full_file(page, ["/staff/", "/matching/funnel/", "/accelerators/dashboard/"])
