"""The nomination workflow, with who may make each move.

下書き → 推薦 (the prefecture submits; only if eligible) → 審査中 (MIC) → 任命 / 差戻し / 不承認 (MIC);
差戻し → 推薦 (the prefecture resubmits after fixing); 任命 → 退任 (MIC, with end date and reason).
Nominations can be edited only in 下書き and 差戻し.

Duties are separated: whoever created or submitted a nomination never reviews, returns, rejects
or appoints it. A 退任日 may lie ahead (a scheduled retirement: still serving until that day).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm
from django.utils import timezone

from portal.access import is_mic, user_prefecture
from portal.roles import MIC_GROUP

from .models import (
    AppointmentNumberCounter,
    ExperienceEntry,
    IpaExam,
    IpaPass,
    Nomination,
    NominationTransition,
)
from .selectors import nomination_eligibility
from .staff_events import nomination_event_record

Status = Nomination.Status


class NominationError(Exception):
    """A move that is not allowed; the message is Japanese and shown to the user."""


@dataclass(frozen=True)
class Move:
    source: tuple[str, ...]
    target: str
    by_mic: bool  # True: 総務省 only; False: the nominating prefecture only
    label: str


MOVES = {
    "submit": Move((Status.DRAFT, Status.RETURNED), Status.SUBMITTED, False, "推薦する"),
    "review": Move((Status.SUBMITTED,), Status.IN_REVIEW, True, "審査を始める"),
    "appoint": Move((Status.IN_REVIEW,), Status.APPOINTED, True, "任命する"),
    "return": Move((Status.IN_REVIEW,), Status.RETURNED, True, "差し戻す"),
    "reject": Move((Status.IN_REVIEW,), Status.REJECTED, True, "不承認とする"),
    "retire": Move((Status.APPOINTED,), Status.RETIRED, True, "退任とする"),
}
COMMENT_REQUIRED = {"return", "reject"}
# The decisions on a nomination that its author (creator or submitter) may never make.
DECISIONS = {"review", "appoint", "return", "reject"}
APPOINTMENT_NUMBER = re.compile(r"^DXA-(\d{4})-(\d{4,})$")


TERM_END_MISSING = "任期付職員は任期の終了日を入力してください。"
TERM_END_BEFORE_START = "任期の終了日は、任用開始日と同じ日かそれより後の日付にしてください。"


def term_end_problem(
    *,
    employment_type: str | None,
    start_date: date | None,
    term_end: date | None,
    draft: bool = False,
) -> str | None:
    """The rule of 任期の終了日 (Japanese), or None: a 任期付職員 has one, and it is not before the
    任用開始日. A draft may still lack it (`draft=True`): it is asked for when submitted. The
    hire form, the nomination form, the submit and the completion of a loaded row all call this."""
    if start_date and term_end and term_end < start_date:
        return TERM_END_BEFORE_START
    if employment_type == Nomination.EmploymentType.FIXED_TERM and term_end is None and not draft:
        return TERM_END_MISSING
    return None


def nomination_edit_refusal(user: User, nomination: Nomination) -> str | None:
    """Why this user may not edit this nomination now (Japanese), or None: the one rule.

    Only the nominating prefecture's staff edit, and only a 下書き or 差戻し.
    """
    prefecture = user_prefecture(user)
    if prefecture is None or (nomination.pk and nomination.prefecture_id != prefecture.pk):
        return "推薦を作成・編集できるのは、推薦する都道府県の職員だけです。"
    if nomination.pk and not nomination.is_editable:
        return "「下書き」と「差戻し」の推薦だけが編集できます。"
    return None


def may_edit(user: User, nomination: Nomination) -> bool:
    return nomination_edit_refusal(user, nomination) is None


def _is_author(user: User, nomination: Nomination) -> bool:
    """Whether the user created the nomination or ever submitted it."""
    if nomination.created_by_id is not None and nomination.created_by_id == user.pk:
        return True
    return nomination.transitions.filter(to_status=Status.SUBMITTED, changed_by_id=user.pk).exists()


def _refusal(user: User, nomination: Nomination, action: str) -> str | None:
    """Why this user may not make this move in the nomination's current state (Japanese), or None."""
    move = MOVES[action]
    if nomination.status not in move.source:
        return f"「{nomination.get_status_display()}」の推薦は「{move.label}」ことができません。"
    if move.by_mic:
        if not is_mic(user):
            return (
                f"「{move.label}」ことができるのは総務省（グループ「{MIC_GROUP}」）の職員だけです。"
            )
        if action in DECISIONS and _is_author(user, nomination):
            return (
                "ご自身が作成または推薦した推薦は、審査・差戻し・不承認・任命のいずれもできません。"
                "別の総務省の職員が行ってください。"
            )
        return None
    if user_prefecture(user) != nomination.prefecture:
        return f"「{move.label}」ことができるのは推薦した都道府県の職員だけです。"
    return None


