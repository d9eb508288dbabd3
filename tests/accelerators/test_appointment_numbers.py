"""Appointment numbers are allocated per year without races (accelerators.workflow)."""

import importlib
import threading
from datetime import date

import pytest
from django.db import connection

from accelerators.models import AppointmentNumberCounter, Nomination
from accelerators.workflow import nomination_transition
from tests.factories import make_nomination

THREADS = 6
seed_migration = importlib.import_module(
    "accelerators.migrations.0008_seed_appointment_number_counters"
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_first_appointments_of_a_year_get_distinct_numbers(mic_user):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers and has no row locks; the race needs PostgreSQL")
    nominations = [make_nomination(name=f"同時{index}") for index in range(THREADS)]
    Nomination.objects.filter(pk__in=[n.pk for n in nominations]).update(status="in_review")
    assert not AppointmentNumberCounter.objects.filter(year=2024).exists()
    barrier = threading.Barrier(THREADS, timeout=30)
    numbers, errors, finished = [], [], []

    def appoint(nomination):
        try:
            barrier.wait()
            nomination_transition(
                nomination=nomination,
                action="appoint",
                by=mic_user,
                appointment_date=date(2024, 10, 1),
            )
            numbers.append(nomination.appointment_number)
            finished.append(nomination.pk)
        except Exception as error:  # every failure in a thread fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=appoint, args=(n,)) for n in nominations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    assert errors == []
    assert sorted(finished) == sorted(n.pk for n in nominations)
    assert sorted(numbers) == [f"DXA-2024-{index:04d}" for index in range(1, THREADS + 1)]
    assert AppointmentNumberCounter.objects.get(year=2024).last_number == THREADS
    assert Nomination.objects.filter(status="appointed").count() == THREADS


def test_the_seed_migration_finds_each_years_highest_number():
    numbers = ["DXA-2026-0002", "DXA-2026-0911", "DXA-2025-0003", "DXA-X-1", None, "DXA-2026-0010"]

    assert seed_migration.highest_numbers(numbers) == {2026: 911, 2025: 3}


@pytest.mark.django_db
def test_the_seed_migration_starts_counters_after_the_numbers_in_use(mic_user):
    from django.apps import apps

    for number in ("DXA-2026-0004", "DXA-2026-0002", "DXA-2025-0001"):
        nomination = make_nomination(name=number)
        Nomination.objects.filter(pk=nomination.pk).update(
            status="appointed", appointment_date=date(2025, 5, 1), appointment_number=number
        )

    seed_migration.seed_counters(apps, None)

    counters = dict(AppointmentNumberCounter.objects.values_list("year", "last_number"))
    assert counters == {2026: 4, 2025: 1}
