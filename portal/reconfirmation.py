"""The yearly reconfirmation, as every app with entries runs it (company registrations, talent).

総務省 starts a round: every open entry not confirmed for settings.RECONFIRMATION_MONTHS gets a
plain-text mail with a signed link. One press of 変更なし on the link's page confirms; an edit
through the app's own form counts as 変更あり. Reminders go out on the days in
settings.RECONFIRMATION_REMINDER_DAYS (`manage.py send_reconfirmation_reminders`). Past the
deadline (settings.RECONFIRMATION_DEADLINE_DAYS) an unanswered entry is 未確認: it leaves the
lists until it is confirmed, and is never deleted.

Starting a round has two steps (round_preview_create, round_preview_confirm): a preview fixes the
entries it will ask (a PendingReconfirmationRound) and shows them with an example of the mail; the
round then asks exactly those of them still due, never one that became due after the preview.

An app describes its models and mails in one Reconfirmation; the rules here are the same for all.
The entry model has last_confirmed_at and reconfirmation_deadline (ReconfirmedQuerySet), the
request model derives from portal.models.ReconfirmationRequestBase.
"""

import calendar
import uuid
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .access import public
from .links import (
    PERSONAL_LINK_MASK,
    LinkError,
    PersonalLink,
    link_entry,
    link_url,
    personal_links_masked,
)
from .mail_texts import ENTRY_PERSONAL_LINKS, mail_text_render, mail_texts_held
from .models import PendingReconfirmationRound

# How long a preview may be confirmed: after an hour its list is likely to be out of date.
PREVIEW_LIFETIME = timedelta(hours=1)
PREVIEW_PAGE_ENTRIES = 100
PREVIEW_GONE = (
    "この確認画面は見つかりません。だれにもメールは送っていません。"
    "「年次確認を始める」からもう一度対象を確認してください。"
)
PREVIEW_EXPIRED = (
    "確認画面を開いてから1時間を過ぎたため、だれにもメールは送っていません。対象が変わっている"
    "かもしれないので、「年次確認を始める」からもう一度対象を確認してください。"
)
PREVIEW_USED = (
    "この確認画面の年次確認はすでに始めています（同じ確認画面から2回は始めません）。"
    "この回で新たにメールを送ったものはありません。"
)
# Why a previewed entry was not asked when the round started (round_left_out).
LEFT_OUT_CLOSED = "確認画面の後に{}になった"
LEFT_OUT_CONFIRMED = "確認画面の後に本人が確認・変更した"
LEFT_OUT_ASKED = "確認画面の後に別の年次確認で送付した"
LEFT_OUT_GONE = "確認画面の後に削除された"


class RoundRefused(Exception):
    """The round was not started and nobody was mailed; the message (Japanese) says why."""