def may_act(user: User, nomination: Nomination, action: str) -> bool:
    """Whether this user may make this move on this nomination in its current state."""
    return _refusal(user, nomination, action) is None


def available_actions(user: User, nomination: Nomination) -> list[tuple[str, str]]:
    return [(action, MOVES[action].label) for action in MOVES if may_act(user, nomination, action)]


def _highest_number_given(year: int) -> int:
    """The highest number already in use for the year, also by numbers made outside the counter
    (e.g. loaded from a fixture), so the counter never hands one out twice."""
    numbers = Nomination.objects.filter(appointment_number__startswith=f"DXA-{year}-")
    highest = 0
    for value in numbers.values_list("appointment_number", flat=True):
        match = APPOINTMENT_NUMBER.match(value or "")  # never None: it starts with DXA-
        if match:
            highest = max(highest, int(match[2]))
    return highest


def appointment_numbers_take(*, year: int, count: int, also_taken: Iterable[str] = ()) -> list[str]:
    """The next `count` numbers DXA-<year>-<4 digits>, allocated under the lock of the year's
    counter row; `also_taken` are numbers given by hand that are about to be stored.

    The row is created first if missing (a concurrent creator makes this a no-op, never an
    error), then locked: appointments in the same year wait for each other until commit.
    Call inside transaction.atomic().
    """
    AppointmentNumberCounter.objects.bulk_create(
        [AppointmentNumberCounter(year=year, last_number=0)], ignore_conflicts=True
    )
    counter = AppointmentNumberCounter.objects.select_for_update().get(year=year)
    given = [
        int(m[2]) for m in map(APPOINTMENT_NUMBER.match, also_taken) if m and int(m[1]) == year
    ]
    highest = max(counter.last_number, _highest_number_given(year), *given)
    counter.last_number = highest + count
    counter.save(update_fields=["last_number"])
    return [f"DXA-{year}-{number:04d}" for number in range(highest + 1, highest + count + 1)]


def appointment_date_problem(day: date, *, today: date) -> str | None:
    """Why `day` cannot be an appointment date (Japanese), or None."""
    if day > today:
        return "任命日に将来の日付は指定できません。任命する日（今日以前）を入力してください。"
    return None


def nomination_transition(
    *,
    nomination: Nomination,
    action: str,
    by: User,
    comment: str = "",
    accept_equivalence: bool = False,
    appointment_date: date | None = None,
    end_date: date | None = None,
    end_reason: str = "",
) -> NominationTransition:
    """Make one move, checked and recorded; raises NominationError with the reason if refused."""
    if action not in MOVES:
        raise NominationError("この操作はできません。")
    move = MOVES[action]
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        refusal = _refusal(by, locked, action)
        if refusal:
            raise NominationError(refusal)
        if action in COMMENT_REQUIRED and not comment.strip():
            raise NominationError("理由・連絡事項を入力してください。")
        if action == "submit":
            _check_submittable(locked)
        if action == "appoint":
            _appoint(locked, by=by, accept_equivalence=accept_equivalence, on=appointment_date)
        if action == "retire":
            if end_date is None or not end_reason.strip():
                raise NominationError("退任日と退任の理由を入力してください。")
            if end_date < locked.appointment_date:
                raise NominationError("退任日は任命日以降の日付にしてください。")
            locked.end_date, locked.end_reason = end_date, end_reason.strip()
        record = NominationTransition.objects.create(
            nomination=locked,
            from_status=locked.status,
            to_status=move.target,
            changed_by=by,
            comment=comment.strip(),
        )
        locked.status = move.target
        locked.save()
        nomination_event_record(transition=record)
    nomination.refresh_from_db()
    return record


def _check_submittable(nomination: Nomination) -> None:
    problems = []
    if not nomination.main_duty_confirmed:
        problems.append("市町村のDX支援を主たる業務とすることの確認がありません。")
    term = term_end_problem(
        employment_type=nomination.employment_type,
        start_date=nomination.start_date,
        term_end=nomination.term_end,
    )
    if term:
        problems.append(term)
    eligibility = nomination_eligibility(nomination)
    if not eligibility.may_be_nominated:
        problems.append(
            "任命の要件(1)～(3)のいずれも満たしていません。" + "".join(eligibility.reasons)
        )
    if problems:
        raise NominationError("推薦できません。" + "".join(problems))


