"""The registration list's filters: one per question stored as flags, prefectures, duplicates,
the yearly reconfirmation."""

from django.conf import settings
from django.contrib import admin
from django.utils import timezone

from portal.models import Prefecture

from ..reconfirmation import reconfirmation_due


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


class _PrefectureFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        return [(p.code, p.name) for p in Prefecture.objects.order_by("code")]


class DispatchPrefectureFilter(_PrefectureFilter):
    title = "出向可能都道府県（全国対応可能を含む）"
    parameter_name = "dispatch_to"

    def queryset(self, request, queryset):
        if self.value():
            return queryset.dispatchable_to(self.value())
        return queryset


class BasePrefectureFilter(_PrefectureFilter):
    title = "活動拠点"
    parameter_name = "based_in"

    def queryset(self, request, queryset):
        if self.value():
            return queryset.based_in(self.value())
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


class ReconfirmationFilter(admin.SimpleListFilter):
    """The yearly reconfirmation: waiting for an answer, 未確認 (deadline passed), or due again."""

    title = "年次確認"
    parameter_name = "reconfirmation"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "回答待ち"),
            ("unconfirmed", "未確認（期限切れ・一覧から除外中）"),
            ("due", f"次の年次確認の対象（最終確認から{settings.RECONFIRMATION_MONTHS}か月以上）"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "waiting":
            return queryset.filter(reconfirmation_deadline__gte=now)
        if self.value() == "unconfirmed":
            return queryset.unconfirmed()
        if self.value() == "due":
            return queryset.filter(pk__in=reconfirmation_due(now=now).values("pk"))
        return queryset
