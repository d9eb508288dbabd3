"""Records around registrations: their mails (their texts are portal.mail_text_admin's)."""

from django.contrib import admin

from portal.admin import OutboxMailAdmin

from ..models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(OutboxMailAdmin):
    list_display = ["created_at", "kind", "to", "subject", "sent_at"]
    list_filter = ["kind", *OutboxMailAdmin.list_filter]
    search_fields = ["to", "subject", "registration__receipt_number"]
    list_select_related = ["registration"]
    fields = ("registration", "kind", *OutboxMailAdmin.fields)
    readonly_fields = fields
