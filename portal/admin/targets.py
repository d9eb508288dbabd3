"""The targets 総務省 edits: one row (migration 0009 seeds it), never added again nor deleted."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ..models import TargetSetting


@admin.register(TargetSetting)
class TargetSettingAdmin(admin.ModelAdmin):
    """The model's validators give the ranges and their Japanese messages (portal.models)."""

    list_display = ["__str__", "national", "per_prefecture", "fiscal_year", "updated_at"]
    fields = ["national", "per_prefecture", "fiscal_year"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Only while the row is missing (a database built without the seeding migration).
        return super().has_add_permission(request) and not TargetSetting.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
