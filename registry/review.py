"""The registrations' part of 総務省's review workspace (portal.review): the queue, the answers,
the possible duplicates and what each decision does to a company's registration."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from portal.models import Prefecture
from portal.review import AnswerRow, Decision, ReviewKind

from .answers import registration_answers
from .duplicates import company_name_key
from .models import Registration
from .questions import answer_rows
from .workflow import TransitionError, registration_transition

Status = Registration.Status


def _queue() -> QuerySet[Registration]:
    return Registration.objects.filter(status=Status.RECEIVED).prefetch_related(
        Prefetch("dispatch_prefectures", queryset=Prefecture.objects.order_by("code"))
    )


def _duplicated(pks: Sequence[int]) -> set[int]:
    flagged = Registration.objects.filter(pk__in=pks).with_possible_duplicates()
    return set(flagged.filter(has_possible_duplicate=True).values_list("pk", flat=True))


def _name_search(registrations: QuerySet[Registration], text: str) -> QuerySet[Registration]:
    # The duplicate key too: 「(株)デジタル」 finds 「株式会社デジタル」.
    return registrations.filter(
        Q(company_name__icontains=text) | Q(company_name_key__contains=company_name_key(text))
    )


def _answers(registration: Registration) -> list[AnswerRow]:
    return [
        AnswerRow(question=f"問{row['number']} {row['question']}", lines=row["lines"])
        for row in answer_rows(registration_answers(registration))
    ]


def _seconds(registration: Registration) -> bool:
    # Prefecture staff see only companies that offer secondment
    # (Registration.objects.for_prefecture_staff).
    return registration.secondment == Registration.Secondment.YES


def _publish_label(registration: Registration) -> str:
    if _seconds(registration):
        return "掲載する（公開の協力企業・団体一覧と、出向できる都道府県の一覧に表示されます）"
    return (
        "掲載する（公開の協力企業・団体一覧に表示されます。出向の協力はないため、"
        "都道府県の一覧には表示されません）"
    )


def _confirm_label(registration: Registration) -> str:
    if _seconds(registration):
        return "確認済にする（出向できる都道府県の一覧にだけ表示されます。公開の一覧には出ません）"
    return "確認済にする（出向の協力がないため、どの一覧にもまだ表示されません）"


def _transition(*, entry: Registration, to: str, by: Any, comment: str) -> Any:
    return registration_transition(registration=entry, to=to, by=by, comment=comment)


REVIEW = ReviewKind(
    slug="companies",
    title="企業・団体の登録",
    model=Registration,
    queue=_queue,
    name=lambda registration: registration.company_name,
    name_search=_name_search,
    prefecture_label="出向できる都道府県",
    in_prefecture=lambda registrations, prefecture: registrations.reaching(prefecture),  # type: ignore[attr-defined]  # RegistrationQuerySet's
    answers=_answers,
    duplicates=lambda registration: Registration.objects.possible_duplicates_of(
        registration
    ).order_by("created_at", "pk"),
    duplicated=_duplicated,
    decisions=(
        Decision("publish", (Status.CONFIRMED, Status.PUBLISHED), _publish_label),
        Decision("confirm", (Status.CONFIRMED,), _confirm_label),
        Decision(
            "return",
            (Status.RETURNED,),
            lambda registration: "差し戻す（理由をメールで企業・団体に送ります）",
            needs_reason=True,
        ),
    ),
    transition=_transition,
    transition_error=TransitionError,
    decision_help=(
        "掲載すると「確認済」と「掲載」を続けて記録し、企業・団体に掲載のお知らせをメールで送ります"
        "（最初の1回だけ）。「確認済」の登録は、出向できる都道府県の職員の一覧に出ますが、"
        "公開の一覧には出ません。"
    ),
    columns=(
        ("協力形態", lambda registration: "・".join(registration.cooperation_methods) or "―"),
        ("出向できる都道府県", lambda registration: registration.dispatch_area_summary()),
    ),
)
