"""Slow work goes to the task queue: large imports, the reconfirmation round, the retention run.

With the database backend the request only queues the job (a worker runs it later); with the
immediate backend of development and the tests, the same job runs at once, as before.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import ImportLog, PendingImport, PendingReconfirmationRound, RetentionRun
from portal.tasks import import_confirm, reconfirmation_round_run, retention_run
from registry.models import ReconfirmationRequest, ReconfirmationRound, Registration
from tests.factories import make_registration
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


START = reverse("admin:registry_reconfirmationround_add")


def _due_registration(name):
    registration = make_registration(company_name=name, email=f"{len(name)}-{name}@example.jp")
    Registration.objects.filter(pk=registration.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=400)
    )
    return registration


def _previewed(client):
    """The id of a round's preview, as 「年次確認を始める」 made it."""
    return client.get(START).url.split("preview=")[1]


def test_the_reconfirmation_round_is_started_by_the_worker_with_the_previewed_ids(
    mic_client, database_backend
):
    previewed = _due_registration("確認画面株式会社")
    preview_id = _previewed(mic_client)

    response = mic_client.post(START, {"preview": preview_id})

    assert "作業キューで順に作成・送信します" in mic_client.get(response.url).content.decode()
    assert not ReconfirmationRound.objects.exists()
    job = DBTaskResult.objects.get(task_path=reconfirmation_round_run.module_path)
    assert job.task_result.args[2:] == [preview_id, [previewed.pk]]  # the ids, not a query
    later = _due_registration("後から株式会社")  # due before the worker runs: not previewed
    _run_queued()
    assert ReconfirmationRound.objects.count() == 1
    assert [r.registration for r in ReconfirmationRequest.objects.all()] == [previewed]
    result = mic_client.get(response.url).content.decode()
    assert "1件の登録に年次確認のメールを送ります。" in result
    assert "確認画面の後に対象になった1件の登録には送っていません" in result
    assert later.reconfirmation_deadline is None


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
    _due_registration("失敗株式会社")

    response = mic_client.post(START, {"preview": _previewed(mic_client)})

    assert "年次確認を始められませんでした。" in messages_after(mic_client, response)
    assert not ReconfirmationRound.objects.exists()


def test_a_retention_run_that_fails_where_it_runs_ends_the_command_with_an_error(monkeypatch):
    monkeypatch.setattr("portal.tasks.retention_apply", _failing)

    with pytest.raises(CommandError, match="消去に失敗しました"):
        call_command("erase_expired_personal_data", stdout=StringIO())
    assert not RetentionRun.objects.exists()


def test_a_confirmed_round_waiting_for_the_worker_outlives_the_previews_hour(
    mic_client, database_backend
):
    _due_registration("待ち株式会社")
    mic_client.post(START, {"preview": _previewed(mic_client)})
    PendingReconfirmationRound.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    _due_registration("次の確認画面株式会社")
    _previewed(mic_client)  # a new preview purges the expired ones, but not this one

    _run_queued()

    assert ReconfirmationRequest.objects.get().registration.company_name == "待ち株式会社"
