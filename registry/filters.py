import django_filters

from .models import Prefecture, Registration


class PublicCompanyFilter(django_filters.FilterSet):
    prefecture = django_filters.ModelChoiceFilter(
        label="出向可能な都道府県",
        queryset=Prefecture.objects.order_by("code"),
        empty_label="すべての都道府県",
        method="filter_prefecture",
    )

    class Meta:
        model = Registration
        fields = []

    def filter_prefecture(self, queryset, name, prefecture):
        return queryset.reaching(prefecture)
