"""The registration list's filters: one per question stored as flags, prefectures, duplicates,
the yearly reconfirmation."""

from django.contrib import admin

from portal.admin import PrefectureFilter, reconfirmation_filter

from ..reconfirmation import RECONFIRMATION


def flag_filter(title, parameter, options):
    """A list filter for one multi-choice question stored as one boolean per option."""

    class FlagFilter(admin.SimpleListFilter):
        parameter_name = parameter

        def lookups(self, request, model_admin):
            return options.choices

        def queryset(self, request, queryset):
            if self.value() in options.values:
                return queryset.filter(**{self.value(): True})
            return queryset

    FlagFilter.title = title
    return FlagFilter


class DispatchPrefectureFilter(PrefectureFilter):
    title = "出向可能都道府県（全国対応可能を含む）"
    parameter_name = "dispatch_to"

    def queryset(self, request, queryset):
        if code := self.prefecture_code():
            return queryset.dispatchable_to(code)
        return queryset


class BasePrefectureFilter(PrefectureFilter):
    title = "活動拠点"
    parameter_name = "based_in"

    def queryset(self, request, queryset):
        if code := self.prefecture_code():
            return queryset.based_in(code)
        return queryset


class PossibleDuplicateFilter(admin.SimpleListFilter):
    title = "重複の可能性"
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("yes", "あり"), ("no", "なし")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_possible_duplicate=self.value() == "yes")
        return queryset


# The yearly reconfirmation: waiting for an answer, 未確認 (deadline passed), or due again.
ReconfirmationFilter = reconfirmation_filter(RECONFIRMATION)
