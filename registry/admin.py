from django.contrib import admin
from django.template.loader import render_to_string

from .answers import answer_rows, registration_answers
from .models import Prefecture, Registration


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_kana", "name_en", "region"]
    list_filter = ["region"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "receipt_number",
        "company_name",
        "secondment",
        "retiree_outreach",
        "status",
        "created_at",
    ]
    list_filter = ["status", "secondment", "retiree_outreach"]
    search_fields = ["receipt_number", "company_name", "contact_name", "contact_name_kana", "email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "answers_table",
        "receipt_number",
        "privacy_notice_version",
        "privacy_consented_at",
        "receipt_sent_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            "受付",
            {"fields": ["receipt_number", "status", "created_at", "updated_at", "receipt_sent_at"]},
        ),
        ("回答（フォームの順）", {"fields": ["answers_table"]}),
        ("同意", {"fields": ["privacy_notice_version", "privacy_consented_at"]}),
    ]

    def has_add_permission(self, request):
        # Registrations come from companies through the form, never typed in by staff.
        return False

    @admin.display(description="回答")
    def answers_table(self, obj):
        return render_to_string(
            "registry/admin/answers_table.html",
            {"rows": answer_rows(registration_answers(obj))},
        )
