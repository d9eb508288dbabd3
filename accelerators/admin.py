from django.contrib import admin

from config.admin import ReadOnlyAdmin

from .models import ExperienceEntry, IpaExam, IpaPass, Nomination, NominationTransition


@admin.register(IpaExam)
class IpaExamAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "legacy_names"]


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ExperienceInline(_ReadOnlyInline):
    model = ExperienceEntry


class IpaPassInline(_ReadOnlyInline):
    model = IpaPass


class TransitionInline(_ReadOnlyInline):
    model = NominationTransition


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    """Read-only: nominations are made and decided in the portal's pages (accelerators.workflow)."""

    list_display = [
        "name",
        "prefecture",
        "employment_type",
        "status",
        "appointment_number",
        "updated_at",
    ]
    list_filter = ["status", "employment_type", "prefecture"]
    search_fields = ["name", "name_kana", "appointment_number"]
    list_select_related = ["prefecture"]
    inlines = [ExperienceInline, IpaPassInline, TransitionInline]
