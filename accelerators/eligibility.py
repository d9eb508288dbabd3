"""The appointment rule for 総務省自治体DXアクセラレータ, as pure functions of plain values.

A nominee qualifies by meeting at least one of:
  (1) 5 years or more of practical digital experience (user-side DX experience counts);
  (2) a pass of an IPA level-4 (高度) exam, or of a legacy exam fully equivalent to one;
  (3) knowledge equal to or above (1) or (2): a written justification MIC must explicitly accept.
      A pass of a legacy exam only partly equivalent (情報セキュリティアドミニストレータ,
      上級システムアドミニストレータ) is evidence shown to MIC for (3), never (2) by itself.

Experience periods that overlap or touch are merged first, so each day counts once. Each merged
span counts its complete months (1 April to 31 March is 12 months; 1 April to 30 March is 11
months and 30 days left over). The days left over of all spans are then added up, and every 30
of them count as one more month: two jobs of 2 years 6 months and 15 days each make 5 years, but
4 years 11 months and 29 days is never rounded up to 5 years.

The caller decides which passes count for (2) and which are only evidence for (3): this module
takes plain values (labels) and never touches the database.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

REQUIRED_MONTHS = 5 * 12
DAYS_PER_LEFTOVER_MONTH = 30


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
    # Passes of partly equivalent legacy exams: evidence for (3), for MIC to judge.
    partial_exam_evidence: list[str] = field(default_factory=list)

    @property
    def experience_text(self) -> str:
        return years_months_text(self.experience_months)

    @property
    def eligible_without_acceptance(self) -> bool:
        """Meets rule (1) or (2), which need no judgement by MIC."""
        return self.by_experience or self.by_exam

    @property
    def may_be_nominated(self) -> bool:
        return self.eligible_without_acceptance or self.by_equivalence

    @property
    def rules_met(self) -> list[str]:
        return [
            label
            for met, label in [
                (self.by_experience, "(1) 実務経験5年以上"),
                (self.by_exam, "(2) IPA高度試験の合格"),
                (self.by_equivalence, "(3) 同等以上の知識（説明あり・総務省の確認が必要）"),
            ]
            if met
        ]


def years_months_text(months: int) -> str:
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years}年{rest}か月"
    if years:
        return f"{years}年"
    return f"{rest}か月"


def _months_between(start: date, end_exclusive: date) -> int:
    """Complete months from start up to (not including) end_exclusive."""
    months = (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month
    if end_exclusive.day < start.day:
        months -= 1
    return max(months, 0)


def _months_later(start: date, months: int) -> date:
    """The first day after `months` complete months from start (31 Jan + 1 month: 1 March)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    try:
        return date(year, month, start.day)
    except ValueError:  # no such day in that month: the month is complete at the next 1st
        return date(year + month // 12, month % 12 + 1, 1)


def _months_and_leftover_days(start: date, end: date) -> tuple[int, int]:
    """Complete months in the span start..end (inclusive), and the days left over."""
    end_exclusive = end + timedelta(days=1)
    months = _months_between(start, end_exclusive)
    return months, (end_exclusive - _months_later(start, months)).days


def merged_periods(periods: Iterable[Period], *, as_of: date) -> list[tuple[date, date]]:
    """The periods as disjoint (start, end inclusive) spans; overlapping or touching ones joined."""
    spans = sorted(
        (period.start, min(period.end or as_of, as_of))
        for period in periods
        if period.start <= as_of
    )
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if end < start:
            continue
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def experience_months(periods: Iterable[Period], *, as_of: date) -> int:
    """Months of experience: each span's complete months, plus 1 per 30 days left over in all."""
    months = leftover_days = 0
    for start, end in merged_periods(periods, as_of=as_of):
        span_months, span_days = _months_and_leftover_days(start, end)
        months += span_months
        leftover_days += span_days
    return months + leftover_days // DAYS_PER_LEFTOVER_MONTH


def eligibility_check(
    *,
    periods: Iterable[Period],
    exam_passes: Sequence[str],
    justification: str,
    as_of: date,
    partial_exam_evidence: Iterable[str] = (),
) -> Eligibility:
    """Which rules a nominee meets, and in Japanese what is missing for the others.

    exam_passes: labels of passes that meet (2); partial_exam_evidence: labels of passes of
    partly equivalent legacy exams, which only support (3).
    """
    months = experience_months(periods, as_of=as_of)
    by_experience = months >= REQUIRED_MONTHS
    by_exam = len(exam_passes) > 0
    by_equivalence = bool(justification.strip())
    evidence = list(partial_exam_evidence)
    reasons = []
    if not by_experience:
        reasons.append(
            f"(1) 実務経験が5年に満たません（{years_months_text(months)}。重なる期間は1回だけ数えます）。"
        )
    if not by_exam:
        if evidence:
            reasons.append(
                "(2) IPA高度試験の合格が登録されていません（"
                + "、".join(evidence)
                + "は現行の試験と一部だけが同等のため、(2)には当たりません）。"
            )
        else:
            reasons.append("(2) IPA高度試験の合格が登録されていません。")
    if not by_equivalence:
        if evidence:
            reasons.append(
                "(3) 同等以上の知識を有することの説明がありません。一部が同等の旧試験の合格を"
                "根拠にする場合も、説明を記入してください（総務省が判断します）。"
            )
        else:
            reasons.append("(3) 同等以上の知識を有することの説明がありません。")
    return Eligibility(
        experience_months=months,
        by_experience=by_experience,
        by_exam=by_exam,
        by_equivalence=by_equivalence,
        reasons=reasons,
        partial_exam_evidence=evidence,
    )