def _appoint(
    nomination: Nomination, *, by: User, accept_equivalence: bool, on: date | None
) -> None:
    eligibility = nomination_eligibility(nomination)
    if not eligibility.eligible_without_acceptance:
        if not eligibility.by_equivalence:
            raise NominationError("任命の要件を満たしていません。" + "".join(eligibility.reasons))
        if not accept_equivalence:
            raise NominationError(
                "要件(1)(2)を満たしていないため、(3) 同等以上の知識の説明を総務省として認めることの"
                "確認が必要です。"
            )
        nomination.equivalence_accepted_at = timezone.now()
        nomination.equivalence_accepted_by = by
    today = timezone.localdate()
    problem = appointment_date_problem(on, today=today) if on is not None else None
    if problem:
        raise NominationError(problem)
    nomination.appointment_date = on or today
    (nomination.appointment_number,) = appointment_numbers_take(
        year=nomination.appointment_date.year, count=1
    )


def nomination_save(
    *,
    form: "ModelForm[Nomination]",
    experiences: "BaseInlineFormSet[ExperienceEntry, Nomination, Any]",
    ipa_passes: "BaseInlineFormSet[IpaPass, Nomination, Any]",
    by: User,
) -> Nomination:
    """Save a nomination with its experiences and exam passes, all or nothing.

    Only the nominating prefecture's staff may save, and only in 下書き or 差戻し.
    """
    nomination = form.instance
    with transaction.atomic():
        # Checked on the locked row: a move made meanwhile (推薦, say) is seen, not overwritten.
        current = (
            Nomination.objects.select_for_update().get(pk=nomination.pk)
            if nomination.pk
            else nomination
        )
        refusal = nomination_edit_refusal(by, current)
        if refusal:
            raise NominationError(refusal)
        if not nomination.pk:
            prefecture = user_prefecture(by)
            assert prefecture is not None  # nomination_edit_refusal refused anyone without one
            nomination.prefecture = prefecture
            nomination.created_by = by
        nomination = form.save()
        experiences.instance = nomination
        experiences.save()
        ipa_passes.instance = nomination
        ipa_passes.save()
    return nomination


def term_end_record_refusal(user: User, nomination: Nomination) -> str | None:
    """Why this user may not complete this nomination's 任期の終了日 (Japanese), or None.

    Only the nominating prefecture's staff, only for a 任期付職員 still without one, and only
    where the edit form does not reach (Nomination.objects.term_end_to_complete)."""
    if user_prefecture(user) != nomination.prefecture:
        return "任期の終了日を入力できるのは、推薦した都道府県の職員だけです。"
    if not nomination.term_end_missing:
        return "この推薦の任期の終了日は入力済みか、任期付職員の推薦ではありません。"
    if nomination.is_editable:
        return "下書き・差戻しの推薦は「編集する」から入力してください。"
    if nomination.status == Status.REJECTED:
        return "不承認の推薦には入力できません。"
    return None


def nomination_term_end_record(*, nomination: Nomination, by: User, term_end: date) -> Nomination:
    """Complete the 任期の終了日 of a 任期付職員 recorded without one, with the record of who did.

    The status does not change; the history shows the entry (from and to the same status)."""
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        refusal = term_end_record_refusal(by, locked) or term_end_problem(
            employment_type=locked.employment_type,
            start_date=locked.start_date,
            term_end=term_end,
        )
        if refusal:
            raise NominationError(refusal)
        locked.term_end = term_end
        locked.save(update_fields=["term_end", "updated_at"])
        NominationTransition.objects.create(
            nomination=locked,
            from_status=locked.status,
            to_status=locked.status,
            changed_by=by,
            comment=(
                f"任期の終了日を入力しました（{term_end.year}年{term_end.month}月{term_end.day}日）。"
            ),
        )
    nomination.refresh_from_db()
    return nomination


def nomination_draft_create(
    *,
    by: User,
    name: str,
    name_kana: str,
    employment_type: str,
    start_date: date,
    term_end: date | None = None,
    experiences: Iterable[Mapping[str, Any]] = (),
    exam_passes: Iterable[tuple[IpaExam, int]] = (),
) -> Nomination:
    """A 下書き nomination by a prefecture's staff, filled in from what is known of the person
    (the talent list's entry, say); the prefecture completes and submits it as usual.

    experiences: dicts of ExperienceEntry fields; exam_passes: (exam, year) pairs.
    """
    nomination = Nomination(
        name=name,
        name_kana=name_kana,
        employment_type=employment_type,
        start_date=start_date,
        term_end=term_end,
        prefecture=user_prefecture(by),
    )
    refusal = nomination_edit_refusal(by, nomination)
    if refusal:
        raise NominationError(refusal)
    with transaction.atomic():
        nomination.created_by = by
        nomination.save()
        ExperienceEntry.objects.bulk_create(
            ExperienceEntry(nomination=nomination, **row) for row in experiences
        )
        IpaPass.objects.bulk_create(
            IpaPass(nomination=nomination, exam=exam, year=year) for exam, year in exam_passes
        )
    return nomination
