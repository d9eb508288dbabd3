"""総務省's review workspace (/staff/review/): one queue per kind of self-registered entry, the
record page (answers, what changed since the last review, possible duplicates) and the decision.

Each app declares its kind as AppConfig.review_kind, a dotted path to a ReviewKind (registry:
企業・団体, talent: 人材); portal knows no app and only collects them (portal.hooks). The decision
goes through the app's own transition function, so each move records its status change, its
history entry and its mail exactly as the admin's do.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from itertools import pairwise
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Model, QuerySet
from django.http import Http404
from django.urls import reverse

from .hooks import app_hooks
from .models import Prefecture

RECEIVED = "received"
CHANGED_SINCE_SHOWN = (
    "この登録は、表示の後に変更されました。新しい内容を確認してから、もう一度判断してください。"
)
NO_CHANGES = "前回の確認以降の変更はありません"
UNKNOWN_DECISION = (
    "選べない判断が送信されました。ページを読み込み直して、判断を選び直してください。"
)
# How many history entries the record page reads at most (an entry edited daily for a year).
HISTORY_LIMIT = 50


@dataclass(frozen=True)
class Decision:
    """One button of the record page: the statuses it moves the entry through, in order (each
    through the app's transition function), and what the button says for this entry."""

    value: str
    steps: tuple[str, ...]
    label: Callable[[Any], str]
    needs_reason: bool = False


@dataclass(frozen=True)
class AnswerRow:
    question: str
    lines: list[str]


@dataclass(frozen=True)
class ReviewKind:
    """What a kind of entry gives the workspace.

    `queue` is the entries waiting for review (受付), with what the list shows loaded; the staff
    home's count is its count. `duplicated` tells which of a page's entries have a possible
    duplicate (asked for the page's rows only: a flag computed for 10,000 rows before the OFFSET
    of page 100 would cost more than the page). `transition(entry=, to=, by=, comment=)` is the app's own move
    (it locks, checks, records and mails) and raises `transition_error`."""

    slug: str  # in the URL: /staff/review/<slug>/
    title: str  # 「企業・団体の登録」
    model: type[Model]
    queue: Callable[[], QuerySet[Any]]
    name: Callable[[Any], str]
    name_search: Callable[[QuerySet[Any], str], QuerySet[Any]]
    prefecture_label: str
    in_prefecture: Callable[[QuerySet[Any], Prefecture], QuerySet[Any]]
    answers: Callable[[Any], list[AnswerRow]]
    duplicates: Callable[[Any], QuerySet[Any]]
    duplicated: Callable[[Sequence[int]], set[int]]
    decisions: tuple[Decision, ...]
    transition: Callable[..., Any]
    transition_error: type[Exception]
    # Shown above the buttons: where an entry of this kind appears after each status.
    decision_help: str = ""
    # Extra cells of the list, as (heading, function of an entry) pairs.
    columns: tuple[tuple[str, Callable[[Any], str]], ...] = field(default=())

    def decision(self, value: str) -> Decision | None:
        return next((d for d in self.decisions if d.value == value), None)

    def status_label(self, status: str) -> str:
        statuses: Any = self.model.Status  # type: ignore[attr-defined]  # each entry model's own
        return str(statuses(status).label)


class ReviewRefused(Exception):
    """A decision that was not recorded (the entry is not waiting, the move is not allowed);
    the message is Japanese and meant for staff. Nothing was written."""


class ChangedSinceShown(ReviewRefused):
    """The entry changed after the official's page showed it; nothing was written."""

    def __init__(self) -> None:
        super().__init__(CHANGED_SINCE_SHOWN)


@cache
def review_kinds() -> dict[str, ReviewKind]:
    """The kinds the apps declare, by slug, in INSTALLED_APPS order."""
    return {kind.slug: kind for _, kind in app_hooks("review_kind")}


def review_kind(slug: str) -> ReviewKind:
    """The kind of this slug, or 404."""
    try:
        return review_kinds()[slug]
    except KeyError:
        raise Http404("この種類の登録はありません。") from None


def review_kind_of(model: type[Model]) -> ReviewKind:
    return next(kind for kind in review_kinds().values() if kind.model is model)


def review_record_url(entry: Any) -> str:
    """The entry's page in the workspace (what a "new registration" notice links to)."""
    return reverse("portal:review-record", args=[review_kind_of(type(entry)).slug, entry.pk])


def entry_version(entry: Any) -> str:
    """What the record page carries to tell, at the decision, whether the entry changed since it
    was shown: its updated_at, as the admin's conflict rule (registry.staff_edits) uses."""
    return str(entry.updated_at.isoformat())


def queue_ordered(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Oldest first; the id settles entries stored in the same moment, so pages never overlap."""
    return queryset.order_by("created_at", "pk")


def queue_filtered(
    kind: ReviewKind, *, prefecture: Prefecture | None = None, name: str = ""
) -> QuerySet[Any]:
    entries = kind.queue()
    if prefecture is not None:
        entries = kind.in_prefecture(entries, prefecture)
    if name:
        entries = kind.name_search(entries, name)
    return queue_ordered(entries)


def queue_neighbours(kind: ReviewKind, entry: Any) -> tuple[Any | None, Any | None]:
    """The entries before and after this one in the queue (whether or not it is still in it)."""
    queue = (
        kind.queue()
        .select_related(None)
        .prefetch_related(None)
        .only("pk", "receipt_number", "created_at")
    )
    after = models.Q(created_at__gt=entry.created_at) | models.Q(
        created_at=entry.created_at, pk__gt=entry.pk
    )
    before = models.Q(created_at__lt=entry.created_at) | models.Q(
        created_at=entry.created_at, pk__lt=entry.pk
    )
    following = queue_ordered(queue.filter(after)).first()
    previous = queue_ordered(queue.filter(before)).reverse().first()
    return previous, following


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryStep:
    when: datetime
    reason: str
    changes: list[FieldChange]


def changes_since_review(entry: Any) -> tuple[Any | None, list[HistoryStep]]:
    """The last status change made by staff (None if staff never moved the entry), and each
    history entry since, field by field (old → new) as people read the values.

    The base is the history entry that the staff member's move wrote (or the entry's creation):
    every later entry is compared with the one before it. Entries that changed nothing a person
    reads (a save of excluded fields only) are left out."""
    last_review = (
        entry.status_changes.filter(changed_by__isnull=False).order_by("-changed_at", "-id").first()
    )
    records = entry.history.order_by("history_date", "history_id")
    if last_review is not None:
        records = records.filter(history_date__gte=last_review.changed_at)
    kept = list(records[: HISTORY_LIMIT + 1])
    steps = []
    for before, after in pairwise(kept):
        delta = after.diff_against(before)
        changes = [
            FieldChange(
                field=str(entry._meta.get_field(change.field).verbose_name),
                old=_readable(entry, change.field, change.old),
                new=_readable(entry, change.field, change.new),
            )
            for change in delta.changes
        ]
        if changes:
            steps.append(
                HistoryStep(
                    when=after.history_date,
                    reason=after.history_change_reason or "",
                    changes=changes,
                )
            )
    return last_review, steps


def _readable(entry: Any, name: str, value: Any) -> str:
    """A history value as people read it: labels for choices, はい/いいえ, names of related rows."""
    model_field = entry._meta.get_field(name)
    if model_field.many_to_many:
        reverse_name = model_field.m2m_reverse_field_name()
        pks = [row[reverse_name] for row in value]
        related = model_field.related_model._default_manager.in_bulk(pks)
        names = sorted(str(related[pk]) if pk in related else str(pk) for pk in pks)
        return "、".join(names) or "（なし）"
    if model_field.is_relation:
        if value in (None, ""):
            return "（なし）"
        found = model_field.related_model._default_manager.filter(pk=value).first()
        return str(found) if found else str(value)
    if model_field.choices and value:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if value in ("", None):
        return "（なし）"
    return str(value)


def review_decide(
    *,
    kind: ReviewKind,
    entry: Any,
    decision: str,
    opened_version: str,
    reason: str = "",
    by: User,
) -> str:
    """Record a decision on an entry waiting for review, in one transaction: each of its steps
    through the app's transition (a 掲載 records 確認済, then 掲載). Raises ChangedSinceShown if
    the entry changed since `opened_version`, ReviewRefused if it is not waiting or the move is
    not allowed; nothing is written then. Returns the entry's new status."""
    chosen = kind.decision(decision)
    if chosen is None:
        raise ReviewRefused(UNKNOWN_DECISION)
    if chosen.needs_reason and not reason.strip():
        raise ReviewRefused("差戻しの理由を入力してください。理由はメールで送られます。")
    with transaction.atomic():
        locked: Any = kind.model._default_manager.select_for_update().get(pk=entry.pk)
        if entry_version(locked) != opened_version:
            raise ChangedSinceShown
        if locked.status != RECEIVED:
            raise ReviewRefused(f"{not_waiting(kind, locked)}判断は記録していません。")
        try:
            for step in chosen.steps:
                kind.transition(
                    entry=locked, to=step, by=by, comment=reason if chosen.needs_reason else ""
                )
        except kind.transition_error as error:
            raise ReviewRefused(f"判断は記録していません。{error}") from error
    return chosen.steps[-1]


def not_waiting(kind: ReviewKind, entry: Any) -> str:
    return (
        f"{entry.receipt_number} は「{kind.status_label(entry.status)}」のため、確認を待つ登録では"
        "ありません。"
    )


def waiting_count(kind: ReviewKind) -> int:
    return int(kind.queue().count())


def prefecture_names() -> list[tuple[str, str]]:
    """(code, name) of the 47 prefectures, for the queue's one <select>."""
    return list(Prefecture.objects.order_by("code").values_list("code", "name"))
