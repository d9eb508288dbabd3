"""The back office for 総務省 staff (Django admin), one module per area."""

from . import reconfirmation, records, registrations  # noqa: F401 - registers the model admins
