"""A large upload is read and checked on the task queue: the request only keeps the file, and the
preview page waits until the worker has filled it in."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from portal.models import PendingImport
from portal.tasks import import_check
from registry.models import Registration
from tests.registry.import_helpers import (
    IMPORT,
    SECOND_ROW,
    VALID_ROW,
    answers_xlsx,
    confirm,
    messages_after,
)
from tests.registry.test_queued_work import DATABASE_BACKEND, _failing, _run_queued
from tests.spreadsheets import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(settings):
    """Every file counts as large."""
    settings.IMPORT_QUEUE_BYTES = 1
    return settings


def _preview_url(pending):
    return reverse("admin:registry_registration_import_preview", args=[pending.pk])


def test_the_request_only_keeps_the_file_and_the_page_waits_for_the_worker(mic_client, large):
    large.TASKS = DATABASE_BACKEND
    response = upload(mic_client, IMPORT, answers_xlsx([VALID_ROW, SECOND_ROW]), "answers.xlsx")
    pending = PendingImport.objects.get()

    assert response.status_code == 302 and response.url == _preview_url(pending)
    assert pending.checking and pending.rows == [] and bytes(pending.content)
    assert DBTaskResult.objects.get().task_path == import_check.module_path
    waiting = mic_client.get(response.url).content.decode()
    assert "内容を確認しています" in waiting and "import-wait.js" in waiting
    assert 'value="confirm"' not in waiting
    # A confirmation posted anyway (an old tab, a crafted request) stores nothing.
    refused = messages_after(mic_client, confirm(mic_client, pending))
    assert "ファイルの確認が終わっていないため、何も取り込んでいません。" in refused
    assert not Registration.objects.exists()

    _run_queued()

    pending.refresh_from_db()
    assert not pending.checking and pending.content is None and len(pending.rows) == 2
    ready = mic_client.get(response.url).content.decode()
    assert (
        "「answers.xlsx」の2行を読み込みました。" in ready and "data-import-checking" not in ready
    )
    messages_after(mic_client, confirm(mic_client, pending))
    assert Registration.objects.count() == 2


def test_a_large_file_that_cannot_be_read_says_why_on_the_upload_page(mic_client, large):
    large.TASKS = DATABASE_BACKEND
    response = upload(mic_client, IMPORT, b"not a spreadsheet at all", "answers.xlsx")
    _run_queued()

    page = mic_client.get(response.url)

    assert page.status_code == 302 and page.url == IMPORT
    assert "読み取れません" in messages_after(mic_client, page)
    assert PendingImport.objects.get().content is None
    response = confirm(mic_client, PendingImport.objects.get())
    refused = mic_client.get(response.url, follow=True).content.decode()
    assert "読み取れません" in refused
    assert not Registration.objects.exists()


def test_with_the_immediate_backend_the_preview_is_there_at_once(mic_client, large):
    response = upload(mic_client, IMPORT, answers_xlsx([VALID_ROW]), "answers.xlsx")

    page = mic_client.get(response.url).content.decode()

    assert "「answers.xlsx」の1行を読み込みました。" in page


def test_a_check_that_fails_where_it_runs_says_so_instead_of_waiting(
    mic_client, large, monkeypatch
):
    monkeypatch.setattr("portal.tasks.pending_import_check", _failing)
    response = upload(mic_client, IMPORT, answers_xlsx([VALID_ROW]), "answers.xlsx")

    page = mic_client.get(response.url)

    assert page.url == IMPORT
    assert "ファイルを読み取れませんでした。何も取り込んでいません。" in messages_after(
        mic_client, page
    )
    assert PendingImport.objects.get().content is None


def test_an_import_cancelled_while_the_worker_reads_it_is_left_alone(mic_client, large):
    from portal.imports import pending_import_check
    from registry.imports import REGISTRATION_IMPORT

    large.TASKS = DATABASE_BACKEND
    upload(mic_client, IMPORT, answers_xlsx([VALID_ROW]), "answers.xlsx")
    pending = PendingImport.objects.get()
    PendingImport.objects.filter(pk=pending.pk).delete()  # 取り消す, before the worker got to it

    assert pending_import_check(importer=REGISTRATION_IMPORT, pk=pending.pk) is None
    assert not PendingImport.objects.exists()
