"""Every date and month field takes a year from 1900 to 2100 only (portal.dates), with one clear
error: on the public and staff forms, the list filters, the admin and the Excel imports.

A year 0000 once answered 500 (`date(0, 4, 1)`); 2101 or 1899 were stored as typed.
"""

import importlib
import inspect
import pkgutil
from datetime import date

import django_filters
import pytest
import time_machine
from django import forms
from django.apps import apps
from django.db import models
from django.urls import reverse

from accelerators.models import Nomination
from matching.models import Need
from portal.dates import DATE_YEAR_MAX, DATE_YEAR_MIN, DATE_YEAR_OUT_OF_RANGE
from portal.forms import MonthField
from talent.models import Specialist
from tests.accelerators.helpers import nomination_in
from tests.factories import make_prefecture_user, make_specialist, talent_post

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)
MONTHS = ["0000-04", "2101-01", "1899-12"]
DAYS = ["0000-04-01", "2101-01-01", "1899-12-31"]
ERROR = "年は1900年から2100年の間で入力してください。"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_the_rule_is_one_range_with_one_message():
    assert (DATE_YEAR_MIN, DATE_YEAR_MAX, DATE_YEAR_OUT_OF_RANGE) == (1900, 2100, ERROR)


def _shows_the_error(response):
    assert response.status_code == 200
    assert ERROR in response.content.decode()


@pytest.mark.parametrize("value", MONTHS)
@pytest.mark.parametrize(
    "changes",
    [
        lambda value: {"experiences-0-started_on": value},  # 実務経験 開始
        lambda value: {"experiences-0-ended_on": value},
        lambda value: {"start": "month", "start_month": value},  # 勤務を始められる年月
    ],
    ids=["experience-start", "experience-end", "available-from"],
)
def test_the_talent_register_page_refuses_the_year(client, changes, value):
    response = client.post(reverse("talent:register"), talent_post(**changes(value)))

    _shows_the_error(response)
    assert not Specialist.objects.exists()


@pytest.mark.parametrize("value", MONTHS)
def test_a_need_refuses_the_year_of_its_start_month(clients, value):
    data = {
        "title": "AI活用の推進",
        "duties": "生成AIの業務利用を市町村と進める。",
        "specialties": ["ai_rpa"],
        "work_styles": ["wants_part_time"],
        "period": "under_1_year",
        "headcount": "1",
        "start_month": value,
        "contact": "デジタル推進課 03-5253-5111",
    }

    response = clients["prefecture_a"].post(reverse("matching:need-create"), data)

    _shows_the_error(response)
    assert not Need.objects.exists()


