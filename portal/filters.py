"""What every list with filters shares (django-filter): options stored as booleans, and the
filters in words for the Excel file's 出力条件 sheet."""

from typing import Any

import django_filters
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet

from .forms import DateAnswerField
from .models import Prefecture


def any_option(queryset: QuerySet[Model], name: str, values: list[str]) -> QuerySet[Model]:
    """Rows that chose at least one of the options (stored as one boolean field per option)."""
    if not values:
        return queryset
    condition = Q()
    for value in values:
        condition |= Q(**{value: True})
    return queryset.filter(condition)


class DateAnswerFilter(django_filters.DateFilter):
    """A date filter with the site's date rule: the year is 1900 to 2100 (portal.dates)."""

    field_class = DateAnswerField


class SortFilter(django_filters.OrderingFilter):
    """A list's 並び順 menu: every option named in Japanese, each order offered once.

    `options` lists the menu in order as (parameter, label); a parameter is a name of `fields`,
    with "-" for the descending order. The first option is the list's default: the menu shows it
    chosen when no order is asked for and the list is sorted by it, so there is no separate
    empty option repeating it. django-filter names an option without a label after its field in
    English ("Company"); here an option without a label cannot exist.
    """

    def __init__(
        self, *, fields: list[tuple[str, str]], options: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        params = {param for _, param in fields}
        offered = [param for param, _ in options]
        unknown = [param for param in offered if param.removeprefix("-") not in params]
        labels = [label for _, label in options]
        if not options or unknown or len(set(offered)) < len(offered):
            raise ImproperlyConfigured(f"並び順の選択肢が不正です: {offered}")
        if len(set(labels)) < len(labels):
            raise ImproperlyConfigured(f"並び順の表示名が重複しています: {labels}")
        self.default = offered[0]
        kwargs.setdefault("label", "並び順")
        super().__init__(fields=fields, choices=options, empty_label=None, **kwargs)

    def filter(self, qs: QuerySet[Model], value: list[str] | None) -> QuerySet[Model]:
        # A posted "," passes the menu's check as two empty parts: it asks for no order.
        params = [param for param in value or [] if param] or [self.default]
        ordering = [self.get_ordering_value(param) for param in params]
        # Rows equal in the chosen order keep one order from page to page: by id, the same way.
        tie = "-pk" if ordering[0].startswith("-") else "pk"
        return qs.order_by(*ordering, tie)


class DescribedFilterSet(django_filters.FilterSet):
    """A FilterSet that can say which filters are active, in words."""

    def describe(self) -> list[tuple[str, str]]:
        """The active filters in words, for the Excel file's 出力条件 sheet."""
        if not self.form.is_valid():
            return []
        described: list[tuple[str, str]] = []
        for name, value in self.form.cleaned_data.items():
            if isinstance(value, QuerySet):
                value = list(value)  # the chosen rows of a model choice filter
            if value in (None, "", [], False) or name == "order":
                continue
            field = self.form.fields[name]
            if isinstance(value, list):
                labels = {str(key): label for key, label in field.choices}
                words = "、".join(str(labels.get(str(item), item)) for item in value)
            elif value is True:
                words = "はい"
            elif hasattr(field, "choices") and not isinstance(value, Prefecture):
                words = str(dict(field.choices).get(value, value))
            elif hasattr(value, "strftime"):
                words = f"{value:%Y年%m月%d日}"
            else:
                words = str(value)
            described.append((field.label, words))
        return described
