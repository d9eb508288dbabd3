"""What 総務省's staff change in a registration from the admin: its answers and their own fields,
and the 「変更あり・要確認」 flag once they have read a company's change."""

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet

from .answers import ANSWER_FIELDS
from .history import STAFF_ANSWER_EDIT, history_pause, history_record
from .models import Registration
from .questions import PREFECTURE_ANSWERS, Answers
from .submission import registration_apply_answers

# MIC's own fields on the change form, saved with the answers.
STAFF_FIELDS = ["company_name_kana", "changed_by_company"]
CHANGED_SINCE_OPENED = (
    "この登録は、この画面を開いた後に変更されています（企業・団体による変更、またはほかの職員の"
    "保存）。変更は保存していません。画面を開き直し、最新の内容を確かめてから、もう一度変更して"
    "ください。"
)
COMPANY_CHANGE_READ = "企業・団体の変更を確認"


class ChangedSinceOpened(Exception):
    """The registration changed after the staff member's page opened; nothing was saved."""

    def __init__(self) -> None:
        super().__init__(CHANGED_SINCE_OPENED)


def registration_opened_version(registration: Registration) -> str:
    """What the change page carries to tell, at the save, whether the registration changed since."""
    return registration.updated_at.isoformat()


def registration_staff_update(
    *, registration: Registration, answers: Answers, opened_version: str, by: User
) -> bool:
    """Save a staff member's answers (the admin form's cleaned_data: the questionnaire's answers
    and STAFF_FIELDS) as one history entry, STAFF_ANSWER_EDIT by `by`; nothing, not even an
    entry, when they change nothing. Raises ChangedSinceOpened, saving nothing, if the
    registration changed since `opened_version` (the company's edit, another staff member's
    save). Returns whether anything changed."""
    with transaction.atomic():
        # Locked until the caller's transaction commits (the admin's whole change view).
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration_opened_version(locked) != opened_version:
            raise ChangedSinceOpened
        before = _stored(locked)
        registration_apply_answers(locked, answers)
        for name in STAFF_FIELDS:
            setattr(locked, name, answers[name])
        after = {
            **_fields(locked),
            **{
                name: {prefecture.pk for prefecture in answers[name]} for name in PREFECTURE_ANSWERS
            },
        }
        if after == before:
            return False
        history_pause(locked)
        locked.save()
        for name in PREFECTURE_ANSWERS:
            getattr(locked, name).set(answers[name])
        locked._history_user = by
        history_record(locked, reason=STAFF_ANSWER_EDIT)
    return True


def registrations_company_change_read(*, registrations: QuerySet[Registration], by: User) -> int:
    """Take 「変更あり・要確認」 off these registrations (staff have read the companies' changes),
    each with a history entry; returns how many had it."""
    pks = list(registrations.values_list("pk", flat=True))
    count = 0
    with transaction.atomic():
        flagged = Registration.objects.select_for_update().filter(
            pk__in=pks, changed_by_company=True
        )
        for registration in flagged.order_by("pk"):
            registration.changed_by_company = False
            registration._change_reason = COMPANY_CHANGE_READ
            registration._history_user = by
            registration.save(update_fields=["changed_by_company", "updated_at"])
            count += 1
    return count


def _fields(registration: Registration) -> dict[str, Any]:
    return {name: getattr(registration, name) for name in (*ANSWER_FIELDS, *STAFF_FIELDS)}


def _stored(registration: Registration) -> dict[str, Any]:
    prefectures = {
        name: set(getattr(registration, name).values_list("pk", flat=True))
        for name in PREFECTURE_ANSWERS
    }
    return {**_fields(registration), **prefectures}
