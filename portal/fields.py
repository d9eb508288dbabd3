"""Model fields every app uses for dates."""

from typing import Any

from django import forms
from django.db import models

from .dates import date_year_validate
from .forms import DateAnswerField


class YearRangeDateField(models.DateField):
    """A date whose year is 1900 to 2100 (portal.dates): checked when a model is validated (the
    admin, any ModelForm) and by its form field (DateAnswerField), with the same message."""

    default_validators = [date_year_validate]

    def formfield(
        self,
        form_class: type[forms.Field] | None = DateAnswerField,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return super().formfield(
            form_class=form_class, choices_form_class=choices_form_class, **kwargs
        )
