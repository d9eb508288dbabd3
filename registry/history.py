"""One history entry per save of a registration, however many rows and relations it touches.

django-simple-history writes an entry per model save and per many-to-many change, so one edit of
the form would otherwise appear as several. Pause it, save everything, then record once.
"""

from django.apps import apps
from django.db import connection
from django.utils import timezone

from .questions import PREFECTURE_ANSWERS


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


def history_record_created(*, registrations, reason, by):
    """history_record(created=True) for many new registrations at once, in a few queries.

    The prefecture links of each entry are copied by the database (INSERT ... SELECT) rather than
    built as objects: an import of 10,000 rows has about 100,000 of them.
    """
    model = registrations[0].__class__
    model.history.bulk_history_create(
        registrations, default_user=by, default_change_reason=reason, default_date=timezone.now()
    )
    history_table = model.history.model._meta.db_table
    quote = connection.ops.quote_name
    ids = [registration.pk for registration in registrations]
    with connection.cursor() as cursor:
        for name in PREFECTURE_ANSWERS:
            through = getattr(model, name).through._meta.db_table
            links = apps.get_model(model._meta.app_label, f"Historical{model.__name__}_{name}")
            for start in range(0, len(ids), 500):
                batch = ids[start : start + 500]
                # New registrations have exactly one history entry each: the one just written.
                cursor.execute(
                    f"INSERT INTO {quote(links._meta.db_table)} "
                    "(id, history_id, registration_id, prefecture_id) "
                    "SELECT t.id, h.history_id, t.registration_id, t.prefecture_id "
                    f"FROM {quote(through)} t JOIN {quote(history_table)} h "
                    "ON h.id = t.registration_id "
                    f"WHERE t.registration_id IN ({', '.join(['%s'] * len(batch))})",
                    batch,
                )
