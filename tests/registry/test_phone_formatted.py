"""The phone number as shown is stored with it, so that long lists need not format it per row."""

import io

import openpyxl
import pytest
from django.urls import reverse

from registry.exports import LIST_SHEET, headers
from registry.models import Registration
from tests.factories import make_registration, reviewed

pytestmark = pytest.mark.django_db


def test_saving_keeps_the_formatted_phone_with_the_number():
    registration = make_registration(phone="0312345678")
    assert registration.phone_formatted == "03-1234-5678"

    registration.phone = "0662345678"
    registration.save(update_fields=["phone"])
    registration.refresh_from_db()

    assert registration.phone_formatted == "06-6234-5678"


def test_the_export_shows_the_stored_format_and_formats_rows_that_lack_it(hokkaido):
    from portal.models import Prefecture

    for email, phone in [("a@example.jp", "0312345678"), ("b@example.jp", "0662345678")]:
        reviewed(
            make_registration(
                email=email, phone=phone, dispatch_prefectures=[Prefecture.objects.get(code="01")]
            )
        )
    # A row stored before the column existed.
    Registration.objects.filter(email="b@example.jp").update(phone_formatted="")

    sheet = openpyxl.load_workbook(
        io.BytesIO(hokkaido.get(reverse("registry:prefecture-companies-xlsx")).content)
    )[LIST_SHEET]
    column = headers().index("電話番号")
    phones = sorted(row[column] for row in sheet.iter_rows(min_row=2, values_only=True))

    assert phones == ["03-1234-5678", "06-6234-5678"]
