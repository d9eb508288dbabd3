"""No answer can be longer than its column: a database error would be a bug, not an outage.

On PostgreSQL an over-long value fails the INSERT; on SQLite it would be stored. These tests run
on both (CI runs the suite on each), so they prove the form stops every value first.
"""

import pytest
from django.db import models
from django.urls import reverse

from portal.forms import TextAnswerField
from portal.text import text_normalize
from registry.forms import QuestionnaireForm
from registry.models import Registration
from tests.factories import draft_of, registration_post

pytestmark = pytest.mark.django_db

# Stored as typed (one character each, 4, 5 and 3 after NFKC), and ｶﾞ typed as two, stored as ガ.
UNUSUAL = ["㌀", "㍊", "ﬃ", "ｶﾞ"]


def _text_fields():
    return {
        name: field
        for name, field in QuestionnaireForm.base_fields.items()
        if isinstance(field, TextAnswerField)
    }


def test_every_text_answer_is_no_longer_than_its_column():
    checked = []
    for name, field in _text_fields().items():
        column = Registration._meta.get_field(name)
        if isinstance(column, models.TextField) or name == "phone":
            continue  # TEXT has no limit; 問5 is stored as at most 11 digits (see below)
        assert field.max_length is not None, name
        assert field.max_length <= column.max_length, name
        checked.append(name)

    assert len(checked) == 7


def test_a_phone_number_is_stored_in_at_most_eleven_digits():
    assert Registration._meta.get_field("phone").max_length == 11
    form = QuestionnaireForm(registration_post(phone="＋８１　９０－１２３４－５６７８"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "09012345678"


def _at_the_limit(character):
    """A complete post where every free-text answer is as long as the form allows."""
    domain = f"{'b' * 63}.{'c' * 63}.{'d' * 57}.jp"
    return registration_post(
        company_name="株" * 200,
        department=character * (200 // len(text_normalize(character))),
        contact_name="名" * 100,
        contact_name_kana="あ" * 100,
        email=f"{'a' * 64}@{domain}",
        phone="090-1234-5678",
        schemes=["scheme_other"],
        scheme_other_text=character * (200 // len(text_normalize(character))),
        scheme_support_record=character * (2000 // len(text_normalize(character))),
        website="https://example.jp/" + "p" * (500 - len("https://example.jp/")),
        message="\r\n".join(["あ" * 9] * 200),
    )


@pytest.mark.parametrize("character", ["あ", *UNUSUAL])
def test_every_field_at_its_limit_is_stored(client, character, django_capture_on_commit_callbacks):
    form = client.post(reverse("registry:register"), _at_the_limit(character))
    assert form.status_code == 302, form.context["form"].errors

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("registry:confirm"), {"draft": draft_of(form)})

    assert done.status_code == 302
    stored = Registration.objects.get()
    for name in _text_fields():
        column = Registration._meta.get_field(name)
        if column.max_length:
            assert len(getattr(stored, name)) <= column.max_length, name


@pytest.mark.parametrize("character", UNUSUAL)
def test_one_character_too_many_as_stored_is_refused_not_a_database_error(client, character):
    post = {**_at_the_limit(character), "department": character * 201}

    response = client.post(reverse("registry:register"), post)

    assert response.status_code == 200
    assert "200文字以内で入力してください" in response.content.decode()
    assert Registration.objects.count() == 0
