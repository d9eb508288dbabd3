"""Reads that combine a nomination with its related records."""

from datetime import date

from django.utils import timezone

from .eligibility import Eligibility, Period, eligibility_check
from .models import Nomination


def nomination_eligibility(nomination: Nomination, *, as_of: date | None = None) -> Eligibility:
    """The eligibility of a stored nomination (its experiences as of today or `as_of`)."""
    passes = list(nomination.ipa_passes.all())
    return eligibility_check(
        periods=[Period(e.started_on, e.ended_on) for e in nomination.experiences.all()],
        exam_passes=[str(p) for p in passes if p.exam.counts_for_rule_2],
        partial_exam_evidence=[str(p) for p in passes if not p.exam.counts_for_rule_2],
        justification=nomination.equivalence_justification,
        as_of=as_of or timezone.localdate(),
    )
