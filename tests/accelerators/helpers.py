"""Moving nominations through the workflow, for the accelerators tests."""

from accelerators.models import Nomination
from accelerators.workflow import nomination_transition
from tests.factories import make_nomination

Status = Nomination.Status


def move(nomination, action, by, **details):
    defaults = {"comment": "理由があります。"} if action in ("return", "reject") else {}
    if action == "retire":
        from django.utils import timezone

        defaults = {"end_date": timezone.localdate(), "end_reason": "任期満了"}
    return nomination_transition(
        nomination=nomination, action=action, by=by, **{**defaults, **details}
    )


def nomination_in(status, prefecture_user, mic_user, **nomination_fields):
    nomination = make_nomination(**nomination_fields)
    path = {
        Status.DRAFT: [],
        Status.SUBMITTED: [("submit", prefecture_user)],
        Status.IN_REVIEW: [("submit", prefecture_user), ("review", mic_user)],
        Status.APPOINTED: [
            ("submit", prefecture_user),
            ("review", mic_user),
            ("appoint", mic_user),
        ],
        Status.RETURNED: [("submit", prefecture_user), ("review", mic_user), ("return", mic_user)],
        Status.REJECTED: [("submit", prefecture_user), ("review", mic_user), ("reject", mic_user)],
        Status.RETIRED: [
            ("submit", prefecture_user),
            ("review", mic_user),
            ("appoint", mic_user),
            ("retire", mic_user),
        ],
    }[status]
    for action, by in path:
        move(nomination, action, by)
    return nomination
