"""The registry's part of the daily retention run (portal.retention).

個人情報保護法 asks that personal data no longer needed be erased without delay:
- once a registration has been 取下げ or 重複 for settings.REGISTRATION_RETENTION_DAYS, its
  contact's details and free text are erased, from the registration, from every row of its
  history and from the comments of its status changes; its mails are erased (address, subject,
  body), and so is every copy other apps keep (the 打診 sent to it, and its replies). The
  company name, receipt number, dates and state stay, so the record of what happened remains;
- the address and body of its mails go settings.MAIL_RETENTION_DAYS after 取下げ or 重複, if
  that period is the shorter (the 打診's mails and replies: matching.retention).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from portal.retention import (
    RetentionPart,
    counts_add,
    outbox_erase,
    personal_copies_erase,
)

from .models import OutgoingMail, Registration, StatusChange

# The fields erased, with their names as the record shows them.
PERSONAL_FIELDS = {
    "contact_name": "ご担当者様のお名前",
    "contact_name_kana": "ふりがな",
    "email": "メールアドレス",
    "phone": "電話番号",
    "department": "担当部署",
    "scheme_support_record": "支援実績（自由記述）",
    "message": "備考欄（自由記述）",
    "withdrawal_reason": "取下げの理由",
}
LABEL = "協力企業・団体の登録"
BATCH = 500


def retention_due(*, now: datetime | None = None) -> QuerySet[Registration]:
    """Registrations 取下げ or 重複 for longer than the retention period, not yet erased."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.REGISTRATION_RETENTION_DAYS)
    return Registration.objects.closed_before(cutoff).filter(erased_at__isnull=True)


def registrations_erase(*, pks: list[int], now: datetime) -> dict[str, int]:
    """Erase the personal data of these registrations and of every copy; returns the counts.

    The admin's own log names a registration by receipt number and company name, which stay: it
    needs no erasure (a talent entry's names its person: talent.retention renames it)."""
    blank = dict.fromkeys(PERSONAL_FIELDS, "")
    counts: dict[str, int] = {}
    with transaction.atomic():
        for start in range(0, len(pks), BATCH):
            batch = pks[start : start + BATCH]
            Registration.objects.filter(pk__in=batch).update(
                **blank, email_key="", phone_formatted="", erased_at=now
            )
            counts = counts_add(
                counts,
                {
                    "変更履歴の行": Registration.history.filter(id__in=batch).update(**blank),
                    "送信メール": outbox_erase(
                        mails=OutgoingMail.objects.filter(registration_id__in=batch)
                    ),
                    "状態の変更のコメント": StatusChange.objects.filter(registration_id__in=batch)
                    .exclude(comment="")
                    .update(comment=""),
                },
            )
            counts = counts_add(
                counts, personal_copies_erase(model=Registration, pks=batch, now=now)
            )
    return counts


@transaction.atomic
def registration_retention_apply(*, now: datetime) -> RetentionPart:
    """The registry's part of one run (AppConfig.retention). The 打診's copies of a closed
    registration's data that are due before the registration itself are matching's part."""
    due = list(retention_due(now=now).order_by("pk").values_list("pk", "receipt_number"))
    counts = registrations_erase(pks=[pk for pk, _ in due], now=now)
    mail_cutoff = now - timedelta(days=settings.MAIL_RETENTION_DAYS)
    closed = Registration.objects.closed_before(mail_cutoff).values("pk")
    counts = counts_add(
        counts,
        {"送信メール": outbox_erase(mails=OutgoingMail.objects.filter(registration__in=closed))},
    )
    days = settings.REGISTRATION_RETENTION_DAYS
    return RetentionPart(
        label=LABEL,
        rule=f"取下げ・重複から{days}日（メールは{settings.MAIL_RETENTION_DAYS}日）",
        entries=len(due),
        receipt_numbers=tuple(number or f"（ID {pk}）" for pk, number in due),
        erased="、".join([*PERSONAL_FIELDS.values(), "状態の変更のコメント"])
        + "（変更履歴の各行を含む）。送信メールの宛先・件名・本文と、打診の返答・メール。",
        counts={key: value for key, value in counts.items() if value},
    )
