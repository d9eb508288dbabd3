"""One history entry per save of a registration, however many rows and relations it touches.

django-simple-history writes an entry per model save and per many-to-many change, so one edit of
the form would otherwise appear as several. Pause it, save everything, then record once.
"""

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Model
from django.utils import timezone

from .models import Registration
from .questions import PREFECTURE_ANSWERS

BATCH = 2000
# The reason of an entry written by a staff member's edit of the answers in the admin.
STAFF_ANSWER_EDIT = "管理画面で回答を編集"


def history_pause(registration: Registration) -> None:
    # django-simple-history's documented per-instance switches, which no stub declares.
    registration.skip_history_when_saving = True  # type: ignore[attr-defined]


def history_record(registration: Registration, *, reason: str) -> None:
    """Write one entry for everything saved since history_pause(), with a reason people read."""
    if hasattr(registration, "skip_history_when_saving"):
        del registration.skip_history_when_saving
    registration._change_reason = reason  # type: ignore[attr-defined]  # as above
    registration.save(update_fields=["updated_at"])


def history_record_created(
    *,
    registrations: Sequence[Registration],
    links: Mapping[str, Sequence[Any]],
    reason: str,
    by: User | None,
) -> None:
    """The creation entry (+) of each new registration, with its prefecture answers, in a few
    queries: an import of 10,000 rows has 10,000 entries and about 100,000 links.

    The registrations are stored and numbered already (bulk_create_with_history would record
    them before their receipt number exists), so the entries come from the history manager's
    bulk_history_create. That leaves many-to-many answers out; they are the generated
    many-to-many history models' rows, made through the ORM as simple-history makes them for a
    single save. `links` maps each prefecture answer to its stored through rows.
    """
    model = type(registrations[0])
    history = model.history
    entries = history.bulk_history_create(
        registrations,
        batch_size=BATCH,
        default_user=by,
        default_change_reason=reason,
        default_date=timezone.now(),
    )
    entry_of = {entry.id: entry.pk for entry in entries}
    for name, m2m_history in _answers_history_models(history.model).items():
        m2m_history.objects.bulk_create(
            [
                m2m_history(
                    history_id=entry_of[link.registration_id],
                    id=link.pk,
                    registration_id=link.registration_id,
                    prefecture_id=link.prefecture_id,
                )
                for link in links[name]
            ],
            batch_size=BATCH * 2,
        )


@cache
def _answers_history_models(historical: type[Model]) -> dict[str, Any]:
    """The generated history model of each prefecture answer, looked up once per process: each
    look-up builds a manager class, and a registration is stored in a request.
    The historical model's attribute for a many-to-many field is the manager of its history model
    (historical_record.<field>.all() in simple-history's documentation)."""
    return {name: getattr(historical, name).model for name in PREFECTURE_ANSWERS}
