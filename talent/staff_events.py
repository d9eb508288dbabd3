"""The talent app's events for staff (portal.notifications): a new entry waiting for 総務省's
review, and a person provided to a prefecture (掲載（都道府県に提供）, choosing it)."""

from django.urls import reverse
from django.utils import timezone

from portal.models import Prefecture
from portal.notifications import (
    MIC_STAFF,
    PREFECTURE_STAFF,
    EventKind,
    event_record,
    event_recorded,
    events_record,
    person_events_close,
)

from .models import Specialist

NEW = "talent.new"
LISTED = "talent.listed"

STAFF_EVENTS = [
    EventKind(
        key=LISTED,
        label="一覧に加わった協力可能人材",
        audience=PREFECTURE_STAFF,
        digest_only=True,
    ),
    EventKind(key=NEW, label="審査を待つ協力可能人材の登録", audience=MIC_STAFF),
]


def specialist_new_event_record(*, specialist: Specialist) -> None:
    event_record(
        kind=NEW,
        prefecture=None,
        about=specialist,
        title=f"{specialist.name}（受付番号 {specialist.receipt_number}）",
        details="新しい登録です。内容を確認してください。",
        link=reverse("admin:talent_specialist_change", args=[specialist.pk]),
        person=specialist,
    )


def specialist_moved_event_record(*, specialist: Specialist) -> None:
    """What a move of the review tells staff: entering prefectures' lists (below), or, once
    withdrawn or found a duplicate, no more of the name in their events and mails."""
    if specialist.status in Specialist.CLOSED_STATUSES:
        person_events_close(person=specialist, now=timezone.now())
        return
    specialist_listed_event_record(specialist=specialist)


def specialist_listed_event_record(*, specialist: Specialist, edited: bool = False) -> None:
    """Each prefecture the person chose hears of them once (全国 or 相談に応じて: all 47), the
    first time they are provided; a return from 未確認 or a second 掲載 records nothing new.

    After an edit (`edited`), the prefectures they added hear of them; an entry listed before
    these events existed (nothing recorded yet) is not announced to every prefecture it reaches.
    """
    if specialist.status != Specialist.Status.LISTED:
        return
    if edited and not event_recorded(kind=LISTED, about=specialist):
        return
    if specialist.desires_anywhere or specialist.desires_on_request:
        prefectures = list(Prefecture.objects.all())
    else:
        prefectures = list(specialist.desired_prefectures.all())
    events_record(
        kind=LISTED,
        prefectures=prefectures,
        about=specialist,
        title=f"{specialist.name}（受付番号 {specialist.receipt_number}）",
        link=reverse("talent:staff-detail", args=[specialist.pk]),
        person=specialist,
    )
