"""Turning a confirmed form into a stored registration (portal.self_service.entry_create stores it
once per token; registry.company_edits declares it), one row or an import's many."""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from .answers import Answers
from .history import history_record_created
from .models import Registration
from .questions import FLAG_ANSWERS, PREFECTURE_ANSWERS, TEXT_ANSWERS
from .staff_events import registration_new_event_record

BATCH = 500
# The version of /privacy/ that the form links to; bump it whenever that page's text changes.
# 2026-11-29: section 5 states the erasure after 取下げ・重複 and the yearly reconfirmation;
# sections 2 and 4 list all that is published (registry.publication).
# 2026-12-07: section 5 states when mails and the replies to 打診 are erased (MAIL_RETENTION_DAYS).
PRIVACY_NOTICE_VERSION = "2026-12-07"


def receipt_number_for(registration: Registration) -> str:
    """KR-<year the registration was made, JST>-<its id, six digits>: unique without a counter."""
    year = timezone.localtime(registration.created_at).year
    return f"KR-{year}-{registration.pk:06d}"


def registration_apply_answers(registration: Registration, answers: Answers) -> None:
    """Copy RegistrationForm.cleaned_data's non-relation answers onto a registration."""
    for name in TEXT_ANSWERS:
        setattr(registration, name, answers[name])
    for field_name, options in FLAG_ANSWERS.items():
        chosen = set(answers[field_name])
        for option in options:
            setattr(registration, option.value, option in chosen)


def registration_build(*, answers: Answers, **fields: Any) -> Registration:
    """An unsaved Registration holding the non-relation answers of RegistrationForm.cleaned_data."""
    registration = Registration(**fields)
    registration_apply_answers(registration, answers)
    return registration


def registration_insert(
    *, registration: Registration, answers: Answers, reason: str
) -> Registration:
    """Save a built registration, number it and set its prefectures, as one history entry.

    The many-row path serves one row too: seven statements, where saving the model, setting the
    relations and letting django-simple-history follow each step took about twenty.
    """
    stored = registrations_insert(
        registrations=[registration], answers=[answers], reason=reason, by=None
    )[0]
    registration_new_event_record(registration=stored)
    return stored


def registrations_insert(
    *,
    registrations: list[Registration],
    answers: Sequence[Answers],
    reason: str,
    by: User | None,
) -> list[Registration]:
    """registration_insert for many built registrations (`answers` in the same order), in a few
    queries per thousand rather than a dozen per registration."""
    if not registrations:
        return []
    for registration in registrations:
        registration.keys_update()
    created = Registration.objects.bulk_create(registrations, batch_size=BATCH)
    for registration in created:
        registration.receipt_number = receipt_number_for(registration)
    _receipt_numbers_store(created)
    links = {}
    for name in PREFECTURE_ANSWERS:
        through = getattr(Registration, name).through
        links[name] = through.objects.bulk_create(
            [
                through(registration_id=registration.pk, prefecture_id=prefecture.pk)
                for registration, answer in zip(created, answers, strict=True)
                for prefecture in answer[name]
            ],
            batch_size=BATCH * 4,
        )
    history_record_created(registrations=created, links=links, reason=reason, by=by)
    return created


def _receipt_numbers_store(registrations: Sequence[Registration]) -> None:
    """bulk_update(["receipt_number"]) as plain CASE statements: a third of the time, since
    Django builds an expression per row for bulk_update."""
    table = connection.ops.quote_name(Registration._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(registrations), BATCH):
            batch = registrations[start : start + BATCH]
            cursor.execute(
                f"UPDATE {table} SET receipt_number = CASE id "
                + " ".join(["WHEN %s THEN %s"] * len(batch))
                + f" END WHERE id IN ({', '.join(['%s'] * len(batch))})",
                [value for r in batch for value in (r.pk, r.receipt_number)]
                + [r.pk for r in batch],
            )
