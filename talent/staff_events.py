"""The talent app's events for staff (portal.notifications): a new entry waiting for 総務省's
review, and a person provided to a prefecture (掲載（都道府県に提供）, choosing it; 全国 or
相談に応じて: all 47)."""

from collections.abc import Iterable

from django.urls import reverse

from portal.models import Prefecture
from portal.notifications import (
    MIC_STAFF,
    PREFECTURE_STAFF,
    EntryEvents,
    EventKind,
    entry_listed_event_record,
    entry_moved_event_record,
    entry_new_event_record,
)
from portal.review import review_record_url

from .models import Specialist

NEW = "talent.new"
LISTED = "talent.listed"


def _reaches(specialist: Specialist) -> Iterable[Prefecture]:
    if specialist.desires_anywhere or specialist.desires_on_request:
        return list(Prefecture.objects.all())
    return list(specialist.desired_prefectures.all())


EVENTS = EntryEvents(
    new=EventKind(key=NEW, label="審査を待つ協力可能人材の登録", audience=MIC_STAFF),
    listed=EventKind(
        key=LISTED, label="一覧に加わった協力可能人材", audience=PREFECTURE_STAFF, digest_only=True
    ),
    title=lambda specialist: f"{specialist.name}（受付番号 {specialist.receipt_number}）",
    review_link=review_record_url,
    list_link=lambda specialist: reverse("talent:staff-detail", args=[specialist.pk]),
    in_lists=lambda specialist: specialist.status == Specialist.Status.LISTED,
    reaches=_reaches,
)
STAFF_EVENTS = EVENTS.kinds


def specialist_new_event_record(*, specialist: Specialist) -> None:
    entry_new_event_record(events=EVENTS, entry=specialist)


def specialist_moved_event_record(*, specialist: Specialist) -> None:
    entry_moved_event_record(events=EVENTS, entry=specialist)


def specialist_listed_event_record(*, specialist: Specialist, edited: bool = False) -> None:
    entry_listed_event_record(events=EVENTS, entry=specialist, edited=edited)
