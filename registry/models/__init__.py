"""The registry's models: registrations, and the records kept around them."""

from .reconfirmation import ReconfirmationRequest, ReconfirmationRound
from .records import OutgoingMail, PublicListVersion, StatusChange
from .registrations import Registration, RegistrationQuerySet

__all__ = [
    "OutgoingMail",
    "PublicListVersion",
    "ReconfirmationRequest",
    "ReconfirmationRound",
    "Registration",
    "RegistrationQuerySet",
    "StatusChange",
]
