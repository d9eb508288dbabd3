"""Each year's appointment counter starts from the highest number already given that year."""

import re

from django.db import migrations

NUMBER = re.compile(r"^DXA-(\d{4})-(\d{4,})$")


def highest_numbers(numbers):
    """{year: highest number} for appointment numbers of the form DXA-<year>-<4 digits>."""
    highest = {}
    for value in numbers:
        match = NUMBER.match(value or "")
        if match:
            year, number = int(match[1]), int(match[2])
            highest[year] = max(highest.get(year, 0), number)
    return highest


def seed_counters(apps, schema_editor):
    Nomination = apps.get_model("accelerators", "Nomination")
    AppointmentNumberCounter = apps.get_model("accelerators", "AppointmentNumberCounter")
    numbers = Nomination.objects.exclude(appointment_number=None).values_list(
        "appointment_number", flat=True
    )
    for year, number in highest_numbers(numbers).items():
        AppointmentNumberCounter.objects.update_or_create(
            year=year, defaults={"last_number": number}
        )


def unseed_counters(apps, schema_editor):
    apps.get_model("accelerators", "AppointmentNumberCounter").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accelerators", "0007_move_contractors_to_contracted_staffing")]

    operations = [migrations.RunPython(seed_counters, unseed_counters)]
