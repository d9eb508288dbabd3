"""The edit pages say where the entry stands (issue 26): readable and accessible on a desktop and
on a phone, for a company 掲載 and a person 差戻し."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import BROWSER, assert_accessible
from tests.factories import edit_token, make_registration, make_specialist, reviewed

pytestmark = BROWSER


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_the_edit_pages_show_the_review_status_accessibly(request, viewport):
    page = request.getfixturevalue(viewport)
    company = reviewed(make_registration(), publish=True)
    person = make_specialist(status="returned")

    page.goto(f"/register/edit/{edit_token(company)}/")
    status = page.get_by_role("region", name="登録の状況：掲載")
    expect(status).to_be_visible()
    expect(status).to_contain_text("打診")
    assert_accessible(page)

    page.goto(f"/talent/edit/{edit_token(person)}/")
    status = page.get_by_role("region", name="登録の状況：差戻し")
    expect(status).to_be_visible()
    expect(status).to_contain_text("このページで登録内容を直して送信してください")
    assert_accessible(page)
