"""What every list with filters shares (django-filter): options stored as booleans, and the
filters in words for the Excel file's 出力条件 sheet."""

import django_filters
from django.db.models import Q, QuerySet

from .models import Prefecture


def any_option(queryset, name, values):
    """Rows that chose at least one of the options (stored as one boolean field per option)."""
    if not values:
        return queryset
    condition = Q()
    for value in values:
        condition |= Q(**{value: True})
    return queryset.filter(condition)


class DescribedFilterSet(django_filters.FilterSet):
    """A FilterSet that can say which filters are active, in words."""

    def describe(self):
        """The active filters in words, for the Excel file's 出力条件 sheet."""
        if not self.form.is_valid():
            return []
        described = []
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
