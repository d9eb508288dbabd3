"""An empty required field on a staff form says which field and what to do
(portal.forms.NamedRequiredMessages), never Django's 「このフィールドは必須です。」."""

import importlib
import inspect

import pytest
from django import forms

from accelerators.forms import ExperienceForm, IpaPassForm, NominationForm
from matching.forms import FollowUpForm, NeedFilterForm, NeedForm, OutcomeForm
from talent.forms import HireForm
from tests.factories import make_need, make_specialist

pytestmark = pytest.mark.django_db

DJANGO_DEFAULT = "このフィールドは必須です。"
APP_FORMS = ["registry.forms", "talent.forms", "matching.forms", "accelerators.forms"]


def _built(cls):
    """Each form class of the apps, built empty; forms that need a context get it here."""
    if cls is NominationForm:
        return cls(data={}, prefecture=None)
    if cls in (OutcomeForm, FollowUpForm):
        need = make_need("01")
        approach = need.approaches.create(
            specialist=make_specialist(status="listed", desired_prefectures=["01"]),
            sent_by=need.created_by,
        )
        return cls(data={}, approach=approach)
    if cls is NeedFilterForm:
        return cls(data={}, all_prefectures=True)
    return cls(data={})


def _form_classes():
    for name in APP_FORMS:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == name
                and not cls.__name__.startswith("_")
            ):
                yield cls


@pytest.mark.parametrize("cls", list(_form_classes()), ids=lambda cls: cls.__qualname__)
def test_no_empty_field_says_only_that_it_is_required(cls):
    form = _built(cls)
    form.is_valid()
    said = [message for errors in form.errors.values() for message in errors]
    assert DJANGO_DEFAULT not in said


def test_the_need_form_names_each_missing_answer():
    form = NeedForm(data={})
    assert form.errors["title"] == ["募集の名称を入力してください。"]
    assert form.errors["period"] == ["期間を選んでください。"]
    assert form.errors["start_month"] == ["開始時期（年月）を選んでください。"]
    assert form.errors["department"] == ["担当部署を入力してください。"]  # its own message kept


def test_blocks_and_the_hire_form_name_theirs_too():
    assert HireForm(data={}).errors["employment_type"] == ["任用形態を選んでください。"]
    assert HireForm(data={}).errors["start_date"] == ["任用開始日を入力してください。"]
    assert ExperienceForm(data={}).errors["kind"] == ["経験の種類を選んでください。"]
    assert IpaPassForm(data={}).errors["year"] == ["合格年（西暦）を入力してください。"]