@dataclass(frozen=True)
class PreviewEntry:
    """One entry of a round's preview: who it is, never a link."""

    number: str  # 受付番号 (or the id of an entry without one)
    name: str
    last_confirmed_at: datetime | None
    still_due: bool  # False: withdrawn or confirmed since the preview; it will not be mailed


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` months earlier (the month's last day if it has fewer)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return moment.replace(year=year, month=month + 1, day=min(moment.day, last_day))


def reminders_passed(*, sent_at: datetime, now: datetime) -> int:
    """How many of the reminder days have passed since a request was sent."""
    return sum(
        1 for day in settings.RECONFIRMATION_REMINDER_DAYS if now >= sent_at + timedelta(days=day)
    )


@dataclass(frozen=True)
class Reconfirmation:
    """One app's yearly reconfirmation: which models, which mails.

    The rest follows the apps' common names: the request's link to its entry is named after the
    entry's model ("registration"), its round is `round`, the closed statuses are the entry
    model's CLOSED_STATUSES, and the link's page is "<app>:reconfirm" (salt "<app>.reconfirm").
    """

    # The app's concrete models, named by the app: their managers and fields are the app's own
    # (Any), which the common names below (entry_field, CLOSED_STATUSES) rely on.
    entry_model: type[Any]  # derives from portal.models.SelfServiceEntry
    request_model: type[Any]  # derives from portal.models.ReconfirmationRequestBase
    closed_message: str  # why a link of a closed entry no longer works
    # mail(<entry_field>=entry, kind=, context=): the app's mail function (SelfService.mail).
    mail: Callable[..., Any]
    mail_kinds: tuple[str, str]  # the kinds of the request's mail and of its reminder
    rows: Callable[[Any], Any]  # the entry's answers as its mails list them
    # mail_values(<entry_field>=entry, context=): what the app's mail texts may use (its
    # mail.mail_values); the round's preview renders its example mail with it.
    mail_values: Callable[..., Mapping[str, Any]]
    name_field: str  # the entry's name as the preview lists it ("company_name", "name")
    prefetch: tuple[str | Prefetch, ...] = ()  # what the mails read of each entry

    @property
    def entry_field(self) -> str:
        """The request's link to its entry ("registration", "specialist")."""
        return self.entry_model._meta.model_name

    @property
    def round_model(self) -> type[Any]:
        return self.request_model._meta.get_field("round").related_model

    @property
    def closed(self) -> tuple[str, ...]:
        """The statuses that are never asked (取下げ…)."""
        return self.entry_model.CLOSED_STATUSES

    @property
    def _app(self) -> str:
        return self.entry_model._meta.app_label

    @property
    def salt(self) -> str:
        return f"{self._app}.reconfirm"

    @property
    def url_name(self) -> str:
        """The link's page, taking the token."""
        return f"{self._app}:reconfirm"

    def due(self, *, now: datetime | None = None) -> QuerySet[Any]:
        """Who a round started now would ask: open entries not confirmed for the set number of
        months, except those still within the deadline of a request (未確認 ones are asked again)."""
        now = now or timezone.now()
        waiting = self.request_model.objects.filter(
            **{self.entry_field: OuterRef("pk")}, answered_at__isnull=True, deadline__gte=now
        )
        return (
            self.entry_model.objects.exclude(status__in=self.closed)
            .filter(last_confirmed_at__lt=months_before(now, settings.RECONFIRMATION_MONTHS))
            .exclude(Exists(waiting))
        )

    def state(self, entry: Any, *, now: datetime | None = None) -> str | None:
        """「回答待ち」 or 「未確認」 while the entry is asked, else None (also once it is closed:
        a withdrawn entry needs no answer, whatever deadline it kept)."""
        deadline = entry.reconfirmation_deadline
        if deadline is None or entry.status in self.closed:
            return None
        return "未確認" if deadline < (now or timezone.now()) else "回答待ち"

    def waiting(self, entries: QuerySet[Any], *, now: datetime | None = None) -> QuerySet[Any]:
        """Those of `entries` asked and still within their deadline."""
        now = now or timezone.now()
        return entries.exclude(status__in=self.closed).filter(reconfirmation_deadline__gte=now)

    def unconfirmed(self, entries: QuerySet[Any], *, now: datetime | None = None) -> QuerySet[Any]:
        """Those of `entries` that are 未確認: asked, past the deadline, and not closed since."""
        return entries.exclude(status__in=self.closed).filter(
            reconfirmation_deadline__lt=now or timezone.now()
        )

    def round_start(
        self, *, by: User, now: datetime | None = None, entry_ids: Collection[int] | None = None
    ) -> Any:
        """Ask every due entry (of `entry_ids` only, when given: a previewed round); each mail is
        queued once the round is stored (portal.tasks).

        An entry already 未確認 keeps its passed deadline (it stays off the lists until it
        answers); the others get the new one.
        """
        now = now or timezone.now()
        due = self.due(now=now)
        if entry_ids is not None:
            due = due.filter(pk__in=list(entry_ids))
        deadline = now + timedelta(days=settings.RECONFIRMATION_DEADLINE_DAYS)
        with transaction.atomic():
            if entry_ids is not None:
                # A previewed round locks its entries (in one order) before it reads who is still
                # due: a round started at the same moment from another preview waits, then finds
                # them asked (PostgreSQL; SQLite has one writer at a time).
                locked = self.entry_model.objects.select_for_update().filter(pk__in=list(entry_ids))
                list(locked.order_by("pk").values_list("pk", flat=True))
            round_ = self.round_model.objects.create(
                started_at=now,
                started_by=by,
                months=settings.RECONFIRMATION_MONTHS,
                deadline_days=settings.RECONFIRMATION_DEADLINE_DAYS,
            )
            entries = list(due.prefetch_related(*self.prefetch).order_by("pk"))
            requests = self.request_model.objects.bulk_create(
                self.request_model(
                    round=round_, **{self.entry_field: entry}, sent_at=now, deadline=deadline
                )
                for entry in entries
            )
            self.entry_model.objects.filter(
                pk__in=[entry.pk for entry in entries], reconfirmation_deadline__isnull=True
            ).update(reconfirmation_deadline=deadline)
            with mail_texts_held():
                for request in requests:
                    self._mail(request, reminder=False)
        return round_

    def reminders_send(self, *, now: datetime | None = None) -> int:
        """Remind each entry whose newest open request reached a reminder day; returns how many
        were reminded. One reminder per run, however many reminder days have passed."""
        now = now or timezone.now()
        entry_id = f"{self.entry_field}_id"
        open_requests = (
            self.request_model.objects.filter(answered_at__isnull=True, deadline__gt=now)
            .exclude(**{f"{self.entry_field}__status__in": self.closed})
            .select_related(self.entry_field)
            .order_by(entry_id, "-sent_at", "-id")
        )
        reminded, seen = 0, set[int]()
        # The reminder's text is read once for the whole batch (as round_start does).
        with mail_texts_held():
            for request in open_requests:
                if getattr(request, entry_id) in seen:
                    continue
                seen.add(getattr(request, entry_id))
                passed = reminders_passed(sent_at=request.sent_at, now=now)
                if passed <= request.reminders_sent:
                    continue
                with transaction.atomic():
                    # Claim the reminder before mailing: of two runs at once, the second's
                    # update waits for the first's row lock, then finds the reminder counted (or
                    # the request answered meanwhile) and sends nothing.
                    claimed = self.request_model.objects.filter(
                        pk=request.pk, answered_at__isnull=True, reminders_sent__lt=passed
                    ).update(reminders_sent=passed)
                    if not claimed:
                        continue
                    self._mail(request, reminder=True)
                reminded += 1
        return reminded

    def _mail(self, request: Any, *, reminder: bool) -> Any:
        """The request's mail (or its reminder): the entry's answers, the link and the deadline."""
        entry = getattr(request, self.entry_field)
        context = {
            "reconfirm_url": self.url(request),
            "deadline": timezone.localtime(request.deadline),
            "rows": self.rows(entry),
        }
        kind = self.mail_kinds[1] if reminder else self.mail_kinds[0]
        return self.mail(**{self.entry_field: entry}, kind=kind, context=context)

    def previewed_round_start(
        self,
        *,
        pending_id: uuid.UUID | str,
        entry_ids: Collection[int],
        by: User,
        now: datetime | None = None,
    ) -> PendingReconfirmationRound:
        """Start the round a confirmed preview showed: ask those of `entry_ids` (the preview's)
        still due, and record on the preview who was asked and who was left out, and why.
        Running it again (a retried job) starts nothing more."""
        now = now or timezone.now()
        with transaction.atomic():
            pending = PendingReconfirmationRound.objects.select_for_update().get(pk=pending_id)
            if pending.round_id is not None:
                return pending
            # Never one that was not previewed, whatever the job was given.
            previewed = set(pending.entry_ids)
            ids = [pk for pk in entry_ids if pk in previewed]
            round_ = self.round_start(by=by, now=now, entry_ids=ids)
            asked = set(round_.requests.values_list(f"{self.entry_field}_id", flat=True))
            pending.round_id = round_.pk
            pending.asked = len(asked)
            pending.left_out = self.left_out([pk for pk in ids if pk not in asked], now=now)
            pending.save(update_fields=["round_id", "asked", "left_out"])
        return pending

    def left_out(self, entry_ids: Collection[int], *, now: datetime) -> dict[str, int]:
        """Why each of `entry_ids` (previewed, not asked) was left out: {reason: how many}.
        Two queries, however many."""
        waiting = self.request_model.objects.filter(
            **{self.entry_field: OuterRef("pk")}, answered_at__isnull=True, deadline__gte=now
        )
        entries = (
            self.entry_model.objects.filter(pk__in=list(entry_ids))
            .annotate(asked=Exists(waiting))
            .only("pk", "status", "last_confirmed_at")
        )
        statuses = dict(self.entry_model._meta.get_field("status").choices)
        reasons: dict[str, int] = {}
        found = 0
        for entry in entries:
            found += 1
            if entry.status in self.closed:
                reason = LEFT_OUT_CLOSED.format(statuses.get(entry.status, entry.status))
            elif entry.asked:
                reason = LEFT_OUT_ASKED
            else:  # no longer due and open: confirmed (or changed) since
                reason = LEFT_OUT_CONFIRMED
            reasons[reason] = reasons.get(reason, 0) + 1
        if len(entry_ids) > found:
            reasons[LEFT_OUT_GONE] = len(entry_ids) - found
        return reasons

    def example_mail(self, entry: Any, *, now: datetime) -> tuple[str, str]:
        """(subject, body) of the round's mail as `entry` would get it, for staff to read: the
        personal links are placeholders from the start (no token is made), and anything that
        still looks like one is masked as the outbox admin masks it."""
        masks = dict.fromkeys(ENTRY_PERSONAL_LINKS, PERSONAL_LINK_MASK)
        context = {
            "deadline": timezone.localtime(
                now + timedelta(days=settings.RECONFIRMATION_DEADLINE_DAYS)
            ),
            "rows": self.rows(entry),
            **masks,
        }
        values = self.mail_values(**{self.entry_field: entry}, context=context)
        subject, body = mail_text_render(
            key=f"{self._app}.{self.mail_kinds[0]}", context={**values, **masks}
        )
        return personal_links_masked(subject), personal_links_masked(body)

    def answer(self, *, entry: Any, answer: str, now: datetime | None = None) -> None:
        """Record that the entry's answers were confirmed (unchanged, or by changing them): every
        open request is answered, the entry is confirmed now and back on the lists."""
        now = now or timezone.now()
        with transaction.atomic():
            self.request_model.objects.filter(
                **{self.entry_field: entry}, answered_at__isnull=True
            ).update(answered_at=now, answer=answer)
            self.entry_model.objects.filter(pk=entry.pk).update(
                last_confirmed_at=now, reconfirmation_deadline=None
            )
        entry.last_confirmed_at, entry.reconfirmation_deadline = now, None

    @cached_property
    def link(self) -> PersonalLink:
        """The request's signed link: it names the request ("q"), is never replaced (no version)
        and lives as long as a round may take."""

        def closed(request: Any) -> LinkError | None:
            if getattr(request, self.entry_field).status in self.closed:
                return LinkError(self.closed_message)
            return None

        return PersonalLink(
            salt=self.salt,
            lifetime_days=lambda: 31 * settings.RECONFIRMATION_MONTHS,
            url_name=self.url_name,
            find=lambda pk: (
                self.request_model.objects.select_related(self.entry_field).filter(pk=pk).first()
            ),
            # The app's link page offers the request for an edit link: confirming (or changing)
            # through it answers the reconfirmation too.
            expired_message=lambda: (
                "この確認用リンクは有効期限が切れています。下から変更用リンクを請求し、"
                "届いたリンクのページで登録内容を確認して保存してください。"
            ),
            version_field=None,
            refusal=closed,
            unknown_message="この確認のお願いは見つかりません。",
            key="q",
        )

    def url(self, request: Any) -> str:
        """The request's signed link, as written in its mails."""
        return link_url(self.link, request)

    def request_for_token(self, token: str) -> Any:
        """The request a link names; LinkError when forged, too old or closed."""
        return link_entry(self.link, token)


def reconfirmation_view(
    reconfirmation: Reconfirmation,
    *,
    templates: Mapping[str, str],
    page_context: Callable[[Any], dict[str, Any]],
) -> Callable[..., HttpResponse]:
    """The page a reconfirmation mail links to: 変更なし with one press (POST), or on to the edit
    form. `templates` names the app's pages (page, done, invalid); `page_context(entry)` gives
    what the page shows of the entry (its answers, the edit link). No cache keeps it: it shows
    personal answers."""

    @public
    @never_cache
    @require_http_methods(["GET", "HEAD", "POST"])
    def reconfirm(request: HttpRequest, token: str) -> HttpResponse:
        try:
            asked = reconfirmation.request_for_token(token)
        except LinkError as error:
            context = {"message": str(error), "renewable": error.renewable}
            return render(request, templates["invalid"], context, status=403)
        entry = getattr(asked, reconfirmation.entry_field)
        context = {"entry": entry, reconfirmation.entry_field: entry}
        if request.method == "POST":
            reconfirmation.answer(entry=entry, answer="unchanged")
            return render(request, templates["done"], context)
        if asked.answered_at is not None:
            return render(request, templates["done"], {**context, "earlier": asked})
        # Already 未確認 (a passed deadline of an earlier request): the page says it is off the
        # lists now, rather than warning of a deadline to come.
        lapsed = entry.reconfirmation_deadline is not None
        lapsed = lapsed and entry.reconfirmation_deadline < timezone.now()
        context.update(page_context(entry), reconfirmation=asked, unconfirmed=lapsed)
        return render(request, templates["page"], context)

    return reconfirm


def round_preview_create(
    *, reconfirmation: Reconfirmation, by: User, now: datetime | None = None
) -> PendingReconfirmationRound | None:
    """Fix who a round started now would ask, for `by` to read and confirm; None when nobody is
    due. Expired previews go at the same time (they hold only ids)."""
    now = now or timezone.now()
    due = reconfirmation.due(now=now)
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    # A confirmed one whose round the worker has not stored yet stays: its job reads it.
    PendingReconfirmationRound.objects.filter(expires_at__lte=now).exclude(
        confirmed_at__isnull=False, round_id__isnull=True
    ).delete()
    if not ids:
        return None
    return PendingReconfirmationRound.objects.create(
        app_label=reconfirmation._app,
        created_by=by,
        created_at=now,
        expires_at=now + PREVIEW_LIFETIME,
        entry_ids=ids,
        unconfirmed=due.filter(reconfirmation_deadline__lt=now).count(),
    )


def round_preview_for(
    *, reconfirmation: Reconfirmation, pk: object, by: User
) -> PendingReconfirmationRound:
    """`by`'s own preview (or result) of this app's round; RoundRefused if the id is not one
    (forged, another person's or app's, purged)."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        raise RoundRefused(PREVIEW_GONE) from None
    pending = PendingReconfirmationRound.objects.filter(
        pk=key, app_label=reconfirmation._app, created_by=by
    ).first()
    if pending is None:
        raise RoundRefused(PREVIEW_GONE)
    return pending


def round_preview_page(
    *,
    reconfirmation: Reconfirmation,
    pending: PendingReconfirmationRound,
    page: object,
    now: datetime | None = None,
) -> Page:
    """One page (PREVIEW_PAGE_ENTRIES) of the previewed entries, in the preview's order: not a
    number or below 1 → the first page, past the end → the last. Two queries."""
    try:
        number = max(int(str(page)), 1)
    except ValueError:
        number = 1
    shown = Paginator(pending.entry_ids, PREVIEW_PAGE_ENTRIES).get_page(number)
    ids = list(shown.object_list)
    name = reconfirmation.name_field
    entries = reconfirmation.entry_model.objects.filter(pk__in=ids).only(
        "pk", "receipt_number", name, "last_confirmed_at"
    )
    by_id = {entry.pk: entry for entry in entries}
    due = set(reconfirmation.due(now=now).filter(pk__in=ids).values_list("pk", flat=True))
    shown.object_list = [
        PreviewEntry(
            number=by_id[pk].receipt_number or f"ID {pk}",
            name=getattr(by_id[pk], name),
            last_confirmed_at=by_id[pk].last_confirmed_at,
            still_due=pk in due,
        )
        for pk in ids
        if pk in by_id
    ]
    return shown


@dataclass(frozen=True)
class ExampleMail:
    """The round's mail as one previewed entry would get it, its personal links masked."""

    name: str  # whose it is
    subject: str
    body: str


def round_preview_example(
    *,
    reconfirmation: Reconfirmation,
    pending: PendingReconfirmationRound,
    now: datetime | None = None,
) -> ExampleMail | None:
    """The round's mail as the first previewed entry would get it, links masked; None if that
    entry is gone."""
    entry = (
        reconfirmation.entry_model.objects.prefetch_related(*reconfirmation.prefetch)
        .filter(pk=pending.entry_ids[0])
        .first()
    )
    if entry is None:
        return None
    subject, body = reconfirmation.example_mail(entry, now=now or timezone.now())
    return ExampleMail(name=getattr(entry, reconfirmation.name_field), subject=subject, body=body)


def round_preview_confirm(
    *,
    reconfirmation: Reconfirmation,
    pk: object,
    by: User,
    now: datetime | None = None,
) -> PendingReconfirmationRound:
    """Claim `by`'s preview for starting its round, once: RoundRefused (nothing sent) when it is
    forged, someone else's, expired or already started. Of two requests at once, the second's
    update waits for the first's row lock and then finds it claimed."""
    now = now or timezone.now()
    pending = round_preview_for(reconfirmation=reconfirmation, pk=pk, by=by)
    claimed = PendingReconfirmationRound.objects.filter(
        pk=pending.pk, confirmed_at__isnull=True, expires_at__gt=now
    ).update(confirmed_at=now)
    if not claimed:
        pending.refresh_from_db()
        raise RoundRefused(PREVIEW_USED if pending.confirmed_at else PREVIEW_EXPIRED)
    pending.confirmed_at = now
    return pending


def round_preview_release(*, pending: PendingReconfirmationRound) -> None:
    """Let a claimed preview be confirmed again: its round failed and stored nothing."""
    PendingReconfirmationRound.objects.filter(pk=pending.pk, round_id__isnull=True).update(
        confirmed_at=None
    )
