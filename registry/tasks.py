"""The registry's slow work on the task queue (portal.tasks explains the backends): the daily
erasure of personal data past its retention period (and of old sign-in records). (Reconfirmation rounds: portal.tasks.)"""

from django.db import transaction
from django_tasks import task

from portal.imports import pending_imports_purge
from portal.retention import login_logs_prune

from .retention import retention_apply


@task()
def retention_run():
    """Erase what is past its retention period, the expired pending imports and the old sign-in
    records; one record of it all."""
    # All of it or none: a failed run deletes nothing that its record would not show.
    with transaction.atomic():
        run = retention_apply(
            pending_imports=pending_imports_purge(), login_logs=login_logs_prune()
        )
    return {
        "registrations": run.registrations,
        "history_rows": run.history_rows,
        "mails": run.mails,
        "pending_imports": run.pending_imports,
        "login_logs": run.login_logs,
    }
