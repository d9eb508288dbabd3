"""The appointment rule for 総務省自治体DXアクセラレータ, as pure functions of plain values.

A nominee qualifies by meeting at least one of:
  (1) 5 years or more of practical digital experience (user-side DX experience counts);
  (2) a pass of an IPA level-4 (高度) exam;
  (3) knowledge equal to or above (1) or (2): a written justification MIC must explicitly accept.

Experience periods that overlap or touch are counted once. A merged period counts its complete
months only (1 April to 31 March is 12 months; 1 April to 30 March is 11), so 4 years 11 months
is never rounded up to 5 years.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

REQUIRED_MONTHS = 5 * 12


@dataclass(frozen=True)
class Period:
    start: date
    end: date | None = None  # None: still going on


@dataclass(frozen=True)
class Eligibility:
    experience_months: int
    by_experience: bool
    by_exam: bool
    by_equivalence: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def experience_text(self):
        return years_months_text(self.experience_months)

    @property
    def eligible_without_acceptance(self):
        """Meets rule (1) or (2), which need no judgement by MIC."""
        return self.by_experience or self.by_exam

    @property
    def may_be_nominated(self):
        return self.eligible_without_acceptance or self.by_equivalence

    @property
    def rules_met(self):
        return [
            label
            for met, label in [
                (self.by_experience, "(1) 実務経験5年以上"),
                (self.by_exam, "(2) IPA高度試験の合格"),
                (self.by_equivalence, "(3) 同等以上の知識（説明あり・総務省の確認が必要）"),
            ]
            if met
        ]


def years_months_text(months):
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years}年{rest}か月"
    if years:
        return f"{years}年"
    return f"{rest}か月"


def _months_between(start, end_exclusive):
    """Complete months from start up to (not including) end_exclusive."""
    months = (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month
    if end_exclusive.day < start.day:
        months -= 1
    return max(months, 0)


def merged_periods(periods, *, as_of):
    """The periods as disjoint (start, end inclusive) spans; overlapping or touching ones joined."""
    spans = sorted(
        (period.start, min(period.end or as_of, as_of))
        for period in periods
        if period.start <= as_of
    )
    merged = []
    for start, end in spans:
        if end < start:
            continue
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def experience_months(periods, *, as_of):
    """Complete months of experience, each day counted once however many entries cover it."""
    return sum(
        _months_between(start, end + timedelta(days=1))
        for start, end in merged_periods(periods, as_of=as_of)
    )


def eligibility_check(*, periods, exam_passes, justification, as_of):
    """Which rules a nominee meets, and in Japanese what is missing for the others."""
    months = experience_months(periods, as_of=as_of)
    by_experience = months >= REQUIRED_MONTHS
    by_exam = len(exam_passes) > 0
    by_equivalence = bool(justification.strip())
    reasons = []
    if not by_experience:
        reasons.append(
            f"(1) 実務経験が5年に満たません（{years_months_text(months)}。重なる期間は1回だけ数えます）。"
        )
    if not by_exam:
        reasons.append("(2) IPA高度試験の合格が登録されていません。")
    if not by_equivalence:
        reasons.append("(3) 同等以上の知識を有することの説明がありません。")
    return Eligibility(
        experience_months=months,
        by_experience=by_experience,
        by_exam=by_exam,
        by_equivalence=by_equivalence,
        reasons=reasons,
    )
