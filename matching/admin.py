"""Needs and 打診 in the admin: read only (prefectures keep them in /matching/)."""

from django.contrib import admin

from portal.admin import KeySearchMixin, ReadOnlyAdmin

from .models import Approach, ApproachMail, Need


@admin.register(Need)
class NeedAdmin(KeySearchMixin, ReadOnlyAdmin):
    list_display = ["title", "prefecture", "status", "headcount", "start_month", "created_at"]
    list_filter = ["status", "prefecture", "specialties"]
    search_fields = ["title", "duties"]
    list_select_related = ["prefecture"]
    # One row naming the wanted work styles, instead of a ✔/✖ icon per style.
    exclude = ["wants_permanent", "wants_fixed_term", "wants_part_time"]
    readonly_fields = ["work_styles"]

    @admin.display(description="勤務形態")
    def work_styles(self, obj):
        return "、".join(obj.work_style_labels)


@admin.register(Approach)
class ApproachAdmin(ReadOnlyAdmin):
    list_display = ["need", "recipient", "response", "outcome", "sent_at"]
    list_filter = ["response", "outcome", "need__prefecture"]
    list_select_related = ["need__prefecture", "registration", "specialist"]

    @admin.display(description="相手")
    def recipient(self, obj):
        return obj.recipient_name


@admin.register(ApproachMail)
class ApproachMailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "sent_at"]
