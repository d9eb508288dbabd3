"""The registry's models: registrations, and the records kept around them."""

from .records import MailTemplate, OutgoingMail, StatusChange
from .registrations import Registration, RegistrationQuerySet

__all__ = [
    "MailTemplate",
    "OutgoingMail",
    "Registration",
    "RegistrationQuerySet",
    "StatusChange",
]
