"""One history entry per save of a registration, however many rows and relations it touches.

django-simple-history writes an entry per model save and per many-to-many change, so one edit of
the form would otherwise appear as several. Pause it, save everything, then record once.
"""

from collections.abc import Sequence

from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from .models import Registration
from .questions import PREFECTURE_ANSWERS

BATCH = 500
# The reason of an entry written by a staff member's edit of the answers in the admin.
STAFF_ANSWER_EDIT = "管理画面で回答を編集"


def history_pause(registration: Registration) -> None:
    # django-simple-history's documented per-instance switches, which no stub declares.
    registration.skip_history_when_saving = True  # type: ignore[attr-defined]


def history_record(registration: Registration, *, reason: str, created: bool = False) -> None:
    """Write one entry for everything saved since history_pause(), with a reason people read."""
    if hasattr(registration, "skip_history_when_saving"):
        del registration.skip_history_when_saving
    registration._change_reason = reason  # type: ignore[attr-defined]  # as above
    registration.save(update_fields=["updated_at"])
    if created:
        # The entry comes from an update of the row, but for people it is the creation.
        entry = registration.history.order_by("-history_id").first()
        registration.history.filter(history_id=entry.history_id).update(history_type="+")


def history_record_created(
    *, registrations: Sequence[Registration], reason: str, by: User | None
) -> None:
    """history_record(created=True) for many new registrations at once, in a few queries.

    The entries and their prefecture links are copied by the database (INSERT ... SELECT from
    the rows just stored) rather than built as objects: an import of 10,000 rows has 10,000
    entries and about 100,000 links.
    """
    model = registrations[0].__class__
    history = model.history.model
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in history.tracked_fields)
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    ids = [registration.pk for registration in registrations]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, "
                "history_change_reason, history_type, history_user_id) "
                f"SELECT {columns}, %s, %s, '+', %s FROM {quote(model._meta.db_table)} "
                f"WHERE id IN ({marks})",
                [stamp, reason, by.pk if by else None, *batch],
            )
            for name in PREFECTURE_ANSWERS:
                through = getattr(model, name).through._meta.db_table
                links = apps.get_model(model._meta.app_label, f"{history.__name__}_{name}")
                # New registrations have exactly one history entry each: the one just written.
                cursor.execute(
                    f"INSERT INTO {quote(links._meta.db_table)} "
                    "(id, history_id, registration_id, prefecture_id) "
                    "SELECT t.id, h.history_id, t.registration_id, t.prefecture_id "
                    f"FROM {quote(through)} t JOIN {quote(history._meta.db_table)} h "
                    f"ON h.id = t.registration_id WHERE t.registration_id IN ({marks})",
                    batch,
                )