def _nomination_post(**changes):
    data = {
        "name": "推薦　花子",
        "name_kana": "すいせん　はなこ",
        "employment_type": "part_time",
        "start_date": "2026-04-01",
        "term_end": "2027-03-31",
        "main_duty_confirmed": "on",
        "experiences-TOTAL_FORMS": "1",
        "experiences-INITIAL_FORMS": "0",
        "experiences-0-organisation": "株式会社システム",
        "experiences-0-role": "PM",
        "experiences-0-kind": "digital",
        "experiences-0-started_on": "2015-04-01",
        "experiences-0-ended_on": "2021-03-31",
        "ipa-TOTAL_FORMS": "0",
        "ipa-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


@pytest.mark.parametrize("value", DAYS)
@pytest.mark.parametrize(
    "field", ["start_date", "term_end", "experiences-0-started_on", "experiences-0-ended_on"]
)
def test_a_nomination_refuses_the_year(clients, field, value):
    response = clients["prefecture_a"].post(
        reverse("accelerators:create"), _nomination_post(**{field: value})
    )

    _shows_the_error(response)
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("value", DAYS)
@pytest.mark.parametrize(
    ("status", "action", "field"),
    [("in_review", "appoint", "appointment_date"), ("appointed", "retire", "end_date")],
)
def test_the_appointment_and_retirement_dates_refuse_the_year(
    clients, mic_user, status, action, field, value
):
    nomination = nomination_in(status, make_prefecture_user("pref-01", "01"), mic_user)
    url = reverse("accelerators:transition", args=[nomination.pk])

    response = clients["mic"].post(
        url, {"action": action, field: value, "end_reason": "任期満了"}, follow=True
    )

    _shows_the_error(response)
    assert Nomination.objects.get(pk=nomination.pk).status == status


@pytest.mark.parametrize("value", DAYS)
@pytest.mark.parametrize("field", ["start_date", "term_end"])
def test_a_hire_refuses_the_year(clients, field, value):
    specialist = make_specialist(status="listed", desired_prefectures=["01"])
    data = {"employment_type": "fixed_term", "start_date": "2026-04-01", "term_end": "2028-03-31"}

    response = clients["prefecture_a"].post(
        reverse("talent:staff-hire", args=[specialist.pk]), {**data, field: value}
    )

    _shows_the_error(response)
    assert not Nomination.objects.exists()
    assert not Specialist.objects.get(pk=specialist.pk).hired_by_id


@pytest.mark.parametrize("value", DAYS)
@pytest.mark.parametrize("field", ["registered_from", "registered_to"])
def test_the_prefecture_company_filter_refuses_the_year(clients, field, value):
    response = clients["prefecture_a"].get(reverse("registry:prefecture-companies"), {field: value})

    _shows_the_error(response)


@pytest.mark.parametrize("value", DAYS)
@pytest.mark.parametrize(
    "changelist",
    [
        "admin:registry_registration_changelist",
        "admin:talent_specialist_changelist",
        "admin:portal_exportlog_changelist",
        "admin:portal_importlog_changelist",
    ],
)
def test_the_admin_date_range_filters_refuse_the_year(mic_client, changelist, value):
    url = reverse(changelist)
    field = {"exportlog": "exported_at", "importlog": "imported_at"}.get(
        changelist.split("_")[-2], "created_at"
    )

    response = mic_client.get(url, {f"{field}__range__gte": value})

    _shows_the_error(response)


@pytest.mark.parametrize("value", ["0000/04/01", "2101/01/01", "1899/12/31", "令和83年4月1日"])
@pytest.mark.parametrize("column", ["start_date", "appointment_date"])
def test_a_bulk_appointment_row_refuses_the_year(column, value):
    from accelerators.bulk_rows import AppointmentRow
    from portal.imports import prefecture_lookup

    cells = {
        "prefecture": "北海道",
        "name": "既存　太郎",
        "employment_type": "任期なし常勤職員",
        "appointment_date": "2025/04/01",
        "basis": "①",
        "evidence": "株式会社A 2015-2024 PM",
        "main_duty": "確認済",
        column: value,
    }

    row = AppointmentRow(cells, prefectures=prefecture_lookup(), exams=[], today=TODAY)

    assert (column, ERROR) in row.problems


@pytest.mark.parametrize("value", ["0000-04-01", "2101-01-01 10:00", "1899/12/31"])
def test_an_imported_registration_refuses_the_year_of_its_answer_time(value):
    from registry.imports import registrations_check

    check = registrations_check([[2, {"company_name": "株式会社A", "created_at": value}]])

    assert {"row": 2, "label": "登録日時", "message": ERROR} in check.problems


# --- Every field, wherever it is declared --------------------------------------------------


def _project_modules():
    for package in ("portal", "registry", "accelerators", "talent", "matching"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            yield importlib.import_module(info.name)


def _date_form_fields():
    """(where, field) for every date field of every form and filter class of the project."""
    seen = set()
    for module in _project_modules():
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls in seen or not cls.__module__.startswith(module.__name__.split(".")[0]):
                continue
            seen.add(cls)
            if issubclass(cls, forms.BaseForm):
                fields = cls.base_fields.items()
            elif issubclass(cls, django_filters.FilterSet):
                fields = [(n, f.field) for n, f in cls.base_filters.items()]
            else:
                continue
            for field_name, field in fields:
                if isinstance(field, forms.DateField | forms.DateTimeField | MonthField):
                    yield f"{cls.__module__}.{name}.{field_name}", field


DATE_FIELDS = sorted(_date_form_fields(), key=lambda item: item[0])


def test_the_walk_finds_the_date_fields():
    names = {where for where, _ in DATE_FIELDS}

    assert "accelerators.forms.TransitionForm.appointment_date" in names
    assert "talent.forms.ExperienceForm.started_on" in names
    assert "matching.forms.NeedForm.start_month" in names
    assert "registry.filters.PrefectureCompanyFilter.registered_from" in names


@pytest.mark.parametrize(("where", "field"), DATE_FIELDS, ids=[w for w, _ in DATE_FIELDS])
def test_every_form_date_field_refuses_years_outside_the_range(where, field):
    month = isinstance(field, MonthField)
    for value in ["0000-04", "2101-01", "1899-12"] if month else DAYS:
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(value)
        assert refused.value.messages == [ERROR], (where, value)
    assert field.clean("1900-01" if month else "1900-01-01") == date(1900, 1, 1)
    assert field.clean("2100-12" if month else "2100-12-31") == date(2100, 12, 1 if month else 31)


def _model_date_fields():
    for model in apps.get_models():
        if model._meta.app_label not in (
            "portal",
            "registry",
            "accelerators",
            "talent",
            "matching",
        ):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
                yield f"{model._meta.label}.{field.name}", field


MODEL_FIELDS = sorted(_model_date_fields(), key=lambda item: item[0])


@pytest.mark.parametrize(("where", "field"), MODEL_FIELDS, ids=[w for w, _ in MODEL_FIELDS])
def test_every_model_date_field_refuses_years_outside_the_range(where, field):
    """What the admin (or any ModelForm) saves is checked by the model field itself too."""
    from django.core.exceptions import ValidationError

    for value in [date(1899, 12, 31), date(2101, 1, 1)]:
        with pytest.raises(ValidationError) as refused:
            field.run_validators(value)
        assert refused.value.messages == [ERROR], where
    assert isinstance(field.formfield(), forms.DateField)
    with pytest.raises(forms.ValidationError):
        field.formfield().clean("0000-04-01")
