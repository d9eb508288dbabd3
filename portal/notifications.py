"""Events staff should hear of, and the mails made from them (issue 26).

An app records an event where it happens, inside its own transaction, with one call:
`event_record(kind=..., prefecture=..., about=..., title=..., link=...)`. The kinds are declared
by the apps (AppConfig.staff_events: a dotted path to a list of EventKind), each with its
Japanese label, its audience (the staff of the event's prefecture, or 総務省's) and its default
delivery. The unique constraint on StaffEvent keeps an event from being recorded twice.

Who receives a mail is decided from the roles as they are when the mail is written (active, with
an address, holding the role, not opted out), and checked again when it is sent: a StaffMail is
only claimable while its recipient still holds the role (portal.models.StaffMailQuerySet), so
staff who lose their role stop receiving mail at once, also of what was queued before.

The daily digest (`manage.py send_digests`, digests_send) takes a high-water mark of the event
ids when the run begins, claims each user's (user, day) row with one INSERT … ON CONFLICT DO
NOTHING (two runs, or two processes, claim each row once), and lists the events after the
previous digest's mark up to this one. On PostgreSQL the mark is read under a SHARE lock of the
event table, which waits for the transactions that are recording events to commit: an event
recorded later has a higher id and goes into the next digest, never lost and never twice.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from .hooks import app_hooks
from .mail import absolute_url
from .mail_texts import MailKind, mail_text_render, mail_texts_held
from .models import (
    Digest,
    NotificationPreference,
    Prefecture,
    PrefectureMembership,
    StaffEvent,
    StaffMail,
)
from .retention import outbox_erase
from .roles import MIC_GROUP
from .tasks import mail_enqueue, mails_enqueue

Delivery = NotificationPreference.Delivery

PREFECTURE_STAFF = "prefecture"
MIC_STAFF = "mic"
ERASED_TITLE = "（個人情報の消去により削除されました）"
WITHDRAWN_TITLE = "（取下げ済み）"
SUBJECT_PREFIX = "【自治体DX人材プール】"


@dataclass(frozen=True)
class EventKind:
    """One kind of event an app records: its key ("<app>.<kind>"), Japanese label, audience
    (PREFECTURE_STAFF or MIC_STAFF) and default delivery. `digest_only` kinds cannot be asked
    for at once (a company choosing 全国 would send 47 prefectures a mail each)."""

    key: str
    label: str
    audience: str
    default: str = Delivery.DIGEST
    digest_only: bool = False

    @property
    def deliveries(self) -> list[tuple[str, str]]:
        """The choices a user has for this kind."""
        return [
            (value, label)
            for value, label in Delivery.choices
            if not (self.digest_only and value == Delivery.IMMEDIATE)
        ]


def event_kinds() -> dict[str, EventKind]:
    """Every kind the apps declare (AppConfig.staff_events), by key, in INSTALLED_APPS order."""
    return {kind.key: kind for _, kinds in app_hooks("staff_events") for kind in kinds}


def event_kinds_for(*, audience: str) -> list[EventKind]:
    """The kinds a user of this audience ("mic" or a prefecture's code) can receive."""
    wanted = MIC_STAFF if audience == StaffEvent.MIC else PREFECTURE_STAFF
    return [kind for kind in event_kinds().values() if kind.audience == wanted]


# ---------------------------------------------------------------- who receives


def staff_with_role(*, audience: str) -> models.QuerySet[User]:
    """Active staff with an address who hold the role of this audience (総務省, or membership of
    the prefecture), never an account that claims both (portal.access's separation of duties)."""
    mic = Q(is_superuser=True) | Q(groups__name=MIC_GROUP)
    mic_pks = User.objects.filter(mic).values("pk")
    members = PrefectureMembership.objects.values("user_id")
    users = User.objects.filter(is_active=True).exclude(email="")
    if audience == StaffEvent.MIC:
        return users.filter(pk__in=mic_pks).exclude(pk__in=members)
    return users.filter(prefecture_membership__prefecture_id=audience).exclude(pk__in=mic_pks)


def staff_audience(user: User) -> str | None:
    """The audience a user's mails are for ("mic" or a prefecture's code), or None."""
    from .access import user_roles

    roles = user_roles(user)
    if roles.mic:
        return StaffEvent.MIC
    return roles.prefecture.code if roles.prefecture else None


def _with_delivery(users: models.QuerySet[User], kind: EventKind) -> models.QuerySet[User]:
    chosen = NotificationPreference.objects.filter(user=OuterRef("pk"), kind=kind.key)
    return users.annotate(
        delivery=Coalesce(Subquery(chosen.values("delivery")[:1]), Value(kind.default))
    )


def deliveries_for(*, user: User, kinds: Iterable[EventKind]) -> dict[str, str]:
    """{kind key: delivery} of one user: their choice, or the kind's default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.key: chosen.get(kind.key, kind.default) for kind in kinds}


def preferences_save(*, user: User, deliveries: dict[str, str]) -> None:
    """Store one user's choices (already checked by the form): one row per kind."""
    with transaction.atomic():
        NotificationPreference.objects.filter(user=user, kind__in=deliveries).delete()
        NotificationPreference.objects.bulk_create(
            NotificationPreference(user=user, kind=kind, delivery=delivery)
            for kind, delivery in deliveries.items()
        )


# ---------------------------------------------------------------- recording


def _label(instance: models.Model) -> str:
    return instance._meta.label_lower


def event_record(
    *,
    kind: str,
    prefecture: Prefecture | None,
    about: models.Model,
    title: str,
    link: str,
    details: str = "",
    office: str = "",
    person: models.Model | None = None,
    version: str = "",
) -> StaffEvent | None:
    """Record one event (call it inside the transaction of what happened) and write the mails of
        those who want it at once; they are queued when the transaction commits. Returns None when
        the same event was recorded before. `person` is the entry whose personal data the text
        holds (erasing it blanks the event and its mails); `version` tells apart events about the
    same object that are each worth a mail (a reply changed from 関心あり to 今回は見送り)."""
    declared = event_kinds()[kind]  # an undeclared kind is a programming error: KeyError
    if declared.audience == MIC_STAFF:
        audience = StaffEvent.MIC
    elif prefecture is None:
        raise ValueError(f"{kind}: the event needs its prefecture")
    else:
        audience = prefecture.code
    event = StaffEvent(
        kind=kind,
        audience=audience,
        prefecture=prefecture,
        about_model=_label(about),
        about_pk=str(about.pk),
        about_version=version,
        person_model=_label(person) if person is not None else "",
        person_pk=str(person.pk) if person is not None else "",
        office=office
        or (prefecture.name if prefecture and audience != StaffEvent.MIC else "総務省"),
        title=title[:200],
        details=details,
        link=link,
    )
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        return None  # recorded before (staff_event_recorded_once)
    if declared.digest_only:
        return event
    recipients = _with_delivery(staff_with_role(audience=audience), declared).filter(
        delivery=Delivery.IMMEDIATE  # type: ignore[misc]  # the annotation, unknown to the stubs
    )
    recipients_list = list(recipients.only("pk", "email"))
    if not recipients_list:
        return event
    subject, body = event_mail_text(event, declared)
    mails = StaffMail.objects.bulk_create(
        StaffMail(
            to=user.email, subject=subject, body=body, user=user, audience=audience, event=event
        )
        for user in recipients_list
    )
    for mail in mails:
        mail_enqueue(mail=mail)
    return event


def event_recorded(*, kind: str, about: models.Model) -> bool:
    """Whether an event of this kind about this object was ever recorded (for any audience)."""
    return StaffEvent.objects.filter(
        kind=kind, about_model=_label(about), about_pk=str(about.pk)
    ).exists()


def events_record(
    *,
    kind: str,
    prefectures: Iterable[Prefecture],
    about: models.Model,
    title: str,
    link: str,
    details: str = "",
    person: models.Model | None = None,
) -> list[StaffEvent]:
    """The same event for several prefectures (an entry that reaches them all: 全国), once each."""
    recorded = []
    for prefecture in prefectures:
        event = event_record(
            kind=kind,
            prefecture=prefecture,
            about=about,
            title=title,
            link=link,
            details=details,
            person=person,
        )
        if event is not None:
            recorded.append(event)
    return recorded


@dataclass(frozen=True)
class EntryEvents:
    """The staff events of a self-registered entry (registry's companies, talent's people),
    declared by its app: `new` tells 総務省 of an entry waiting for review; `listed` tells each
    prefecture the entry reaches (`reaches`; 全国: all 47), once, the first time it enters their
    list (`in_lists`: whether its status and answers put it there)."""

    new: EventKind
    listed: EventKind
    title: Callable[[Any], str]
    review_link: Callable[[Any], str]
    list_link: Callable[[Any], str]
    in_lists: Callable[[Any], bool]
    reaches: Callable[[Any], Iterable[Prefecture]]

    @property
    def kinds(self) -> list[EventKind]:
        return [self.listed, self.new]


def entry_new_event_record(*, events: EntryEvents, entry: Any) -> None:
    event_record(
        kind=events.new.key,
        prefecture=None,
        about=entry,
        title=events.title(entry),
        details="新しい登録です。内容を確認してください。",
        link=events.review_link(entry),
        person=entry,
    )


def entry_moved_event_record(*, events: EntryEvents, entry: Any) -> None:
    """What a move of the review tells staff: entering prefectures' lists (below), or, once
    withdrawn or found a duplicate, no more of the name in their events and mails."""
    if entry.status in type(entry).CLOSED_STATUSES:
        person_events_close(person=entry, now=timezone.now())
        return
    entry_listed_event_record(events=events, entry=entry)


def entry_listed_event_record(*, events: EntryEvents, entry: Any, edited: bool = False) -> None:
    """Each prefecture the entry now reaches hears of it once, the first time it enters their
    list; a return from 未確認 or a second 掲載 records nothing new. After an edit (`edited`),
    the prefectures it added hear of it; an entry listed before these events existed (nothing
    recorded yet) is not announced to every prefecture it reaches."""
    if not events.in_lists(entry):
        return
    if edited and not event_recorded(kind=events.listed.key, about=entry):
        return
    events_record(
        kind=events.listed.key,
        prefectures=events.reaches(entry),
        about=entry,
        title=events.title(entry),
        link=events.list_link(entry),
        person=entry,
    )


# ---------------------------------------------------------------- mail text


def _settings_url() -> str:
    return absolute_url(reverse("portal:notification-settings"))


EVENT_TEXT = "portal.staff_event"
DIGEST_TEXT = "portal.staff_digest"


def _event_preview() -> dict[str, Any]:
    return {
        "event": {
            "office": "北海道 デジタル推進課",
            "title": "株式会社札幌クラウドワークスから「関心あり」（募集「窓口DXの推進」）",
            "details": "相手：株式会社札幌クラウドワークス（企業・団体）\n返答：関心あり",
        },
        "kind_label": "打診への返答",
        "url": absolute_url("/matching/approaches/1/"),
        "settings_url": _settings_url(),
    }


def _digest_preview() -> dict[str, Any]:
    return {
        "office": "北海道",
        "day": timezone.localdate(),
        "count": 2,
        "sections": [
            {
                "label": "一覧に加わった企業・団体",
                "count": 2,
                "events": [
                    {"title": "株式会社札幌クラウドワークス（受付番号 KR-2026-000007）",
                     "url": absolute_url("/prefecture/companies/")},
                    {"title": "北海デジタルソリューションズ株式会社（受付番号 KR-2026-000001）",
                     "url": absolute_url("/prefecture/companies/")},
                ],
            }
        ],
        "settings_url": _settings_url(),
    }  # fmt: skip


# The texts of the staff mails, which 総務省 edits (portal.mail_texts; shipped by migration 0008).
MAIL_TEXTS = (
    MailKind(
        key=EVENT_TEXT,
        label="職員へのお知らせ（すぐに送るもの）",
        variables=(
            ("event.office", "あて先の都道府県・担当部署（総務省あては「総務省」）"),
            ("event.title", "お知らせの見出し"),
            ("event.details", "お知らせの内容（複数行）"),
            ("kind_label", "お知らせの種類"),
            ("url", "職員のページへのリンク"),
            ("settings_url", "受け取り方の設定ページへのリンク"),
        ),
        preview=_event_preview,
        body_requires=(("url", "職員のページへのリンク"),),
    ),
    MailKind(
        key=DIGEST_TEXT,
        label="職員への毎日のまとめ",
        variables=(
            ("office", "あて先の都道府県（総務省あては「総務省」）"),
            ("day", "まとめの日付"),
            ("count", "お知らせの件数"),
            ("sections", "お知らせの種類ごとのまとまり（{% for section in sections %}）"),
            ("sections.label", "お知らせの種類"),
            ("sections.count", "その種類の件数"),
            ("sections.events", "その種類のお知らせ（{% for event in section.events %}）"),
            ("sections.events.title", "お知らせの見出し"),
            ("sections.events.url", "職員のページへのリンク"),
            ("settings_url", "受け取り方の設定ページへのリンク"),
        ),
        preview=_digest_preview,
    ),
)


def event_mail_text(event: StaffEvent, kind: EventKind) -> tuple[str, str]:
    """The subject and body of the mail of one event, sent at once."""
    subject, body = mail_text_render(
        key=EVENT_TEXT,
        context={
            "event": event,
            "kind_label": kind.label,
            "url": absolute_url(event.link),
            "settings_url": _settings_url(),
        },
    )
    return subject[:255], body


def digest_mail_text(
    *, audience: str, day: date, events: Sequence[StaffEvent], kinds: dict[str, EventKind]
) -> tuple[str, str]:
    """The subject and body of one day's digest, its events grouped by kind."""
    groups: dict[str, list[StaffEvent]] = defaultdict(list)
    for event in events:
        groups[event.kind].append(event)
    office = (
        "総務省"
        if audience == StaffEvent.MIC
        else (getattr(events[0], "prefecture_name", "") if events else "")
    )
    sections = [
        {
            "label": kinds[key].label if key in kinds else key,
            "count": len(groups[key]),
            "events": [
                {"title": event.title, "url": absolute_url(event.link)} for event in groups[key]
            ],
        }
        for key in kinds
        if key in groups
    ]
    return mail_text_render(
        key=DIGEST_TEXT,
        context={
            "office": office,
            "day": day,
            "count": len(events),
            "sections": sections,
            "settings_url": _settings_url(),
        },
    )


# ---------------------------------------------------------------- the daily digest


@dataclass
class DigestRun:
    due: bool  # whether DIGEST_HOUR had come (nothing is sent before)
    sent: int = 0  # digests claimed and queued by this run
    mark: int = 0  # the high-water mark of the event ids


def digest_high_water() -> int:
    """The highest event id that no later-committing transaction can undercut (see the module's
    docstring): on PostgreSQL, read under a SHARE lock that waits for the recording ones."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {StaffEvent._meta.db_table} IN SHARE MODE")
        return StaffEvent.objects.aggregate(mark=Max("id"))["mark"] or 0


def digest_day(now: datetime) -> date | None:
    """The day whose digest is due at `now` (Japan time), or None before DIGEST_HOUR."""
    local = timezone.localtime(now)
    return local.date() if local.hour >= settings.DIGEST_HOUR else None


def _staff_audiences() -> dict[int, tuple[User, str]]:
    """Every user who may receive mail now: {pk: (user, audience)} (two queries)."""
    users: dict[int, tuple[User, str]] = {}
    for user in staff_with_role(audience=StaffEvent.MIC).only("pk", "email"):
        users[user.pk] = (user, StaffEvent.MIC)
    mic_pks = User.objects.filter(Q(is_superuser=True) | Q(groups__name=MIC_GROUP)).values("pk")
    members = (
        User.objects.filter(is_active=True, prefecture_membership__isnull=False)
        .exclude(email="")
        .exclude(pk__in=mic_pks)
        .only("pk", "email")
        .annotate(audience=models.F("prefecture_membership__prefecture_id"))
    )
    for user in members:
        users[user.pk] = (user, getattr(user, "audience"))  # noqa: B009 - the annotation
    return users


def digests_send(*, now: datetime | None = None, mark: int | None = None) -> DigestRun:
    """Build, claim and queue the digest of every staff user who has something in it today.

    Idempotent per user and day; a constant number of queries, whatever the number of users
    (each queued mail then costs its own job on the task queue). `mark` is for tests: the
    high-water mark taken "earlier"."""
    now = now or timezone.now()
    day = digest_day(now)
    if day is None:
        return DigestRun(due=False)
    # Events that come due with the day (a 打診 past its follow-up date) are recorded first,
    # so that they are under this run's mark and in today's digest.
    for _, due_events_record in app_hooks("staff_events_due"):
        due_events_record(today=day)
    mark = digest_high_water() if mark is None else mark
    run = DigestRun(due=True, mark=mark)
    kinds = event_kinds()
    users = _staff_audiences()
    done = set(Digest.objects.filter(day=day).values_list("user_id", flat=True))
    waiting = {pk: value for pk, value in users.items() if pk not in done}
    if not waiting:
        return run
    previous = dict(
        Digest.objects.filter(user_id__in=list(waiting))
        .values("user_id")
        .annotate(upto=Max("upto_id"))
        .values_list("user_id", "upto")
    )
    chosen: dict[int, dict[str, str]] = defaultdict(dict)
    for user_id, kind, delivery in NotificationPreference.objects.filter(
        user_id__in=list(waiting)
    ).values_list("user_id", "kind", "delivery"):
        chosen[user_id][kind] = delivery
    # A user's first digest reaches back one day, not to the first event ever recorded.
    first_since = now - timedelta(days=1)
    reach = Q(occurred_at__gte=first_since)
    if previous:
        reach |= Q(id__gt=min(previous.values()))
    events: dict[str, list[StaffEvent]] = defaultdict(list)
    for event in (
        StaffEvent.objects.filter(reach, id__lte=mark, kind__in=list(kinds))
        .annotate(prefecture_name=Coalesce("prefecture__name", Value("総務省")))
        .order_by("id")
    ):
        events[event.audience].append(event)

    token = uuid.uuid4()  # marks the rows this run claims
    claims: list[Digest] = []
    contents: dict[int, tuple[User, str, list[StaffEvent]]] = {}
    for pk, (user, audience) in waiting.items():
        since = previous.get(pk)
        listed = [
            event
            for event in events.get(audience, ())
            if (event.id > since if since is not None else event.occurred_at >= first_since)
            and event.kind in kinds
            and chosen[pk].get(event.kind, kinds[event.kind].default) == Delivery.DIGEST
        ]
        # Claimed even with nothing listed (no mail then): the next digest starts from this
        # run's mark, never from an older one (a user who later moves a kind from すぐに to the
        # digest must not get events they were mailed at once).
        contents[pk] = (user, audience, listed)
        claims.append(
            Digest(
                user_id=pk,
                day=day,
                audience=audience,
                upto_id=mark,
                run=token,
                event_ids=[event.id for event in listed],
            )
        )
    if not claims:
        return run
    # The digest's text is read once for the run (mail_texts_held).
    with transaction.atomic(), mail_texts_held():
        # The claim: a row already there (another run, another process) is left alone.
        Digest.objects.bulk_create(claims, ignore_conflicts=True)
        ours = list(Digest.objects.filter(day=day, run=token).values_list("pk", "user_id"))
        mails = []
        # Staff of one audience with the same choices get the same text: written once.
        texts: dict[tuple[str, tuple[int, ...]], tuple[str, str]] = {}
        for digest_pk, user_id in ours:
            user, audience, listed = contents[user_id]
            if not listed:
                continue
            key = (audience, tuple(event.id for event in listed))
            if key not in texts:
                texts[key] = digest_mail_text(
                    audience=audience, day=day, events=listed, kinds=kinds
                )
            subject, body = texts[key]
            mails.append(
                StaffMail(
                    to=user.email,
                    subject=subject,
                    body=body,
                    user_id=user_id,
                    audience=audience,
                    digest_id=digest_pk,
                )
            )
        mails_enqueue(mails=list(StaffMail.objects.bulk_create(mails)))
    run.sent = len(mails)
    return run


# ---------------------------------------------------------------- erasure


def event_copies_erase(
    *, model: type[models.Model], pks: list[int], now: datetime
) -> dict[str, int]:
    """Erase what the staff events and mails copied from these entries
    (AppConfig.personal_copies_erase): the events' text, the mails sent at once, and the
    digests that listed them (a digest not sent yet is written again without it)."""
    events = StaffEvent.objects.filter(
        person_model=model._meta.label_lower, person_pk__in=[str(pk) for pk in pks]
    )
    return events_erase(events=events, now=now)


def events_about_erase(
    *, model: type[models.Model], pks: list[int], now: datetime
) -> dict[str, int]:
    """Erase the events about these objects and their mails, as events_erase: for an app that
    erases the personal data of its own records (a 打診's reply, matching.retention)."""
    events = StaffEvent.objects.filter(
        about_model=model._meta.label_lower, about_pk__in=[str(pk) for pk in pks]
    )
    return events_erase(events=events, now=now)


def person_events_close(*, person: models.Model, now: datetime) -> dict[str, int]:
    """A company or person withdrew (or was found a duplicate): like the staff pages, the events
    and staff mails that name them show 「取下げ済み」 from now on (events_erase)."""
    events = StaffEvent.objects.filter(person_model=_label(person), person_pk=str(person.pk))
    return events_erase(events=events, now=now, title=WITHDRAWN_TITLE)


def events_erase(
    *, events: models.QuerySet[StaffEvent], now: datetime, title: str = ERASED_TITLE
) -> dict[str, int]:
    """Blank these events' text, the mails sent at once, and the digests that listed them (a
    digest not sent yet is written again without them); returns the counts."""
    erased = list(events.filter(erased_at__isnull=True).values_list("pk", flat=True))
    if not erased:
        return {}
    counts: dict[str, int] = {}
    with transaction.atomic():
        counts["職員へのお知らせ"] = StaffEvent.objects.filter(pk__in=erased).update(
            title=title, details="", erased_at=now
        )
        counts["職員へのお知らせメール"] = outbox_erase(
            mails=StaffMail.objects.filter(event_id__in=erased)
        )
        counts["毎日のまとめ"] = _digests_rewrite(erased=set(erased))
    return counts


def _digests_rewrite(*, erased: set[int]) -> int:
    """The digests listing these events: sent ones are blanked, unsent ones written again."""
    # Only digests whose range can hold the events are read; their id lists decide.
    candidates = Digest.objects.filter(upto_id__gte=min(erased)).select_related("mail")
    kinds = event_kinds()
    changed = 0
    for digest in candidates:
        if not erased.intersection(digest.event_ids):
            continue
        mail = getattr(digest, "mail", None)
        if mail is None:
            continue
        if mail.sent_at is not None or not mail.to:
            changed += outbox_erase(mails=StaffMail.objects.filter(pk=mail.pk))
            continue
        listed = list(
            StaffEvent.objects.filter(pk__in=digest.event_ids)
            .annotate(prefecture_name=Coalesce("prefecture__name", Value("総務省")))
            .order_by("id")
        )
        subject, body = digest_mail_text(
            audience=digest.audience, day=digest.day, events=listed, kinds=kinds
        )
        changed += StaffMail.objects.filter(pk=mail.pk, sent_at__isnull=True).update(
            subject=subject, body=body
        )
    return changed
