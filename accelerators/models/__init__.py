"""The accelerators' models: nominations and their records, the IPA exams, contracted staffing."""

from .contracted import ContractedStaffing, ContractedStaffingQuerySet
from .exams import IpaExam
from .nominations import (
    NATIONAL_TARGET,
    PREFECTURE_TARGET,
    AppointmentNumberCounter,
    ExperienceEntry,
    IpaPass,
    Nomination,
    NominationQuerySet,
    NominationTransition,
)

__all__ = [
    "NATIONAL_TARGET",
    "PREFECTURE_TARGET",
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
