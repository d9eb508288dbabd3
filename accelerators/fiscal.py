"""Estimated local allocation tax (地方交付税) for appointed accelerators, by fiscal year (年度).

Programme rules: full-time staff from 令和7年度 (FY2025) → 普通交付税 at a unit cost per person
(settings.ACCELERATOR_FULL_TIME_UNIT_COST_YEN); up to 令和6年度 full-time staff were 特別交付税 at
0.7 of their cost. Part-time staff → 特別交付税 at 0.7 of their cost until 令和11年度 (FY2029).
Staff secured through 業務委託 → 特別交付税 at 0.7 of the contract cost. An estimate, not a grant.
"""

from dataclasses import dataclass
from datetime import date

SPECIAL_RATE_TENTHS = 7  # 特別交付税: 0.7 of the cost
FULL_TIME_ORDINARY_FROM = 2025  # 令和7年度
PART_TIME_SPECIAL_UNTIL = 2029  # 令和11年度

FULL_TIME = "full_time"
PART_TIME = "part_time"
CONTRACTOR = "contractor"
CATEGORY_LABELS = {FULL_TIME: "常勤職員", PART_TIME: "非常勤職員", CONTRACTOR: "業務委託"}


def reiwa(fiscal_year):
    return f"令和{fiscal_year - 2018}年度"


def fiscal_year_of(day):
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fiscal_year):
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


@dataclass(frozen=True)
class Staff:
    category: str  # FULL_TIME, PART_TIME or CONTRACTOR
    annual_cost_yen: int | None


@dataclass(frozen=True)
class EstimateLine:
    category: str
    allocation: str  # 普通交付税, 特別交付税 or 対象外
    persons: int
    basis: str
    amount_yen: int
    persons_without_cost: int = 0

    @property
    def label(self):
        return CATEGORY_LABELS[self.category]


def _special(category, staff, basis):
    costed = [member.annual_cost_yen for member in staff if member.annual_cost_yen is not None]
    return EstimateLine(
        category=category,
        allocation="特別交付税",
        persons=len(staff),
        basis=basis,
        amount_yen=sum(cost * SPECIAL_RATE_TENTHS // 10 for cost in costed),
        persons_without_cost=len(staff) - len(costed),
    )


def fiscal_estimate(*, staff, fiscal_year, unit_cost_yen):
    """One line per category of staff, with the allocation the rules give them in that year."""
    by_category = {category: [] for category in CATEGORY_LABELS}
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
    lines.append(_special(CONTRACTOR, by_category[CONTRACTOR], "委託費の0.7"))
    return lines
