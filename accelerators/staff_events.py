"""The accelerators app's events for staff (portal.notifications): a nomination submitted
(総務省 reviews it), and 総務省's decision (the prefecture hears of it)."""

from django.urls import reverse

from portal.notifications import MIC_STAFF, PREFECTURE_STAFF, EventKind, event_record

from .models import Nomination, NominationTransition

SUBMITTED = "accelerators.submitted"
DECIDED = "accelerators.decided"

STAFF_EVENTS = [
    EventKind(
        key=DECIDED, label="推薦の審査結果（差戻し・不承認・任命）", audience=PREFECTURE_STAFF
    ),
    EventKind(key=SUBMITTED, label="審査を待つ推薦（アクセラレータ）", audience=MIC_STAFF),
]
# The moves each kind reports (workflow.MOVES' keys by their target status).
DECISIONS: dict[str, str] = {
    Nomination.Status.RETURNED: "差戻し",
    Nomination.Status.REJECTED: "不承認",
    Nomination.Status.APPOINTED: "任命",
}


def nomination_event_record(*, transition: NominationTransition) -> None:
    """Record the event of one move of a nomination, if it is one staff hear of."""
    nomination = transition.nomination
    link = reverse("accelerators:detail", args=[nomination.pk])
    if transition.to_status == Nomination.Status.SUBMITTED:
        event_record(
            kind=SUBMITTED,
            prefecture=nomination.prefecture,
            about=transition,
            title=f"{nomination.prefecture.name}から {nomination.name} さんの推薦",
            details=f"推薦した都道府県：{nomination.prefecture.name}\n審査を始めてください。",
            link=link,
        )
    elif decision := DECISIONS.get(transition.to_status):
        details = f"総務省の審査結果：{decision}"
        if transition.comment:
            details += f"\n理由・連絡事項：{transition.comment}"
        event_record(
            kind=DECIDED,
            prefecture=nomination.prefecture,
            about=transition,
            title=f"{nomination.name} さんの推薦が「{decision}」になりました",
            details=details,
            link=link,
        )
