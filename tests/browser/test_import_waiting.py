"""A large file is checked on the queue: the page says it is waiting, and shows the preview by
itself once the worker is done."""

from playwright.sync_api import expect

from portal.roles import MIC_GROUP, roles_apply
from tests.browser.helpers import BROWSER, assert_accessible, sign_in
from tests.factories import make_user
from tests.registry.import_helpers import SECOND_ROW, VALID_ROW, answers_xlsx
from tests.registry.test_queued_work import DATABASE_BACKEND, _run_queued

pytestmark = BROWSER


def test_the_waiting_page_turns_into_the_preview_when_the_worker_is_done(page, settings, tmp_path):
    settings.IMPORT_QUEUE_BYTES = 1
    settings.TASKS = DATABASE_BACKEND
    roles_apply()
    sign_in(page, make_user("mic-wait", groups=[MIC_GROUP]), path="/admin/login/?next=/admin/")
    file = tmp_path / "answers.xlsx"
    file.write_bytes(answers_xlsx([VALID_ROW, SECOND_ROW]))
    page.goto("/admin/registry/registration/import/")

    page.get_by_label("ファイル（.xlsx または .csv、5MBまで）").set_input_files(file)
    page.get_by_role("button", name="読み込んで内容を確認する").click()
    expect(page.locator("#import-checking")).to_contain_text("内容を確認しています")
    assert_accessible(page)

    _run_queued()

    expect(page.locator("#import-summary")).to_contain_text(
        "の2行を読み込みました。", timeout=15000
    )
    expect(page.get_by_role("button", name="取り込む")).to_be_visible()
