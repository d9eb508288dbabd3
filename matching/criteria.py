"""Which companies and people match a need, by which criteria, counted and ranked in the database.

The pool is what the prefecture may see anyway (the named queries for prefecture staff): nobody
outside it is counted, ranked or reachable. Each criterion is a Q on the pool, so the counts are
one aggregate query and the ranking one ordered query, however large the lists are.

Companies match on their 勤務形態 (問9) and 期間 (問11); reaching the prefecture (問8: named, 全国
or 未定) is the pool itself. People match on 勤務形態, 開始時期 and 得意分野; choosing the
prefecture (or 全国, 相談) is their pool.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from registry.models import Registration
from talent.models import Specialist

from .choices import NeedPeriod
from .models import Approach, Need

# The pool: Registration or Specialist, both with created_at.
Entry = TypeVar("Entry", Registration, Specialist)

# Each need's period, as the companies' 問11 option that satisfies it.
COMPANY_PERIODS = {
    NeedPeriod.UNDER_1_YEAR: Registration.SecondmentPeriod.UNDER_1_YEAR,
    NeedPeriod.ONE_TO_3_YEARS: Registration.SecondmentPeriod.ONE_TO_3_YEARS,
    NeedPeriod.OVER_3_YEARS: Registration.SecondmentPeriod.OVER_3_YEARS,
}


@dataclass(frozen=True)
class Criterion:
    name: str
    label: str  # what the ranked list says when it is met: 「勤務形態が一致」
    condition: Q


def company_pool(need: Need) -> QuerySet[Registration]:
    return Registration.objects.for_prefecture_staff(need.prefecture)


def people_pool(need: Need) -> QuerySet[Specialist]:
    """Listed people who chose the prefecture (or 全国, 相談), and not hired elsewhere already."""
    return Specialist.objects.for_prefecture_staff(need.prefecture).filter(
        Q(hired_by__isnull=True) | Q(hired_by=need.prefecture)
    )


def company_criteria(need: Need) -> list[Criterion]:
    """常勤 (任期なし or 任期付) and 非常勤 as the companies' 問9 options; 問11 from the period."""
    styles: list[str] = []
    if need.wants_permanent or need.wants_fixed_term:
        styles.append(Registration.WorkStyle.FULL_TIME)
    if need.wants_part_time:
        styles.append(Registration.WorkStyle.PART_TIME)
    return [
        Criterion("work_style", "勤務形態が一致", Registration.offers(work_styles=styles)),
        Criterion(
            "period",
            "期間が一致",
            Registration.offers(period=COMPANY_PERIODS[NeedPeriod(need.period)]),
        ),
    ]


def people_criteria(need: Need) -> list[Criterion]:
    styles = Q(style_on_request=True)
    for wanted, offered in [
        ("wants_permanent", "style_permanent"),
        ("wants_fixed_term", "style_fixed_term"),
        ("wants_part_time", "style_part_time"),
    ]:
        if getattr(need, wanted):
            styles |= Q(**{offered: True})
    criteria = [
        Criterion("work_style", "勤務形態が一致", styles),
        Criterion(
            "start",
            "開始時期に間に合う",
            Q(available_now=True) | Q(available_from__lte=need.start_month),
        ),
    ]
    specialties = [specialty.pk for specialty in need.specialties.all()]
    if specialties:
        shared = Specialist.specialties.through.objects.filter(
            specialist=OuterRef("pk"), specialty__in=specialties
        )
        criteria.append(Criterion("specialty", "得意分野が一致", Q(Exists(shared))))
    return criteria


@dataclass(frozen=True)
class Counts:
    total: int  # the pool: everyone the prefecture may see
    matching: int  # meeting every criterion
    per_criterion: list[tuple[Criterion, int, int]]  # (criterion, meet it, it leaves out)

    @property
    def narrowest(self) -> Criterion | None:
        """The criterion that leaves out the most, or None when none leaves out anyone."""
        left_out = [row for row in self.per_criterion if row[2]]
        return max(left_out, key=lambda row: row[2])[0] if left_out else None


def counts(pool: QuerySet[Entry], criteria: Sequence[Criterion]) -> Counts:
    """The pool, those meeting every criterion, and what each criterion keeps: one query."""
    every = Q()
    for criterion in criteria:
        every &= criterion.condition
    figures = pool.aggregate(
        total=Count("pk"),
        matching=Count("pk", filter=every),
        **{criterion.name: Count("pk", filter=criterion.condition) for criterion in criteria},
    )
    return Counts(
        total=figures["total"],
        matching=figures["matching"],
        per_criterion=[
            (criterion, figures[criterion.name], figures["total"] - figures[criterion.name])
            for criterion in criteria
        ],
    )


def ranked(
    pool: QuerySet[Entry], criteria: Sequence[Criterion], *, need: Need, target: str
) -> QuerySet[Entry]:
    """The pool ordered by how many criteria each meets, with which ones and any 打診 made.

    Companies and people alike (the pool is Registration or Specialist, both with created_at)."""
    flags = {
        f"meets_{criterion.name}": ExpressionWrapper(
            criterion.condition, output_field=BooleanField()
        )
        for criterion in criteria
    }
    score: Expression = Value(0, output_field=IntegerField())
    for criterion in criteria:
        score = score + Case(When(criterion.condition, then=Value(1)), default=Value(0))
    approached = Approach.objects.filter(need=need, **{target: OuterRef("pk")})
    # Equal scores: the oldest registration first (登録日時; an imported one keeps its older
    # date with a newer id), then the id, as the README promises (「同数なら登録の古い順」).
    return pool.annotate(**flags, score=score, already_approached=Exists(approached)).order_by(
        "-score", "created_at", "pk"
    )


def reasons(row: Registration | Specialist, criteria: Sequence[Criterion]) -> str:
    """「勤務形態が一致、期間が一致」 for a ranked row."""
    return "、".join(c.label for c in criteria if getattr(row, f"meets_{c.name}")) or "―"
