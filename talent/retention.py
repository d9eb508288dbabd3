"""Erasing a 協力可能人材 entry's personal data: at the person's request (talent.self_service), and
settings.TALENT_RETENTION_DAYS after 取下げ or 重複 (the daily run, portal.retention).

Erased, the entry is a tombstone: 消去済, with its receipt number and dates. Its history (a
person's, unlike a company's registration, goes whole), the comments of its status changes, its
mails (address, subject, body), the admin's log of it (which named the person) and every copy
other apps keep (the 打診 sent to it and the reply) go too. An accelerator nomination made from the
entry is an official record of an appointment and stays, with the name it copied (the privacy
notice says so).
"""

from collections.abc import Sequence
from datetime import datetime

from django.db.models import F

from portal.retention import (
    HISTORY_DELETED,
    Retention,
    admin_log_erase,
)

from .choices import WorkStyle
from .models import Specialist, SpecialistStatusChange, name_key

Status = Specialist.Status
ERASED_NAME = "（消去済）"
WISHES = "希望"


def _tombstone(*, entries: Sequence[Specialist], now: datetime, comment: str) -> dict[str, int]:
    """Record each entry's move to 消去済, and rename it in the admin's log."""
    SpecialistStatusChange.objects.bulk_create(
        SpecialistStatusChange(
            specialist=entry,
            from_status=entry.status,
            to_status=Status.ERASED,
            changed_at=now,
            comment=comment,
        )
        for entry in entries
    )
    erased = Specialist.objects.filter(pk__in=[entry.pk for entry in entries])
    erased.update(updated_at=now)
    return {"管理画面の操作の記録": admin_log_erase(entries=erased)}


RETENTION = Retention(
    model=Specialist,
    label="協力可能人材",
    days_setting="TALENT_RETENTION_DAYS",
    personal_fields={
        "name": "氏名・ふりがな",
        "name_kana": "氏名・ふりがな",
        "email": "メールアドレス",
        "phone": "電話番号",
        "residence": "住所の都道府県",
        "desired_prefectures": WISHES,
        "desires_anywhere": WISHES,
        "desires_on_request": WISHES,
        **dict.fromkeys((style.value for style in WorkStyle), WISHES),
        "available_now": WISHES,
        "available_from": WISHES,
        # Named with the wishes, as the records of past runs did.
        "situation": WISHES,
        "specialties": "得意分野",
        "specialty_other_text": "得意分野",
        "self_pr": "自己PR",
        "url": "URL",
        "experiences": "実務経験",
        "exam_passes": "試験の合格",
    },
    history=HISTORY_DELETED,
    # The tombstone: 消去済 under its receipt number, and every link it had stops working.
    erased_values={
        "name": ERASED_NAME,
        "name_key": name_key(ERASED_NAME),
        "email_key": "",
        "status": Status.ERASED,
        "edit_link_version": F("edit_link_version") + 1,
    },
    erased=_tombstone,
)
