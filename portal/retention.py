"""Erasure of personal data that is no longer needed (個人情報保護法), for every app.

The daily run (`manage.py erase_expired_personal_data`, on the task queue: portal.tasks) asks each
app for its part — `AppConfig.retention`, a dotted path to a function `(*, now) -> RetentionPart`
— and records them all in one RetentionRun, in one transaction: a failed run erases nothing that
its record would not show. It also deletes the sign-in records of django-axes older than
settings.LOGIN_LOG_RETENTION_DAYS and the pending imports past their hour.

Some apps keep copies of another app's personal data (a 打診 holds the company's or person's
address in its mail, and their reply). An app that erases an entry calls `personal_copies_erase`,
which asks every app that declares `AppConfig.personal_copies_erase` (a function
`(*, model, pks, now) -> dict[str, int]`) to erase its copies: erasure reaches every copy, and no
arrow points from the entry's app to the app that copied it.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from .hooks import app_hooks
from .imports import pending_imports_purge
from .models import RetentionRun

# What an erased mail keeps as its subject: the row stays as the record that a mail went out.
ERASED_SUBJECT = "（消去済）"
# The PostgreSQL advisory lock that lets one run at a time through (any number, the same in every
# process); see `_one_run_at_a_time`.
RUN_LOCK = 7_112_022


@dataclass(frozen=True)
class RetentionPart:
    """What one app erased in one run, in words for the record (the admin shows it)."""

    label: str  # the kind of record: 協力企業・団体の登録, 協力可能人材, 打診
    rule: str  # when it is erased: 「取下げ・重複から365日」
    entries: int = 0  # records whose personal data was erased in this run
    receipt_numbers: tuple[str, ...] = ()
    erased: str = ""  # what was erased, in words
    counts: dict[str, int] = field(default_factory=dict)  # e.g. {"変更履歴の行": 3}


def counts_add(total: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    """Two tallies by what was erased, added up."""
    return {key: total.get(key, 0) + more.get(key, 0) for key in {**total, **more}}


def outbox_erase(*, mails: models.QuerySet) -> int:
    """Blank the address, subject, body and last error (an SMTP error names the address) of
    outbox rows; returns how many rows changed.

    The row stays, with its kind and dates, as the record that a mail went out; a row that was
    not sent yet has no address any more and is never sent (OutboxQuerySet.claimable).
    """
    erased = models.Q(to="", subject=ERASED_SUBJECT, body="", last_error="")
    return mails.exclude(erased).update(
        to="", subject=ERASED_SUBJECT, body="", last_error="", claimed_until=None
    )


def history_delete(*, model: type[models.Model], pks: Iterable[int]) -> int:
    """Delete every django-simple-history row of these entries, with the rows that record their
    many-to-many answers (simple-history keeps those in tables of their own, which point at the
    history rows without a database constraint, so nothing would delete them); returns how many
    history rows went."""
    history = model.history.filter(id__in=list(pks))  # type: ignore[attr-defined]
    for relation in history.model._meta.related_objects:
        relation.related_model._default_manager.filter(
            **{f"{relation.field.name}__in": history.values("pk")}
        ).delete()
    return history.delete()[0]


def admin_log_erase(*, entries: Iterable[models.Model]) -> int:
    """Rename the entries in the admin's own log (django_admin_log), which names each object it
    records by what str() gave at the time (a person's name): after erasure, by what it gives
    now (the receipt number). Returns how many log rows changed."""
    changed = 0
    for entry in entries:
        now_named = str(entry)[:200]
        changed += (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(entry), object_id=str(entry.pk)
            )
            .exclude(object_repr=now_named)
            .update(object_repr=now_named)
        )
    return changed


def personal_copies_erase(
    *, model: type[models.Model], pks: Iterable[int], now: datetime
) -> dict[str, int]:
    """Have every app erase what it copied from these entries of `model`; returns the counts."""
    pks = list(pks)
    total: dict[str, int] = {}
    if not pks:
        return total
    for _, erase in app_hooks("personal_copies_erase"):
        total = counts_add(total, erase(model=model, pks=pks, now=now))
    return total


def login_logs_prune() -> int:
    """Delete the sign-in records (successes and failures) older than the retention period;
    returns how many. The lockout counters are axes' own and expire with AXES_COOLOFF_HOURS."""
    days = settings.LOGIN_LOG_RETENTION_DAYS
    return AxesProxyHandler.reset_logs(age_days=days) + AxesProxyHandler.reset_failure_logs(
        age_days=days
    )


def _one_run_at_a_time() -> None:
    """Make a second run that starts while one is running wait for it to commit (it then finds
    nothing left to erase and records so). Without it, two runs (two servers' cron, a retry)
    update the same mails in different orders and deadlock. Held until the transaction ends;
    SQLite lets one writer at a time through anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RUN_LOCK])


def retention_apply(*, now: datetime | None = None) -> RetentionRun:
    """Erase what every retention period allows, all in one transaction; returns the record."""
    with transaction.atomic():
        _one_run_at_a_time()
        # The time is read once the lock is held: a run that waited erases up to its own now.
        now = now or timezone.now()
        parts = [apply(now=now) for _, apply in app_hooks("retention")]
        return RetentionRun.objects.create(
            ran_at=now,
            entries=sum(part.entries for part in parts),
            report=[
                {**asdict(part), "receipt_numbers": list(part.receipt_numbers)} for part in parts
            ],
            pending_imports=pending_imports_purge(now=now),
            login_logs=login_logs_prune(),
        )
