from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path

from portal.admin import KeySearchMixin, ReadOnlyAdmin, yes_no
from portal.admin.imports import ImportAdminMixin

from .bulk import APPOINTMENT_IMPORT, appointments_template
from .models import (
    ContractedStaffing,
    ExperienceEntry,
    IpaExam,
    IpaPass,
    Nomination,
    NominationTransition,
)


@admin.register(IpaExam)
class IpaExamAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "equivalence", "successor", "first_year", "last_year"]
    list_select_related = ["successor"]


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
class NominationAdmin(KeySearchMixin, ImportAdminMixin, ReadOnlyAdmin):
    """Read-only: nominations are made and decided in the portal's pages (accelerators.workflow).

    総務省 load the appointments made before the portal here, from the template (accelerators.bulk).
    """

    change_list_template = "admin/accelerators/nomination/change_list.html"
    importer = APPOINTMENT_IMPORT
    import_permission = "accelerators.import_nomination"
    import_title = "既存の任命の一括登録"
    import_help_template = "accelerators/admin/bulk_help.html"
    import_extra_links = [
        ("テンプレート（Excel）をダウンロード", "accelerators_nomination_import_template")
    ]

    list_display = [
        "name",
        "prefecture",
        "employment_type",
        "status",
        "appointment_number",
        "updated_at",
    ]
    list_filter = ["status", "employment_type", "prefecture", "source"]
    search_fields = ["name", "name_kana", "appointment_number"]
    list_select_related = ["prefecture"]
    inlines = [ExperienceInline, IpaPassInline, TransitionInline]
    exclude = ["main_duty_confirmed"]
    readonly_fields = ["main_duty"]

    @admin.display(description=Nomination._meta.get_field("main_duty_confirmed").verbose_name)
    def main_duty(self, obj):
        return yes_no(obj.main_duty_confirmed)

    def get_urls(self):
        template = path(
            "import/template.xlsx",
            self.admin_site.admin_view(self.import_template_view),
            name="accelerators_nomination_import_template",
        )
        return [template, *super().get_urls()]

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        return appointments_template()


@admin.register(ContractedStaffing)
class ContractedStaffingAdmin(ReadOnlyAdmin):
    """Read-only: prefectures enter these in the portal's pages (accelerators.contracts)."""

    list_display = ["prefecture", "fiscal_year", "persons", "annual_cost_yen", "updated_at"]
    list_filter = ["fiscal_year", "prefecture"]
    list_select_related = ["prefecture"]
