"""The 協力可能人材 part of 総務省's review workspace (portal.review): the queue, the answers,
the possible duplicates and what each decision does to a person's entry."""

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from portal.review import AnswerRow, Decision, ReviewKind

from .answers import answer_rows, hints, specialist_answers
from .models import Specialist, name_key
from .workflow import TransitionError, specialist_transition

Status = Specialist.Status


def _queue() -> QuerySet[Specialist]:
    # Only 受付: a withdrawn, duplicate or erased person is never in it.
    return Specialist.objects.filter(status=Status.RECEIVED).select_related("residence")


def _duplicated(pks: Sequence[int]) -> set[int]:
    flagged = Specialist.objects.filter(pk__in=pks).with_possible_duplicates()
    return set(flagged.filter(has_possible_duplicate=True).values_list("pk", flat=True))


def _answers(specialist: Specialist) -> list[AnswerRow]:
    answers = specialist_answers(specialist)
    found = hints(answers)
    rows = [AnswerRow(question=row["question"], lines=row["lines"]) for row in answer_rows(answers)]
    hint_lines = [
        f"実務経験 {found['experience_text']}",
        *(found["lines"] or ["要件①②の見込みなし"]),
    ]
    return [*rows, AnswerRow(question="要件の見込み", lines=hint_lines)]


def _transition(*, entry: Specialist, to: str, by: Any, comment: str) -> Any:
    return specialist_transition(specialist=entry, to=to, by=by, comment=comment)


REVIEW = ReviewKind(
    slug="people",
    title="人材の登録",
    model=Specialist,
    queue=_queue,
    name=lambda specialist: specialist.name,
    name_search=lambda people, text: people.filter(name_key__contains=name_key(text)),
    prefecture_label="勤務を希望する都道府県",
    in_prefecture=lambda people, prefecture: people.choosing(prefecture),  # type: ignore[attr-defined]  # SpecialistQuerySet's
    answers=_answers,
    duplicates=lambda specialist: Specialist.objects.possible_duplicates_of(specialist).order_by(
        "created_at", "pk"
    ),
    duplicated=_duplicated,
    decisions=(
        Decision(
            "publish",
            (Status.CONFIRMED, Status.LISTED),
            lambda specialist: (
                "掲載する（本人が選んだ都道府県の一覧に表示されます。公開はしません）"
            ),
        ),
        Decision(
            "return",
            (Status.RETURNED,),
            lambda specialist: "差し戻す（理由をメールで本人に送ります）",
            needs_reason=True,
        ),
    ),
    transition=_transition,
    transition_error=TransitionError,
    decision_help=(
        "掲載すると「確認済」と「掲載（都道府県に提供）」を続けて記録し、本人に提供のお知らせを"
        "メールで送ります（最初の1回だけ）。人材は「掲載」になるまで、どの都道府県にも表示されません。"
    ),
    columns=(
        (
            "現在お住まい",
            lambda specialist: specialist.residence.name if specialist.residence else "―",
        ),
        ("勤務形態", lambda specialist: "、".join(specialist.work_style_labels) or "―"),
    ),
)
