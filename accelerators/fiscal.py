"""Estimated local allocation tax (地方交付税) for appointed accelerators, by fiscal year (年度).

Programme rules: full-time staff from 令和7年度 (FY2025) → 普通交付税 at a unit cost per person
(settings.ACCELERATOR_FULL_TIME_UNIT_COST_YEN); up to 令和6年度 full-time staff were 特別交付税 at
0.7 of their cost. Part-time staff → 特別交付税 at 0.7 of their cost until 令和11年度 (FY2029).
Staff secured through 業務委託 are not accelerators (the rule reads 「都道府県が任用し…職員」), but
the contract cost → 特別交付税 at 0.7; prefectures enter those contracts per fiscal year
(ContractedStaffing), and they are a line of their own. An estimate, not a grant.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

SPECIAL_RATE_TENTHS = 7  # 特別交付税: 0.7 of the cost
FULL_TIME_ORDINARY_FROM = 2025  # 令和7年度
PART_TIME_SPECIAL_UNTIL = 2029  # 令和11年度
FIRST_FISCAL_YEAR = 2024  # 令和6年度, the first year the pages offer

FULL_TIME = "full_time"
PART_TIME = "part_time"
CONTRACTED = "contracted"
CATEGORY_LABELS = {
    FULL_TIME: "常勤職員",
    PART_TIME: "非常勤職員",
    CONTRACTED: "委託による人材確保（アクセラレータ以外）",
}


def reiwa(fiscal_year: int) -> str:
    return f"令和{fiscal_year - 2018}年度"


def fiscal_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


def fiscal_years_offered(today: date) -> list[int]:
    """The fiscal years the pages offer: 令和6年度 (FY2024) to two years ahead."""
    return list(range(FIRST_FISCAL_YEAR, fiscal_year_of(today) + 3))


@dataclass(frozen=True)
class Staff:
    """An appointed accelerator serving in the fiscal year."""

    category: str  # FULL_TIME or PART_TIME
    annual_cost_yen: int | None


@dataclass(frozen=True)
class Contract:
    """Staff a prefecture secured through 業務委託 for the fiscal year (not accelerators)."""

    persons: int
    annual_cost_yen: int


@dataclass(frozen=True)
class EstimateLine:
    category: str
    allocation: str  # 普通交付税, 特別交付税 or 対象外
    persons: int
    basis: str
    amount_yen: int
    persons_without_cost: int = 0

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.category]


def _special(category: str, staff: Sequence[Staff], basis: str) -> EstimateLine:
    costed = [member.annual_cost_yen for member in staff if member.annual_cost_yen is not None]
    return EstimateLine(
        category=category,
        allocation="特別交付税",
        persons=len(staff),
        basis=basis,
        amount_yen=sum(cost * SPECIAL_RATE_TENTHS // 10 for cost in costed),
        persons_without_cost=len(staff) - len(costed),
    )


def fiscal_estimate(
    *,
    staff: Sequence[Staff],
    contracts: Sequence[Contract],
    fiscal_year: int,
    unit_cost_yen: int,
) -> list[EstimateLine]:
    """One line per category of staff, with the allocation the rules give them in that year."""
    by_category: dict[str, list[Staff]] = {FULL_TIME: [], PART_TIME: []}
    for member in staff:
        by_category[member.category].append(member)
    lines = []
    full_time = by_category[FULL_TIME]
    if fiscal_year >= FULL_TIME_ORDINARY_FROM:
        lines.append(
            EstimateLine(
                category=FULL_TIME,
                allocation="普通交付税",
                persons=len(full_time),
                basis=f"1人あたり {unit_cost_yen:,}円",
                amount_yen=len(full_time) * unit_cost_yen,
            )
        )
    else:
        lines.append(_special(FULL_TIME, full_time, "人件費の0.7"))
    part_time = by_category[PART_TIME]
    if fiscal_year <= PART_TIME_SPECIAL_UNTIL:
        lines.append(_special(PART_TIME, part_time, "人件費の0.7"))
    else:
        lines.append(
            EstimateLine(
                category=PART_TIME,
                allocation="対象外",
                persons=len(part_time),
                basis=f"{reiwa(PART_TIME_SPECIAL_UNTIL)}まで",
                amount_yen=0,
            )
        )
    lines.append(
        EstimateLine(
            category=CONTRACTED,
            allocation="特別交付税",
            persons=sum(contract.persons for contract in contracts),
            basis="委託費の0.7（都道府県が入力した委託の記録）",
            amount_yen=sum(
                contract.annual_cost_yen * SPECIAL_RATE_TENTHS // 10 for contract in contracts
            ),
        )
    )
    return lines
