"""The registry's models: registrations, and the records kept around them."""

from .reconfirmation import ReconfirmationRequest, ReconfirmationRound
from .records import MailTemplate, OutgoingMail, PublicListVersion, StatusChange
from .registrations import Registration, RegistrationQuerySet

__all__ = [
    "MailTemplate",
    "OutgoingMail",
    "PublicListVersion",
    "ReconfirmationRequest",
    "ReconfirmationRound",
    "Registration",
    "RegistrationQuerySet",
    "StatusChange",
]
