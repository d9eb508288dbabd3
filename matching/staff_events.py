"""The matching app's events for staff (portal.notifications): a reply to a 打診."""

from django.urls import reverse

from portal.models import NotificationPreference
from portal.notifications import PREFECTURE_STAFF, EventKind, event_record

from .models import Approach

REPLY = "matching.reply"
# FOLLOW_UP = "matching.follow_up": a 打診 whose follow-up date has come (prefecture staff,
# digest). Declared here once matching.Approach has its follow-up date (helper "followup").

STAFF_EVENTS = [
    EventKind(
        key=REPLY,
        label="打診への返答",
        audience=PREFECTURE_STAFF,
        default=NotificationPreference.Delivery.IMMEDIATE,
    ),
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
