"""The site's work that runs on the task queue (Django's Tasks API, through the django-tasks
backport until Django 6 ships it as `django.tasks`).

Production runs the database backend (`manage.py db_worker`); development, the demo and the
tests run the immediate backend, where enqueueing runs the task at once in the same process.
"""

import logging
from datetime import timedelta
from typing import Any, TypedDict, TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResult, TaskResultStatus, task

from .imports import (
    ImportRefused,
    pending_import_check,
    pending_import_confirm,
    pending_import_unreadable,
)
from .outbox import outbox_attempt, outbox_attempts, outbox_retry_delay
from .retention import retention_apply

logger = logging.getLogger(__name__)

MAIL_QUEUE = "mail"

_Value = TypeVar("_Value")


class ImportChecked(TypedDict):
    checked: bool


class ImportConfirmed(TypedDict, total=False):
    refused: str  # nothing imported: why (Japanese)
    imported: int
    skipped: int


class RoundStarted(TypedDict):
    round: int
    requests: int
    left_out: int  # previewed, but withdrawn or confirmed before the round started


class RetentionDone(TypedDict):
    run: int
    entries: int


class TaskFailed(Exception):
    """A task that ran where it was queued (the immediate backend) and failed; the log has why."""


def task_value(result: TaskResult[_Value]) -> _Value | None:
    """What a task returned if it has run already (the immediate backend); None while it waits
    for a worker. A task that ran and failed raises TaskFailed rather than the backend's
    ValueError, so the caller can say so in Japanese."""
    if not result.is_finished:
        return None
    if result.status != TaskResultStatus.SUCCESSFUL:
        raise TaskFailed(result.id)
    return result.return_value


@task(queue_name=MAIL_QUEUE)
def mail_send(label: str, pk: Any) -> str:
    """Send one outbox row; after a failure, try again later with a growing delay."""
    outcome = outbox_attempt(label=label, pk=pk)
    if outcome == "failed" and mail_send.get_backend().supports_defer:
        attempts = outbox_attempts(label=label, pk=pk)
        if attempts < settings.MAIL_MAX_ATTEMPTS:
            delay = timedelta(seconds=outbox_retry_delay(attempts=attempts))
            mail_send.using(run_after=timezone.now() + delay).enqueue(label, pk)
    return outcome


def mail_enqueue(*, mail: models.Model) -> None:
    """Queue one stored mail for sending once the transaction that stored it has committed."""
    label, pk = mail._meta.label, mail.pk
    transaction.on_commit(lambda: mail_enqueue_now(label=label, pk=pk))


def mails_enqueue(*, mails: list[models.Model]) -> None:
    """mail_enqueue for many stored mails (a day's digests): one transaction for all the jobs,
    which on the database queue is one commit rather than one per mail."""
    jobs = [(mail._meta.label, mail.pk) for mail in mails]
    transaction.on_commit(lambda: mails_enqueue_now(jobs=jobs))


def mails_enqueue_now(*, jobs: list[tuple[str, Any]]) -> None:
    # As mail_enqueue_now: a queue that cannot take the jobs loses nothing (resend_mail).
    try:
        with transaction.atomic():
            for label, pk in jobs:
                mail_send.enqueue(label, pk)
    except Exception:
        logger.exception("%s mails could not be queued; resend_mail will send them", len(jobs))


def mail_enqueue_now(*, label: str, pk: Any) -> None:
    # A queue that cannot take the job loses nothing: the row waits for `resend_mail`.
    try:
        mail_send.enqueue(label, pk)
    except Exception:
        logger.exception("Mail %s %s could not be queued; resend_mail will send it", label, pk)


@task()
def import_check(importer_path: str, pk: str) -> ImportChecked:
    """Read and check a large upload off the web tier; its preview page waits for the result."""
    try:
        pending = pending_import_check(importer=import_string(importer_path), pk=pk)
    except Exception:
        # The page waiting for this file says it failed, instead of waiting for ever.
        pending_import_unreadable(pk=pk)
        raise
    return {"checked": pending is not None}


@task()
def import_confirm(
    importer_path: str, pk: str, user_id: int, include: list[str]
) -> ImportConfirmed:
    """Confirm a large import off the web tier; the result lands in the import log."""
    user = get_user_model().objects.get(pk=user_id)
    try:
        log = pending_import_confirm(
            importer=import_string(importer_path), pk=pk, user=user, include=include
        )
    except ImportRefused as refusal:
        # The pending import keeps the updated preview: reopening it shows why.
        logger.warning("Queued import %s was refused: %s", pk, refusal)
        return {"refused": str(refusal)}
    return {"imported": log.imported_count, "skipped": log.skipped_count}


@task()
def reconfirmation_round_run(
    app_label: str, user_id: int, preview_id: str, entry_ids: list[int]
) -> RoundStarted:
    """Start the round of one app's yearly reconfirmation (AppConfig.reconfirmation) that the
    staff member who asked confirmed on its preview: `entry_ids` are the previewed entries,
    never a list made again here. Each mail is queued as it is stored.

    Running it twice is harmless: the preview records its round, and the second run starts none.
    """
    config: Any = apps.get_app_config(app_label)  # the app's own AppConfig names it
    reconfirmation = import_string(config.reconfirmation)  # portal.reconfirmation.Reconfirmation
    pending = reconfirmation.previewed_round_start(
        pending_id=preview_id,
        entry_ids=entry_ids,
        by=get_user_model().objects.get(pk=user_id),
    )
    left_out = sum(pending.left_out.values())
    return {"round": pending.round_id or 0, "requests": pending.asked or 0, "left_out": left_out}


@task()
def retention_run() -> RetentionDone:
    """Erase what every app's retention periods allow, the expired pending imports and the old
    sign-in records; one record of it all (portal.retention)."""
    run = retention_apply()
    return {"run": run.pk, "entries": run.entries}
