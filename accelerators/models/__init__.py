"""The accelerators' models: nominations and their records, the IPA exams, contracted staffing."""

from .contracted import ContractedStaffing, ContractedStaffingQuerySet
from .exams import IpaExam
from .nominations import (
    AppointmentNumberCounter,
    ExperienceEntry,
    IpaPass,
    Nomination,
    NominationQuerySet,
    NominationTransition,
)

__all__ = [
    "AppointmentNumberCounter",
    "ContractedStaffing",
    "ContractedStaffingQuerySet",
    "ExperienceEntry",
    "IpaExam",
    "IpaPass",
    "Nomination",
    "NominationQuerySet",
    "NominationTransition",
]
