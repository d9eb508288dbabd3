"""The yearly reconfirmation, as every app with entries runs it (company registrations, talent).

総務省 starts a round: every open entry not confirmed for settings.RECONFIRMATION_MONTHS gets a
plain-text mail with a signed link. One press of 変更なし on the link's page confirms; an edit
through the app's own form counts as 変更あり. Reminders go out on the days in
settings.RECONFIRMATION_REMINDER_DAYS (`manage.py send_reconfirmation_reminders`). Past the
deadline (settings.RECONFIRMATION_DEADLINE_DAYS) an unanswered entry is 未確認: it leaves the
lists until it is confirmed, and is never deleted.

An app describes its models and mails in one Reconfirmation; the rules here are the same for all.
The entry model has last_confirmed_at and reconfirmation_deadline (ReconfirmedQuerySet), the
request model derives from portal.models.ReconfirmationRequestBase.
"""

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .access import public
from .links import LinkError, PersonalLink, link_entry, link_url
from .mail_texts import mail_texts_held


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

    def round_start(self, *, by: User, now: datetime | None = None) -> Any:
        """Ask every due entry; each mail is queued once the round is stored (portal.tasks).

        An entry already 未確認 keeps its passed deadline (it stays off the lists until it
        answers); the others get the new one.
        """
        now = now or timezone.now()
        deadline = now + timedelta(days=settings.RECONFIRMATION_DEADLINE_DAYS)
        with transaction.atomic():
            round_ = self.round_model.objects.create(
                started_at=now,
                started_by=by,
                months=settings.RECONFIRMATION_MONTHS,
                deadline_days=settings.RECONFIRMATION_DEADLINE_DAYS,
            )
            entries = list(self.due(now=now).prefetch_related(*self.prefetch).order_by("pk"))
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
