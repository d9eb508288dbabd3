"""The matching app's events for staff (portal.notifications): a reply to a 打診, and a 打診
whose follow-up date has passed with no outcome."""

from datetime import date

from django.urls import reverse

from portal.models import NotificationPreference, StaffEvent
from portal.notifications import PREFECTURE_STAFF, EventKind, event_record

from .models import Approach

REPLY = "matching.reply"
FOLLOW_UP = "matching.follow_up"

STAFF_EVENTS = [
    EventKind(
        key=REPLY,
        label="打診への返答",
        audience=PREFECTURE_STAFF,
        default=NotificationPreference.Delivery.IMMEDIATE,
    ),
    EventKind(key=FOLLOW_UP, label="次の確認日を過ぎた打診", audience=PREFECTURE_STAFF),
]


def reply_event_record(*, approach: Approach) -> None:
    """Tell the prefecture that sent the 打診 who answered it, and how (one event per answer)."""
    need = approach.need
    name = approach.recipient_name
    details = "\n".join(
        [
            f"相手：{name}（{approach.recipient_kind}、受付番号 {approach.recipient_receipt_number}）",
            f"募集：{need.title}",
            f"担当：{need.office_display}",
            f"返答：{approach.get_response_display()}",
            f"メッセージ：{approach.response_message or '（なし）'}",
        ]
    )
    event_record(
        kind=REPLY,
        prefecture=need.prefecture,
        about=approach,
        title=f"{name}から「{approach.get_response_display()}」（募集「{need.title}」）",
        details=details,
        office=need.office_display,
        link=reverse("matching:approach", args=[approach.pk]),
        person=approach.recipient,
        version=approach.response,
    )


def follow_ups_due_record(*, today: date) -> int:
    """Record, once per 打診 and follow-up date, each 打診 past its date with no outcome
    (Approach.objects.overdue, the rule the staff home's panel counts by); run before each day's
    digest is built (portal.notifications.digests_send), so it is in that day's digest. A date
    moved later by staff is a new event when that one passes too. Returns how many were new."""
    overdue = (
        Approach.objects.overdue(today)
        .select_related("need__prefecture", "registration", "specialist")
        .order_by("pk")
    )
    approaches = list(overdue)
    # Run every hour of the day (send_digests): what was recorded before costs one query here,
    # not a failed insert per 打診.
    known = set(
        StaffEvent.objects.filter(
            kind=FOLLOW_UP,
            about_model=Approach._meta.label_lower,
            about_pk__in=[str(approach.pk) for approach in approaches],
        ).values_list("about_pk", "about_version")
    )
    recorded = 0
    for approach in approaches:
        due = approach.follow_up_on
        version = f"follow-up {due.isoformat()}" if due else ""
        if due is None or (str(approach.pk), version) in known:
            continue
        need = approach.need
        name = approach.recipient_name
        event = event_record(
            kind=FOLLOW_UP,
            prefecture=need.prefecture,
            about=approach,
            title=f"{name}への打診が次の確認日（{due:%Y年%m月%d日}）を過ぎました"
            f"（募集「{need.title}」）",
            details="\n".join(
                [
                    f"相手：{name}（{approach.recipient_kind}）",
                    f"募集：{need.title}",
                    f"担当：{need.office_display}",
                    f"進み具合：{approach.get_outcome_display()}",
                    f"次の確認日：{due:%Y年%m月%d日}",
                ]
            ),
            office=need.office_display,
            link=reverse("matching:approach", args=[approach.pk]),
            person=approach.recipient,
            version=version,
        )
        recorded += event is not None
    return recorded
