"""The 打診's copies of personal data, and their erasure.

A 打診 copies its recipient's address into its mail (with their name in the body and the reply
link), and keeps their reply and the prefecture's note on why it was declined; the staff event
of a reply (portal.notifications) quotes it in its mails. These go:
- when the recipient's own data is erased (a person's request, or their registration's retention
  period: portal.retention.personal_copies_erase calls `approach_copies_erase`);
- settings.MAIL_RETENTION_DAYS after the 募集 closed (充足 or 終了) or the recipient withdrew,
  whichever comes first (the daily run: `approach_retention_apply`).
The 打診 itself stays, with its response and outcome, so the funnel keeps its counts.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Model, Q, QuerySet
from django.utils import timezone

from portal.notifications import events_about_erase
from portal.retention import RetentionPart, counts_add, outbox_erase
from registry.models import Registration
from talent.models import Specialist

from .models import Approach, ApproachMail

REPLY_FIELDS = {"response_message": "", "decline_note": ""}
LABEL = "打診"
# Which field of a 打診 points at an entry of each model that copies are erased for.
RECIPIENT_FIELDS: dict[type[Model], str] = {Registration: "registration", Specialist: "specialist"}


def approaches_erase(*, approaches: QuerySet[Approach], now: datetime) -> dict[str, int]:
    """Erase the replies, notes and mails of these 打診 (and their history); returns the counts.
    Their reply links stop working."""
    pks = list(
        approaches.filter(personal_data_erased_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not pks:
        return {}
    with transaction.atomic():
        Approach.objects.filter(pk__in=pks).update(
            **REPLY_FIELDS, link_version=F("link_version") + 1, personal_data_erased_at=now
        )
        return {
            "打診": len(pks),
            "打診の変更履歴の行": Approach.history.filter(id__in=pks)
            .exclude(**REPLY_FIELDS)
            .update(**REPLY_FIELDS),
            "打診のメール": outbox_erase(mails=ApproachMail.objects.filter(approach_id__in=pks)),
            **events_about_erase(model=Approach, pks=pks, now=now),
        }


def approach_copies_erase(*, model: type[Model], pks: list[int], now: datetime) -> dict[str, int]:
    """Erase what the 打診 copied from these entries (AppConfig.personal_copies_erase)."""
    field = RECIPIENT_FIELDS.get(model)
    if field is None:
        return {}
    return approaches_erase(approaches=Approach.objects.filter(**{f"{field}__in": pks}), now=now)


@transaction.atomic
def approach_retention_apply(*, now: datetime | None = None) -> RetentionPart:
    """The matching app's part of one run (AppConfig.retention)."""
    now = now or timezone.now()
    days = settings.MAIL_RETENTION_DAYS
    cutoff = now - timedelta(days=days)
    due = Approach.objects.filter(
        Q(need__closed_at__lt=cutoff)
        | Q(registration__in=Registration.objects.closed_before(cutoff).values("pk"))
        | Q(specialist__in=Specialist.objects.closed_before(cutoff).values("pk"))
    )
    counts = counts_add({}, approaches_erase(approaches=due, now=now))
    return RetentionPart(
        label=LABEL,
        rule=f"募集の終了または相手の取下げから{days}日（早いほう）",
        entries=counts.pop("打診", 0),
        erased="返答のメッセージ、見送りの理由（詳しく）、メールの宛先・件名・本文（変更履歴を含む）",
        counts={key: value for key, value in counts.items() if value},
    )
