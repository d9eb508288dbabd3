"""Keyboard focus in the admin: every control reached by Tab shows an outline at least 2 px wide
with 3:1 contrast against what surrounds it, in the light and the dark theme."""

import pytest

from portal.roles import MIC_GROUP, roles_apply
from tests.browser.helpers import BROWSER, sign_in
from tests.browser.test_focus import FOCUS_STYLE, contrast
from tests.factories import make_registration, make_user

pytestmark = BROWSER
PAGES = ["/admin/registry/registration/", "/admin/registry/registration/{pk}/change/"]
TABS = 120


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_focused_control_in_the_admin_shows_a_3_to_1_outline(page, db, scheme, screenshot):
    roles_apply()
    mic = make_user("mic-focus", groups=[MIC_GROUP])
    registration = make_registration(company_name="フォーカス確認株式会社")
    page.emulate_media(color_scheme=scheme)
    sign_in(page, mic)
    kinds = set()
    for path in PAGES:
        page.goto(path.format(pk=registration.pk))
        for _ in range(TABS):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_STYLE)
            if focus["kind"] == "body":
                continue
            kinds.add(focus["kind"])
            assert focus["outlineStyle"] == "solid", (path, focus)
            assert focus["outlineWidth"] >= 2, (path, focus)
            ratio = contrast(focus["outlineColor"], focus["background"])
            assert ratio >= 3, (
                path,
                focus,
                ratio,
                page.evaluate("document.activeElement.outerHTML"),
            )
    screenshot(page, f"admin-focus-{scheme}")
    assert {"a", "button", "select", "input:text", "input:checkbox", "textarea"} <= kinds
