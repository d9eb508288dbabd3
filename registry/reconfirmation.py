"""The yearly reconfirmation: is a registration's information still right?

総務省 starts a round (reconfirmation_round_start): every open registration not confirmed for
settings.RECONFIRMATION_MONTHS gets a plain-text mail with a signed link. The link's page confirms
with one press of 変更なし, or leads to the edit form; an edit counts as 変更あり. Reminders go out
on the days in settings.RECONFIRMATION_REMINDER_DAYS (`manage.py send_reconfirmation_reminders`).
Past the deadline (settings.RECONFIRMATION_DEADLINE_DAYS) an unanswered registration is 未確認:
it leaves the public and prefecture lists until it is confirmed, and is never deleted.
"""

import calendar
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone

from portal.models import Prefecture

from .answers import registration_answers
from .edit_links import CLOSED, absolute_url
from .mail import mail_queue
from .models import OutgoingMail, ReconfirmationRequest, ReconfirmationRound, Registration
from .public_list import public_list_changed
from .questions import PREFECTURE_ANSWERS, answer_rows

SALT = "registry.reconfirm"
Answer = ReconfirmationRequest.Answer


class ReconfirmationLinkError(Exception):
    """A reconfirmation link that cannot be used; the message tells the company why (Japanese)."""


def months_before(moment, months):
    """The same day and time `months` months earlier (the month's last day if it has fewer)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return moment.replace(year=year, month=month + 1, day=min(moment.day, last_day))


def reconfirmation_due(*, now=None):
    """Who a round started now would ask: open registrations not confirmed for the set number of
    months, except those still within the deadline of a request (未確認 ones are asked again)."""
    now = now or timezone.now()
    waiting = ReconfirmationRequest.objects.filter(
        registration=OuterRef("pk"), answered_at__isnull=True, deadline__gte=now
    )
    return (
        Registration.objects.exclude(status__in=CLOSED)
        .filter(last_confirmed_at__lt=months_before(now, settings.RECONFIRMATION_MONTHS))
        .exclude(Exists(waiting))
    )


def reconfirmation_url(request):
    token = signing.dumps({"q": request.pk}, salt=SALT)
    return absolute_url(reverse("registry:reconfirm", args=[token]))


def _mail(request, kind, *, deliver):
    registration = request.registration
    return mail_queue(
        registration=registration,
        kind=kind,
        context={
            "reconfirm_url": reconfirmation_url(request),
            "deadline": timezone.localtime(request.deadline),
            "rows": answer_rows(registration_answers(registration)),
        },
        deliver=deliver,
    )


def reconfirmation_round_start(*, by, now=None):
    """Ask every due registration; their mails wait in the outbox for `manage.py resend_mail`.

    A registration already 未確認 keeps its passed deadline (it stays off the lists until it
    answers); the others get the new one.
    """
    now = now or timezone.now()
    deadline = now + timedelta(days=settings.RECONFIRMATION_DEADLINE_DAYS)
    prefectures = Prefecture.objects.order_by("code")
    due = reconfirmation_due(now=now).prefetch_related(
        *(Prefetch(name, queryset=prefectures) for name in PREFECTURE_ANSWERS)
    )
    with transaction.atomic():
        round_ = ReconfirmationRound.objects.create(
            started_at=now,
            started_by=by,
            months=settings.RECONFIRMATION_MONTHS,
            deadline_days=settings.RECONFIRMATION_DEADLINE_DAYS,
        )
        registrations = list(due.order_by("pk"))
        requests = ReconfirmationRequest.objects.bulk_create(
            ReconfirmationRequest(round=round_, registration=r, sent_at=now, deadline=deadline)
            for r in registrations
        )
        Registration.objects.filter(
            pk__in=[r.pk for r in registrations], reconfirmation_deadline__isnull=True
        ).update(reconfirmation_deadline=deadline)
        public_list_changed()  # the cached list must now expire by the new deadlines
        for request in requests:
            _mail(request, OutgoingMail.Kind.RECONFIRMATION, deliver=False)
    return round_


def reconfirmation_reminders_send(*, now=None):
    """Remind each registration whose newest open request reached a reminder day; returns how
    many were reminded. One reminder per run, however many reminder days have passed."""
    now = now or timezone.now()
    days = sorted(settings.RECONFIRMATION_REMINDER_DAYS)
    open_requests = (
        ReconfirmationRequest.objects.filter(answered_at__isnull=True, deadline__gt=now)
        .exclude(registration__status__in=CLOSED)
        .select_related("registration")
        .order_by("registration_id", "-sent_at", "-id")
    )
    reminded, seen = 0, set()
    for request in open_requests:
        if request.registration_id in seen:
            continue
        seen.add(request.registration_id)
        passed = sum(1 for day in days if now >= request.sent_at + timedelta(days=day))
        if passed <= request.reminders_sent:
            continue
        with transaction.atomic():
            ReconfirmationRequest.objects.filter(pk=request.pk).update(reminders_sent=passed)
            _mail(request, OutgoingMail.Kind.RECONFIRMATION_REMINDER, deliver=True)
        reminded += 1
    return reminded


def reconfirmation_answer(*, registration, answer, now=None):
    """Record that the company confirmed its answers (unchanged, or by changing them): every open
    request is answered, the registration is confirmed now and back on the lists."""
    now = now or timezone.now()
    with transaction.atomic():
        ReconfirmationRequest.objects.filter(
            registration=registration, answered_at__isnull=True
        ).update(answered_at=now, answer=answer)
        Registration.objects.filter(pk=registration.pk).update(
            last_confirmed_at=now, reconfirmation_deadline=None
        )
        public_list_changed()  # a 未確認 entry is back on the list
    registration.last_confirmed_at, registration.reconfirmation_deadline = now, None


def request_for_token(token):
    """The request a link names; ReconfirmationLinkError when forged, too old or closed."""
    max_age = timedelta(days=31 * settings.RECONFIRMATION_MONTHS)
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ReconfirmationLinkError(
            "このリンクは有効期限が切れています。下のページから変更用のリンクを請求してください。"
        ) from None
    except signing.BadSignature:
        raise ReconfirmationLinkError(
            "このリンクは正しくありません。メールに記載されたリンクをそのまま開いてください。"
        ) from None
    request = (
        ReconfirmationRequest.objects.select_related("registration")
        .filter(pk=payload.get("q"))
        .first()
    )
    if request is None:
        raise ReconfirmationLinkError("この確認のお願いは見つかりません。")
    if request.registration.status in CLOSED:
        raise ReconfirmationLinkError("この登録は取り下げられているため、確認の必要はありません。")
    return request
