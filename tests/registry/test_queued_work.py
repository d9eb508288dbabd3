"""Slow work goes to the task queue: large imports, the reconfirmation round, the retention run.

With the database backend the request only queues the job (a worker runs it later); with the
immediate backend of development and the tests, the same job runs at once, as before.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from portal.models import ImportLog, PendingImport, RetentionRun
from portal.tasks import import_confirm, reconfirmation_round_run, retention_run
from registry.models import ReconfirmationRound, Registration
from tests.registry.import_helpers import (
    SECOND_ROW,
    VALID_ROW,
    answers_xlsx,
    confirm,
    messages_after,
    previewed,
)

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
}


@pytest.fixture
def database_backend(settings):
    settings.TASKS = DATABASE_BACKEND


def _run_queued():
    """Do what `db_worker` does with each waiting job, in this process."""
    for job in DBTaskResult.objects.order_by("enqueued_at"):
        result = job.task_result
        job.task.call(*result.args, **result.kwargs)


def test_an_import_above_the_threshold_is_only_queued_by_the_request(
    mic_client, settings, database_backend
):
    settings.IMPORT_QUEUE_ROWS = 1
    pending, _ = previewed(mic_client, answers_xlsx([VALID_ROW, SECOND_ROW]))

    page = messages_after(mic_client, confirm(mic_client, pending))

    assert "2行の取込みを受け付けました。" in page
    assert Registration.objects.count() == 0
    assert DBTaskResult.objects.get().task_path == import_confirm.module_path
    _run_queued()
    assert Registration.objects.count() == 2
    assert ImportLog.objects.get().imported_count == 2
    assert not PendingImport.objects.exists()


def test_an_import_above_the_threshold_runs_at_once_on_the_immediate_backend(mic_client, settings):
    settings.IMPORT_QUEUE_ROWS = 1
    pending, _ = previewed(mic_client, answers_xlsx([VALID_ROW, SECOND_ROW]))

    page = messages_after(mic_client, confirm(mic_client, pending))

    assert "2件を取り込みました。" in page
    assert Registration.objects.count() == 2


def test_a_small_import_is_still_confirmed_in_the_request(mic_client, database_backend):
    pending, _ = previewed(mic_client, answers_xlsx([VALID_ROW]))

    confirm(mic_client, pending)

    assert Registration.objects.count() == 1
    assert not DBTaskResult.objects.filter(task_path=import_confirm.module_path).exists()


def test_the_reconfirmation_round_is_started_by_the_worker(mic_client, database_backend):
    response = mic_client.post(reverse("admin:registry_reconfirmationround_add"))

    assert "作業キューで順に送信します" in messages_after(mic_client, response)
    assert not ReconfirmationRound.objects.exists()
    assert DBTaskResult.objects.get().task_path == reconfirmation_round_run.module_path
    _run_queued()
    assert ReconfirmationRound.objects.count() == 1


def test_the_retention_command_queues_one_run(database_backend):
    out = StringIO()
    call_command("erase_expired_personal_data", stdout=out)

    assert "作業キューに入れました" in out.getvalue()
    assert not RetentionRun.objects.exists()
    assert DBTaskResult.objects.get().task_path == retention_run.module_path
    _run_queued()
    assert RetentionRun.objects.count() == 1


def _failing(*args, **kwargs):
    raise RuntimeError("the task broke")


def test_a_large_import_that_fails_where_it_runs_says_so_and_imports_nothing(
    mic_client, settings, monkeypatch
):
    settings.IMPORT_QUEUE_ROWS = 1
    pending, _ = previewed(mic_client, answers_xlsx([VALID_ROW, SECOND_ROW]))
    monkeypatch.setattr("portal.tasks.pending_import_confirm", _failing)

    page = messages_after(mic_client, confirm(mic_client, pending))

    assert "取込みの確定に失敗しました。何も取り込んでいません。" in page
    assert not Registration.objects.exists()


def test_a_round_that_fails_where_it_runs_says_so_and_asks_no_one(mic_client, monkeypatch):
    monkeypatch.setattr("portal.reconfirmation.Reconfirmation.round_start", _failing)

    response = mic_client.post(reverse("admin:registry_reconfirmationround_add"))

    assert "年次確認を始められませんでした。" in messages_after(mic_client, response)
    assert not ReconfirmationRound.objects.exists()


def test_a_retention_run_that_fails_where_it_runs_ends_the_command_with_an_error(monkeypatch):
    monkeypatch.setattr("portal.tasks.retention_apply", _failing)

    with pytest.raises(CommandError, match="消去に失敗しました"):
        call_command("erase_expired_personal_data", stdout=StringIO())
    assert not RetentionRun.objects.exists()
