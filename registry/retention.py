"""Erasing the personal data of registrations withdrawn (取下げ) or found duplicate (重複) long ago.

個人情報保護法 asks that personal data no longer needed be erased without delay. Once a
registration has been 取下げ or 重複 for settings.REGISTRATION_RETENTION_DAYS, its contact's
details and free text are erased, from the registration, from every row of its history and from
the comments of its status changes, and its outbox mails are deleted. The company name, receipt
number, dates and state stay, so the record of what happened remains. Every run is logged
(RetentionRun), also when it finds nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .edit_links import CLOSED
from .models import OutgoingMail, Registration, RetentionRun, StatusChange

# The fields erased, with their names as the log shows them.
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
BATCH = 500


def retention_due(*, now=None):
    """Registrations 取下げ or 重複 for longer than the retention period, not yet erased."""
    now = now or timezone.now()
    closed_at = StatusChange.objects.filter(
        registration=OuterRef("pk"), to_status=OuterRef("status")
    ).order_by("-changed_at")
    return (
        Registration.objects.filter(status__in=CLOSED, personal_data_erased_at__isnull=True)
        .annotate(closed_at=Coalesce(Subquery(closed_at.values("changed_at")[:1]), "updated_at"))
        .filter(closed_at__lt=now - timedelta(days=settings.REGISTRATION_RETENTION_DAYS))
    )


def retention_apply(*, now=None, pending_imports=0, login_logs=0):
    """Erase what the retention period allows, all in one transaction; returns the log entry."""
    now = now or timezone.now()
    blank = dict.fromkeys(PERSONAL_FIELDS, "")
    with transaction.atomic():
        due = list(retention_due(now=now).order_by("pk").values_list("pk", "receipt_number"))
        ids = [pk for pk, _ in due]
        history = mails = comments = 0
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            Registration.objects.filter(pk__in=batch).update(
                **blank, email_key="", phone_formatted="", personal_data_erased_at=now
            )
            history += Registration.history.filter(id__in=batch).update(**blank)
            mails += OutgoingMail.objects.filter(registration_id__in=batch).delete()[0]
            comments += (
                StatusChange.objects.filter(registration_id__in=batch)
                .exclude(comment="")
                .update(comment="")
            )
        return RetentionRun.objects.create(
            ran_at=now,
            retention_days=settings.REGISTRATION_RETENTION_DAYS,
            cutoff=now - timedelta(days=settings.REGISTRATION_RETENTION_DAYS),
            registrations=len(ids),
            receipt_numbers="\n".join(number or f"（ID {pk}）" for pk, number in due),
            erased_fields="、".join([*PERSONAL_FIELDS.values(), "状態の変更のコメント"])
            + "（変更履歴の各行を含む）。送信メールは削除。",
            history_rows=history,
            mails=mails,
            comments=comments,
            pending_imports=pending_imports,
            login_logs=login_logs,
        )
