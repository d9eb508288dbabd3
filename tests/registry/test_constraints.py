"""The database refuses answers that the form would never produce, whatever writes them."""

import pytest
from django.db import IntegrityError, transaction

from registry.models import Registration
from tests.factories import make_registration

pytestmark = pytest.mark.django_db


def _save_with(registration, **fields):
    for name, value in fields.items():
        setattr(registration, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        registration.save()


def test_q7_to_q11_answers_need_a_yes_to_q6():
    _save_with(make_registration(), secondment=Registration.Secondment.NO)


def test_q10_needs_part_time_or_on_request():
    _save_with(make_registration(), days_week_1_2=True)


def test_q13_other_text_goes_with_other():
    _save_with(make_registration(), scheme_other_text="残骸")
    _save_with(make_registration(), scheme_other=True, scheme_other_text="")


def test_q14_needs_a_q13_choice():
    _save_with(make_registration(), scheme_support_record="実績")


def test_nationwide_and_undecided_are_exclusive():
    _save_with(make_registration(), dispatch_nationwide=True, dispatch_undecided=True)
