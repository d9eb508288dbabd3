"""The filters of the staff list of 協力可能人材 (django-filter)."""

from datetime import date

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from portal.filters import DescribedFilterSet, any_option

from .choices import Hint, WorkStyle
from .models import Specialist, SpecialistQuerySet, Specialty

START_WITHIN = [("0", "すぐに"), ("3", "3か月以内"), ("6", "6か月以内"), ("12", "1年以内")]


def months_ahead(today: date, months: int) -> date:
    """The first day of the month `months` after today's."""
    index = today.year * 12 + today.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class SpecialistFilter(DescribedFilterSet):
    work_style = django_filters.MultipleChoiceFilter(
        label="希望する勤務形態",
        choices=WorkStyle.choices,
        method=any_option,
        widget=forms.CheckboxSelectMultiple,
    )
    specialty = django_filters.ModelMultipleChoiceFilter(
        label="得意分野",
        queryset=Specialty.objects.all(),
        method="filter_specialty",
        widget=forms.CheckboxSelectMultiple,
    )
    hint = django_filters.ChoiceFilter(
        label="要件の見込み", choices=Hint.choices, empty_label="指定なし", method="filter_hint"
    )
    start = django_filters.ChoiceFilter(
        label="勤務開始可能時期",
        choices=START_WITHIN,
        empty_label="指定なし",
        method="filter_start",
    )

    class Meta:
        model = Specialist
        fields: list[str] = []

    def filter_specialty(
        self, queryset: QuerySet[Specialist], name: str, specialties: QuerySet[Specialty]
    ) -> QuerySet[Specialist]:
        """Those with at least one of the chosen specialties."""
        if not specialties:
            return queryset
        chosen = Specialist.specialties.through.objects.filter(
            specialist=OuterRef("pk"), specialty__in=specialties
        )
        return queryset.filter(Exists(chosen))

    def filter_start(
        self, queryset: SpecialistQuerySet, name: str, value: str
    ) -> SpecialistQuerySet:
        months = int(value)
        if months == 0:
            return queryset.filter(available_now=True)
        return queryset.available_by(months_ahead(timezone.localdate(), months))

    def filter_hint(
        self, queryset: QuerySet[Specialist], name: str, value: str
    ) -> QuerySet[Specialist]:
        # Decided per person from their periods and exams (talent.answers.hints), after the
        # database has done the rest: see talent.views.staff.
        return queryset

    @property
    def chosen_hint(self) -> str:
        return self.form.cleaned_data.get("hint") if self.form.is_valid() else ""
