"""Erasing a 協力可能人材 entry's personal data: at the person's request (talent.self_service), and
settings.TALENT_RETENTION_DAYS after 取下げ or 重複 (the daily run, portal.retention).

Erased, the entry is a tombstone: 消去済, with its receipt number and dates. Its history, the
comments of its status changes, its mails (address, subject, body) and every copy other apps keep
(the 打診 sent to it and the reply) go too. An accelerator nomination made from the entry is an
official record of an appointment and stays, with the name it copied (the privacy notice says so).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from portal.retention import (
    RetentionPart,
    admin_log_erase,
    counts_add,
    history_delete,
    outbox_erase,
    personal_copies_erase,
)

from .choices import WorkStyle
from .models import Specialist, SpecialistMail, SpecialistStatusChange

Status = Specialist.Status
ERASED_NAME = "（消去済）"
# What is erased, as the record of a run names it.
ERASED = (
    "氏名・ふりがな、メールアドレス、電話番号、住所の都道府県、希望、得意分野、自己PR、URL、"
    "実務経験、試験の合格、状態の変更のコメント、変更履歴、送信メールの宛先・件名・本文、"
    "打診の返答・メール"
)
LABEL = "協力可能人材"


def specialist_personal_data_erase(
    *, specialist: Specialist, now: datetime, comment: str = ""
) -> dict[str, int]:
    """Turn a locked entry into its tombstone (消去済); returns what was erased, counted.

    The caller holds the row lock (select_for_update) inside its transaction.
    """
    counts = {
        "状態の変更のコメント": specialist.status_changes.exclude(comment="").update(comment=""),
        "送信メール": outbox_erase(mails=specialist.mails.all()),
    }
    SpecialistStatusChange.objects.create(
        specialist=specialist,
        from_status=specialist.status,
        to_status=Status.ERASED,
        changed_at=now,
        comment=comment,
    )
    specialist.experiences.all().delete()
    specialist.exam_passes.all().delete()
    specialist.desired_prefectures.clear()
    specialist.specialties.clear()
    for name in ["name_kana", "email", "phone", "situation", "self_pr", "url"]:
        setattr(specialist, name, "")
    specialist.name = ERASED_NAME
    specialist.specialty_other_text = ""
    specialist.residence = None
    specialist.available_now, specialist.available_from = False, None
    for flag in ["desires_anywhere", "desires_on_request", *(s.value for s in WorkStyle)]:
        setattr(specialist, flag, False)
    specialist.status = Status.ERASED
    specialist.erased_at = now
    specialist.edit_link_version += 1
    specialist.skip_history_when_saving = True
    specialist.save()
    del specialist.skip_history_when_saving
    # Last, after the relations were cleared (which history records too).
    counts["変更履歴の行"] = history_delete(model=Specialist, pks=[specialist.pk])
    counts["管理画面の操作の記録"] = admin_log_erase(entries=[specialist])
    return counts_add(counts, personal_copies_erase(model=Specialist, pks=[specialist.pk], now=now))


def retention_due(*, now: datetime | None = None) -> QuerySet[Specialist]:
    """Entries 取下げ or 重複 for longer than the retention period (not erased yet)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.TALENT_RETENTION_DAYS)
    return Specialist.objects.closed_before(cutoff).exclude(status=Status.ERASED)


@transaction.atomic
def specialist_retention_apply(*, now: datetime | None = None) -> RetentionPart:
    """The talent app's part of one run (AppConfig.retention). No mail goes to the person: they
    withdrew long ago, and the privacy notice told them when their data would go."""
    now = now or timezone.now()
    days = settings.TALENT_RETENTION_DAYS
    due = list(retention_due(now=now).select_for_update().order_by("pk"))
    counts: dict[str, int] = {}
    for specialist in due:
        counts = counts_add(
            counts,
            specialist_personal_data_erase(
                specialist=specialist,
                now=now,
                comment=f"保存期間（取下げ・重複から{days}日）の経過により消去",
            ),
        )
    mail_cutoff = now - timedelta(days=settings.MAIL_RETENTION_DAYS)
    closed = Specialist.objects.closed_before(mail_cutoff).values("pk")
    counts = counts_add(
        counts,
        {"送信メール": outbox_erase(mails=SpecialistMail.objects.filter(specialist__in=closed))},
    )
    return RetentionPart(
        label=LABEL,
        rule=f"取下げ・重複から{days}日（メールは{settings.MAIL_RETENTION_DAYS}日）",
        entries=len(due),
        receipt_numbers=tuple(s.receipt_number or f"（ID {s.pk}）" for s in due),
        erased=ERASED,
        counts={key: value for key, value in counts.items() if value},
    )
