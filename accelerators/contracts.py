"""Records of people a prefecture secures through 業務委託 (not accelerators): who may see them,
who may change them. Used by the pages and by nobody else; the estimate reads the named queries."""

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm

from portal.access import user_prefecture, visible_to

from .models import ContractedStaffing


class ContractedStaffingError(Exception):
    """A change that is not allowed; the message is Japanese and shown to the user."""


def contracted_staffing_visible_to(user: User) -> QuerySet[ContractedStaffing]:
    """Every record for 総務省 staff (read-only); a prefecture's own for its staff; else none."""
    return visible_to(ContractedStaffing.objects.select_related("prefecture"), user)


def contracted_staffing_refusal(user: User, record: ContractedStaffing | None = None) -> str | None:
    """Why the user may not add (record None) or change this record (Japanese), or None."""
    prefecture = user_prefecture(user)
    if prefecture is None:
        return (
            "委託による人材確保の記録を入力・変更できるのは都道府県の職員だけです"
            "（総務省の職員は閲覧のみです）。"
        )
    if record is not None and record.pk and record.prefecture_id != prefecture.pk:
        return "他の都道府県の記録は変更できません。"
    return None


def _check(user: User, record: ContractedStaffing) -> None:
    refusal = contracted_staffing_refusal(user, record)
    if refusal:
        raise ContractedStaffingError(refusal)


def contracted_staffing_save(
    *, form: "ModelForm[ContractedStaffing]", by: User
) -> ContractedStaffing:
    """Save a record for the user's own prefecture (a new one is always for that prefecture)."""
    record = form.instance
    _check(by, record)
    with transaction.atomic():
        if not record.pk:
            prefecture = user_prefecture(by)
            assert prefecture is not None  # _check refused anyone without one
            record.prefecture = prefecture
            record.created_by = by
        return form.save()


def contracted_staffing_delete(*, record: ContractedStaffing, by: User) -> None:
    """Delete one of the user's own prefecture's records."""
    _check(by, record)
    record.delete()
