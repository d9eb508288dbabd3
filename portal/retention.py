"""Erasure of personal data that is no longer needed (個人情報保護法), for every app.

The daily run (`manage.py erase_expired_personal_data`, on the task queue: portal.tasks) asks each
app for its part — `AppConfig.retention`, a dotted path to its `Retention` declaration (an app
whose part is not an entry's, as the 打診's copies, names a function `(*, now) -> RetentionPart`)
— and records them all in one RetentionRun, in one transaction: a failed run erases nothing that
its record would not show. It also deletes the sign-in records of django-axes older than
settings.LOGIN_LOG_RETENTION_DAYS and the pending imports past their hour.

Some apps keep copies of another app's personal data (a 打診 holds the company's or person's
address in its mail, and their reply). An app that erases an entry calls `personal_copies_erase`,
which asks every app that declares `AppConfig.personal_copies_erase` (a function
`(*, model, pks, now) -> dict[str, int]`) to erase its copies: erasure reaches every copy, and no
arrow points from the entry's app to the app that copied it.

Erasing a self-registered entry (a company's registration, a talent entry) is the same job in
every app: an app declares, in one Retention, which of its fields are personal, how long a closed
entry is kept, and whether its history stays (blanked) or goes; `entries_erase` and
`entries_retention_apply` do the rest, for the daily run and for a person's own request alike.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

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
# What to do with the history rows (django-simple-history) of an erased entry.
HISTORY_BLANKED = "blanked"  # they stay as the record of what happened, the personal fields blank
HISTORY_DELETED = "deleted"  # they go, with the rows of their many-to-many answers
# What a run erased besides the personal fields, in words for its record, by what it does with
# the history.
_ERASED_ALSO = {
    HISTORY_BLANKED: "（変更履歴の各行を含む）。送信メールの宛先・件名・本文と、打診の返答・メール。",
    HISTORY_DELETED: "、変更履歴、送信メールの宛先・件名・本文、打診の返答・メール",
}
STATUS_COMMENTS = "状態の変更のコメント"
BATCH = 500
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


@dataclass(frozen=True)
class Retention:
    """One app's self-registered entries as erasure sees them: what is personal, how long a
    closed entry (取下げ, 重複) is kept, and what else goes with it.

    The entry model has erased_at, receipt_number and status, and its queryset closed_before(moment)
    (portal.models.entries_closed_before); it is tracked by django-simple-history.
    """

    # The app's entry model: its manager (closed_before) and simple-history's `history` are the
    # app's own.
    model: type[Any]
    label: str  # the kind of record, as the run's record names it: 協力企業・団体の登録
    days_setting: str  # the setting that holds how many days a closed entry is kept
    # What erasure clears, each with its name as the record of a run shows it (several fields may
    # share one name): a text becomes "", a nullable field None, a flag False; the rows of a
    # many-to-many answer or of a related table (the person's work experience) are deleted.
    personal_fields: Mapping[str, str]
    history: str  # HISTORY_BLANKED or HISTORY_DELETED
    # The entry's outbox (portal.models.OutboxMail) and status changes (with a comment), by their
    # related names (every app names them so today).
    mails: str = "mails"
    status_changes: str = "status_changes"
    # What else the erased row is set to, in the same update (keys derived from what was erased;
    # a tombstone's name and status).
    erased_values: Mapping[str, Any] = field(default_factory=dict)
    # What else erasure does, inside its transaction, once the rows are erased:
    # erased(*, entries, now, comment) -> counts, with the entries as they were (locked).
    erased: Callable[..., dict[str, int]] | None = None

    @property
    def days(self) -> int:
        return getattr(settings, self.days_setting)

    @property
    def erased_in_words(self) -> str:
        """What erasure clears, for the record of a run."""
        names = [*dict.fromkeys(self.personal_fields.values()), STATUS_COMMENTS]
        return "、".join(names) + _ERASED_ALSO[self.history]


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
    history = model.history.filter(id__in=list(pks))  # type: ignore[attr-defined]  # simple-history's manager
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


def _related(
    model: type[models.Model], name: str, entries: Iterable[int] | models.QuerySet
) -> models.QuerySet:
    """The rows of a reverse relation (an entry's mails, status changes) of these entries."""
    relation = model._meta.get_field(name)
    assert relation.related_model is not None and relation.remote_field is not None
    # related_model is a model class once the models are loaded (never the string "self").
    return relation.related_model._default_manager.filter(  # type: ignore[union-attr]
        **{f"{relation.remote_field.name}__in": entries}
    )


def _blanks(retention: Retention) -> dict[str, Any]:
    """The erased value of each personal column (relations are cleared apart)."""
    blanks: dict[str, Any] = {}
    for name in retention.personal_fields:
        column = retention.model._meta.get_field(name)
        if isinstance(column, models.Field) and column.concrete and not column.many_to_many:
            blanks[name] = (
                False if isinstance(column, models.BooleanField) else None if column.null else ""
            )
    return blanks


def _relations_clear(retention: Retention, pks: list[int]) -> None:
    """Delete the rows of the personal many-to-many answers and related tables of these entries
    (in bulk: no history row is written, the rows are gone)."""
    for name in retention.personal_fields:
        relation = retention.model._meta.get_field(name)
        if isinstance(relation, models.ManyToManyField):
            # Set once the models are loaded (Django's own through model, or the app's).
            through = cast(type[models.Model], relation.remote_field.through)
            through._default_manager.filter(**{f"{relation.m2m_field_name()}__in": pks}).delete()
        elif relation.one_to_many:
            _related(retention.model, name, pks).delete()


def entries_erase(
    *, retention: Retention, pks: Iterable[int], now: datetime, comment: str = ""
) -> dict[str, int]:
    """Erase the personal data of these entries and of every copy; returns the counts.

    The personal fields of the row are cleared (and of every history row, or the history rows
    go), so are the comments of its status changes and its mails; every app erases what it copied
    (personal_copies_erase). `comment` is for the app's own `erased` (a tombstone's status change).
    """
    pks = sorted(pks)
    model = retention.model
    blanks = _blanks(retention)
    counts: dict[str, int] = {}
    with transaction.atomic():
        for start in range(0, len(pks), BATCH):
            batch = pks[start : start + BATCH]
            # Locked in one order, so that a person's own erasure never deadlocks with a run.
            entries = list(
                model._default_manager.select_for_update().filter(pk__in=batch).order_by("pk")
            )
            counts = counts_add(
                counts,
                {
                    STATUS_COMMENTS: _related(model, retention.status_changes, batch)
                    .exclude(comment="")
                    .update(comment=""),
                    "送信メール": outbox_erase(mails=_related(model, retention.mails, batch)),
                },
            )
            _relations_clear(retention, batch)
            model._default_manager.filter(pk__in=batch).update(
                **{**blanks, **retention.erased_values}, erased_at=now
            )
            history = model.history.filter(id__in=batch)
            counts = counts_add(
                counts,
                {
                    "変更履歴の行": history.update(**blanks)
                    if retention.history == HISTORY_BLANKED
                    else history_delete(model=model, pks=batch)
                },
            )
            if retention.erased:
                counts = counts_add(
                    counts, retention.erased(entries=entries, now=now, comment=comment)
                )
            counts = counts_add(counts, personal_copies_erase(model=model, pks=batch, now=now))
    return counts


def entries_retention_due(*, retention: Retention, now: datetime | None = None) -> models.QuerySet:
    """Entries 取下げ or 重複 for longer than the retention period, not erased yet."""
    cutoff = (now or timezone.now()) - timedelta(days=retention.days)
    return retention.model.objects.closed_before(cutoff).filter(erased_at__isnull=True)


def entries_retention_apply(*, retention: Retention, now: datetime) -> RetentionPart:
    """An app's part of one run (retention_apply calls it with the app's declaration).

    No mail goes to the person: they withdrew long ago, and the privacy notice told them when
    their data would go. The mails of a closed entry go settings.MAIL_RETENTION_DAYS after it
    closed, if that is sooner; the 打診's copies are matching's part."""
    days = retention.days
    with transaction.atomic():
        due = list(
            entries_retention_due(retention=retention, now=now)
            .select_for_update()
            .order_by("pk")
            .values_list("pk", "receipt_number")
        )
        counts = entries_erase(
            retention=retention,
            pks=[pk for pk, _ in due],
            now=now,
            comment=f"保存期間（取下げ・重複から{days}日）の経過により消去",
        )
        closed = retention.model.objects.closed_before(
            now - timedelta(days=settings.MAIL_RETENTION_DAYS)
        )
        mails = _related(retention.model, retention.mails, closed.values("pk"))
        counts = counts_add(counts, {"送信メール": outbox_erase(mails=mails)})
    return RetentionPart(
        label=retention.label,
        rule=f"取下げ・重複から{days}日（メールは{settings.MAIL_RETENTION_DAYS}日）",
        entries=len(due),
        receipt_numbers=tuple(number or f"（ID {pk}）" for pk, number in due),
        erased=retention.erased_in_words,
        counts={key: value for key, value in counts.items() if value},
    )


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
        parts = [
            entries_retention_apply(retention=part, now=now)
            if isinstance(part, Retention)
            else part(now=now)
            for _, part in app_hooks("retention")
        ]
        return RetentionRun.objects.create(
            ran_at=now,
            entries=sum(part.entries for part in parts),
            report=[
                {**asdict(part), "receipt_numbers": list(part.receipt_numbers)} for part in parts
            ],
            pending_imports=pending_imports_purge(now=now),
            login_logs=login_logs_prune(),
        )
