"""The registry's events for staff (portal.notifications): a new registration waiting for
総務省's review, and a company entering a prefecture's list (確認済 or 掲載, reaching it)."""

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

from .models import Registration

NEW = "registry.new"
LISTED = "registry.listed"


def _in_lists(registration: Registration) -> bool:
    # What prefecture staff see (Registration.objects.for_prefecture_staff): 確認済 or 掲載,
    # and only companies that second staff.
    return (
        registration.status in (Registration.Status.CONFIRMED, Registration.Status.PUBLISHED)
        and registration.secondment == Registration.Secondment.YES
    )


def _reaches(registration: Registration) -> Iterable[Prefecture]:
    if registration.dispatch_nationwide or registration.dispatch_undecided:
        return list(Prefecture.objects.all())
    return list(registration.dispatch_prefectures.all())


EVENTS = EntryEvents(
    new=EventKind(key=NEW, label="審査を待つ企業・団体の登録", audience=MIC_STAFF),
    listed=EventKind(
        key=LISTED, label="一覧に加わった企業・団体", audience=PREFECTURE_STAFF, digest_only=True
    ),
    title=lambda registration: (
        f"{registration.company_name}（受付番号 {registration.receipt_number}）"
    ),
    review_link=review_record_url,
    list_link=lambda registration: reverse("registry:prefecture-companies"),
    in_lists=_in_lists,
    reaches=_reaches,
)
STAFF_EVENTS = EVENTS.kinds


def registration_new_event_record(*, registration: Registration) -> None:
    entry_new_event_record(events=EVENTS, entry=registration)


def registration_moved_event_record(*, registration: Registration) -> None:
    entry_moved_event_record(events=EVENTS, entry=registration)


def registration_listed_event_record(*, registration: Registration, edited: bool = False) -> None:
    entry_listed_event_record(events=EVENTS, entry=registration, edited=edited)
