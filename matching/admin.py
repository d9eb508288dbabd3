"""Needs and 打診 in the admin: read only (prefectures keep them in /matching/)."""

from django.contrib import admin

from portal.admin import KeySearchMixin, OutboxMailAdmin, ReadOnlyAdmin

from .models import WITHDRAWN_RECIPIENT, Approach, ApproachMail, Need


@admin.register(Need)
class NeedAdmin(KeySearchMixin, ReadOnlyAdmin):
    list_display = [
        "title", "prefecture", "department", "status", "headcount", "start_month", "created_at",
    ]  # fmt: skip
    list_filter = ["status", "prefecture", "specialties"]
    search_fields = ["title", "department", "duties"]
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
    # The recipient by name only while they are in the pool (Approach.recipient_closed).
    fields = (
        "need",
        "recipient",
        "sent_by",
        "sent_at",
        "follow_up_on",
        "response",
        "shown_response_message",
        "responded_at",
        "outcome",
        "decline_reason",
        "shown_decline_note",
        "hired_at",
        "seconded_count",
        "nominations",
        "personal_data_erased_at",
    )
    readonly_fields = fields

    @admin.display(description="相手")
    def recipient(self, obj):
        return f"{obj.recipient_name}（{obj.recipient_kind}）"

    @admin.display(description=Approach._meta.get_field("response_message").verbose_name)
    def shown_response_message(self, obj):
        return "" if obj.recipient_closed else obj.response_message

    @admin.display(description=Approach._meta.get_field("decline_note").verbose_name)
    def shown_decline_note(self, obj):
        return "" if obj.recipient_closed else obj.decline_note


@admin.register(ApproachMail)
class ApproachMailAdmin(OutboxMailAdmin):
    list_display = ["created_at", "shown_to", "subject", "sent_at"]
    list_filter = ["kind", *OutboxMailAdmin.list_filter]
    list_select_related = ["approach__registration", "approach__specialist"]
    fields = (
        "approach",
        "kind",
        *("shown_to" if name == "to" else name for name in OutboxMailAdmin.fields),
    )
    readonly_fields = fields

    # A recipient who withdrew shows neither their address nor the mail that names them.
    @admin.display(description="宛先")
    def shown_to(self, obj):
        return obj.shown_to

    @admin.display(description="本文（個人用リンクは伏せています）")
    def shown_body(self, obj):
        if obj.approach.recipient_closed:
            return f"（相手が{WITHDRAWN_RECIPIENT}のため表示しません）"
        return super().shown_body(obj)
