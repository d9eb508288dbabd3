from typing import Any

import django_filters
from django import forms

from portal.filters import DateAnswerFilter, DescribedFilterSet, SortFilter, any_option
from portal.models import Prefecture

from .choices import Scheme, SecondmentPeriod, WorkDays, WorkStyle
from .models import Registration, RegistrationQuerySet


class PrefectureCompanyFilter(DescribedFilterSet):
    """The filters of a prefecture's company list; every choice is checked against its options."""

    named_only = django_filters.BooleanFilter(
        label="貴都道府県を出向可能先として指定した企業・団体のみ",
        widget=forms.CheckboxInput,
        method="filter_named_only",
    )
    based_in = django_filters.ModelChoiceFilter(
        label="活動拠点",
        queryset=Prefecture.objects.order_by("code"),
        empty_label="指定なし",
        method="filter_based_in",
    )
    work_style = django_filters.MultipleChoiceFilter(
        label="勤務形態",
        choices=WorkStyle.choices,
        method=any_option,
        widget=forms.CheckboxSelectMultiple,
    )
    work_days = django_filters.MultipleChoiceFilter(
        label="勤務可能日数",
        choices=WorkDays.choices,
        method=any_option,
        widget=forms.CheckboxSelectMultiple,
    )
    period = django_filters.MultipleChoiceFilter(
        label="出向期間",
        choices=SecondmentPeriod.choices,
        method=any_option,
        widget=forms.CheckboxSelectMultiple,
    )
    retiree_outreach = django_filters.ChoiceFilter(
        label="退職者への周知", choices=Registration.RetireeOutreach.choices, empty_label="指定なし"
    )
    scheme = django_filters.MultipleChoiceFilter(
        label="既存制度",
        choices=Scheme.choices,
        method=any_option,
        widget=forms.CheckboxSelectMultiple,
    )
    registered_from = DateAnswerFilter(
        label="登録日（から）",
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    registered_to = DateAnswerFilter(
        label="登録日（まで）",
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    order = SortFilter(
        fields=[
            ("company_name_key", "company"),
            ("created_at", "registered"),
            ("updated_at", "updated"),
        ],
        options=[
            ("-registered", "登録日（新しい順）"),
            ("registered", "登録日（古い順）"),
            ("company", "企業名（五十音順）"),
            ("-company", "企業名（五十音の逆順）"),
            ("-updated", "更新日（新しい順）"),
            ("updated", "更新日（古い順）"),
        ],
    )

    class Meta:
        model = Registration
        fields: list[str] = []

    def __init__(self, *args: Any, prefecture: Prefecture, **kwargs: Any) -> None:
        self.prefecture = prefecture
        super().__init__(*args, **kwargs)

    def filter_named_only(
        self, queryset: RegistrationQuerySet, name: str, value: bool | None
    ) -> RegistrationQuerySet:
        if not value:
            return queryset
        return queryset.filter(dispatch_prefectures=self.prefecture)

    def filter_based_in(
        self, queryset: RegistrationQuerySet, name: str, prefecture: Prefecture
    ) -> RegistrationQuerySet:
        return queryset.based_in(prefecture)
