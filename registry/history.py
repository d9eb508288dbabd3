"""One history entry per save of a registration, however many rows and relations it touches.

django-simple-history writes an entry per model save and per many-to-many change, so one edit of
the form would otherwise appear as several. Pause it, save everything, then record once.
"""


def history_pause(registration):
    registration.skip_history_when_saving = True


def history_record(registration, *, reason, created=False):
    """Write one entry for everything saved since history_pause(), with a reason people read."""
    if hasattr(registration, "skip_history_when_saving"):
        del registration.skip_history_when_saving
    registration._change_reason = reason
    registration.save(update_fields=["updated_at"])
    if created:
        # The entry comes from an update of the row, but for people it is the creation.
        entry = registration.history.order_by("-history_id").first()
        registration.history.filter(history_id=entry.history_id).update(history_type="+")
