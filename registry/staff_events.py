"""The registry's events for staff (portal.notifications): a new registration waiting for
総務省's review, and a company entering a prefecture's list (確認済 or 掲載, reaching it)."""

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

from .models import Registration

NEW = "registry.new"
LISTED = "registry.listed"

STAFF_EVENTS = [
    EventKind(
        key=LISTED,
        label="一覧に加わった企業・団体",
        audience=PREFECTURE_STAFF,
        digest_only=True,
    ),
    EventKind(key=NEW, label="審査を待つ企業・団体の登録", audience=MIC_STAFF),
]


def registration_new_event_record(*, registration: Registration) -> None:
    event_record(
        kind=NEW,
        prefecture=None,
        about=registration,
        title=f"{registration.company_name}（受付番号 {registration.receipt_number}）",
        details="新しい登録です。内容を確認してください。",
        link=reverse("admin:registry_registration_change", args=[registration.pk]),
        person=registration,
    )


def registration_moved_event_record(*, registration: Registration) -> None:
    """What a move of the review tells staff: entering prefectures' lists (below), or, once
    withdrawn or found a duplicate, no more of the name in their events and mails."""
    if registration.status in Registration.CLOSED_STATUSES:
        person_events_close(person=registration, now=timezone.now())
        return
    registration_listed_event_record(registration=registration)


def registration_listed_event_record(*, registration: Registration, edited: bool = False) -> None:
    """Each prefecture the registration now reaches hears of it once (全国: all 47), the first
    time it enters their list; a return from 未確認 or a second 掲載 records nothing new."""
    if registration.status not in (Registration.Status.CONFIRMED, Registration.Status.PUBLISHED):
        return
    if registration.secondment != Registration.Secondment.YES:
        return
    if edited and not event_recorded(kind=LISTED, about=registration):
        return
    if registration.dispatch_nationwide or registration.dispatch_undecided:
        prefectures = list(Prefecture.objects.all())
    else:
        prefectures = list(registration.dispatch_prefectures.all())
    events_record(
        kind=LISTED,
        prefectures=prefectures,
        about=registration,
        title=f"{registration.company_name}（受付番号 {registration.receipt_number}）",
        link=reverse("registry:prefecture-companies"),
        person=registration,
    )
