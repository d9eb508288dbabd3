"""The registry's slow work on the task queue (portal.tasks explains the backends): the daily
erasure of personal data past its retention period. (Reconfirmation rounds: portal.tasks.)"""

from django_tasks import task

from portal.imports import pending_imports_purge

from .retention import retention_apply


@task()
def retention_run():
    """Erase what is past its retention period, and the expired pending imports; one record."""
    run = retention_apply(pending_imports=pending_imports_purge())
    return {
        "registrations": run.registrations,
        "history_rows": run.history_rows,
        "mails": run.mails,
        "pending_imports": run.pending_imports,
    }
