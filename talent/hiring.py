"""From person to nomination: a prefecture that has hired someone from the list starts their
accelerator nomination from the entry, and the entry says 任用済（都道府県名）."""

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from accelerators.models import ExperienceEntry, IpaExam, Nomination
from accelerators.workflow import NominationError, nomination_draft_create, term_end_problem
from portal.access import user_prefecture
from portal.models import Prefecture

from .answers import month_end
from .choices import OrganisationType
from .models import Specialist


class HireError(Exception):
    """Why the entry cannot be marked hired (Japanese)."""


def nomination_prefill(
    specialist: Specialist,
) -> tuple[list[dict[str, Any]], list[tuple[IpaExam, int]]]:
    """The entry's experience periods and exam passes, as a nomination holds them."""
    experiences = [
        {
            "organisation": OrganisationType(row.organisation_type).label,
            "role": row.role,
            "kind": ExperienceEntry.Kind.USER_SIDE
            if row.user_side
            else ExperienceEntry.Kind.DIGITAL,
            "started_on": row.started_on,
            "ended_on": month_end(row.ended_on),
        }
        for row in specialist.experiences.all()
    ]
    exam_passes = [(row.exam, row.year) for row in specialist.exam_passes.all()]
    return experiences, exam_passes


def _locked_for(
    specialist: Specialist, prefecture: Prefecture | None
) -> tuple[Specialist, Prefecture]:
    """The entry, locked, and the prefecture, if it may mark the entry hired; HireError
    otherwise."""
    locked = Specialist.objects.select_for_update().get(pk=specialist.pk)
    if prefecture and Specialist.objects.unconfirmed().filter(pk=locked.pk).exists():
        raise HireError(
            "この人材は年次確認に回答がなく「未確認」のため、本人が確認するまで任用済にできません。"
        )
    if (
        prefecture is None
        or not Specialist.objects.for_prefecture_staff(prefecture).filter(pk=locked.pk).exists()
    ):
        raise HireError("この人材を任用済にできるのは、提供を受けている都道府県の職員だけです。")
    if locked.hired_by_id and locked.hired_by_id != prefecture.pk:
        raise HireError(f"この人材はすでに{locked.hired_display}として記録されています。")
    return locked, prefecture


def _hire_record(locked: Specialist, prefecture: Prefecture) -> bool:
    """Who hired the person, and when, set once: whether it was set now. A second hire by the
    same prefecture is the same hire and keeps the first moment (another prefecture is refused
    by _locked_for). The funnel counts these, one per person (matching.funnel)."""
    if locked.hired_by_id:
        return False
    locked.hired_by, locked.hired_at = prefecture, timezone.now()
    locked._change_reason = f"任用済（{prefecture.name}）"  # type: ignore[attr-defined]  # django-simple-history's
    return True


def specialist_mark_hired(*, specialist: Specialist, by: User) -> Specialist:
    """Record that the user's prefecture has hired the person (任用済): what a 打診's 任用決定
    calls. With specialist_hire (the talent page), the only way a person's hire is recorded.

    The entry stays locked until the caller's transaction ends, so a caller that checks more
    (matching: one 任用決定 per person) checks it with the person's hires serialised. Returns
    the locked entry.
    """
    with transaction.atomic():
        locked, prefecture = _locked_for(specialist, user_prefecture(by))
        if _hire_record(locked, prefecture):
            locked.save(update_fields=["hired_by", "hired_at", "updated_at"])
    specialist.refresh_from_db()
    return locked


def may_start_nomination(specialist: Specialist, prefecture: Prefecture | None) -> bool:
    """Whether this prefecture may start the person's nomination (not hired by another yet)."""
    return (
        prefecture is not None
        and not specialist.nomination_id
        and (not specialist.hired_by_id or specialist.hired_by_id == prefecture.pk)
    )


def specialist_hire(
    *,
    specialist: Specialist,
    by: User,
    employment_type: str,
    start_date: date,
    term_end: date | None = None,
) -> Nomination:
    """Mark the entry hired by the user's prefecture and start its draft nomination.

    A 任期付職員 is hired with its 任期の終了日 (accelerators.workflow.term_end_problem)."""
    problem = term_end_problem(
        employment_type=employment_type, start_date=start_date, term_end=term_end
    )
    if problem:
        raise HireError(problem)
    with transaction.atomic():
        locked, prefecture = _locked_for(specialist, user_prefecture(by))
        if locked.nomination_id:
            raise HireError(f"この人材はすでに{locked.hired_display}として推薦が作成されています。")
        experiences, exam_passes = nomination_prefill(locked)
        try:
            nomination = nomination_draft_create(
                by=by,
                name=locked.name,
                name_kana=locked.name_kana,
                employment_type=employment_type,
                start_date=start_date,
                term_end=term_end,
                experiences=experiences,
                exam_passes=exam_passes,
            )
        except NominationError as error:
            raise HireError(str(error)) from error
        _hire_record(locked, prefecture)
        locked.nomination = nomination
        locked._change_reason = f"任用済（{prefecture.name}）"  # type: ignore[attr-defined]  # as above
        locked.save(update_fields=["hired_by", "hired_at", "nomination", "updated_at"])
    specialist.refresh_from_db()
    return nomination
