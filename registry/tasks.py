"""The registry's slow work on the task queue (portal.tasks explains the backends): the yearly
reconfirmation round, and the daily erasure of personal data past its retention period."""

from django.contrib.auth import get_user_model
from django_tasks import task

from portal.imports import pending_imports_purge

from .reconfirmation import reconfirmation_round_start
from .retention import retention_apply


@task()
def reconfirmation_round_run(user_id):
    """Start a round for the staff member who asked; each mail is queued as it is stored.

    Running it twice is harmless: the second run finds every registration already asked.
    """
    round_ = reconfirmation_round_start(by=get_user_model().objects.get(pk=user_id))
    return {"round": round_.pk, "requests": round_.requests.count()}


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
