"""Records around registrations (their mails) and the mail texts 総務省 staff edit."""

from django import forms
from django.contrib import admin
from django.template import Template, TemplateSyntaxError
from django.utils import timezone
from django.utils.html import format_html

from portal.admin import OutboxMailAdmin
from portal.links import PERSONAL_LINK_MASK, personal_link_misuse

from ..answers import registration_answers
from ..mail import mail_render
from ..models import MailTemplate, OutgoingMail, Registration
from ..questions import answer_rows

# The personal links a mail text may hold (registry.mail.mail_render, portal.reconfirmation).
PERSONAL_LINKS = ("edit_url", "reconfirm_url")


class MailTemplateForm(forms.ModelForm):
    class Meta:
        model = MailTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "cols": 90})}

    def clean(self):
        data = super().clean()
        for name in ("subject", "body"):
            try:
                Template(data.get(name) or "")
            except TemplateSyntaxError as error:
                self.add_error(name, f"テンプレートの書き方に誤りがあります: {error}")
                continue
            misuse = personal_link_misuse(data.get(name) or "", names=PERSONAL_LINKS)
            if misuse:
                self.add_error(name, misuse)
        return data


@admin.register(MailTemplate)
class MailTemplateAdmin(admin.ModelAdmin):
    """総務省 staff edit the mails' wording; the preview renders it with a real registration."""

    form = MailTemplateForm
    list_display = ["kind", "subject", "updated_at"]
    readonly_fields = ["kind", "variables", "preview"]
    fields = ["kind", "subject", "body", "variables", "preview"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="使える差し込み")
    def variables(self, obj):
        return format_html(
            "<code>{}</code>",
            "{{ registration.company_name }} {{ registration.contact_name }} "
            "{{ registration.receipt_number }} {{ registration.email }} {{ edit_url }} "
            "{{ request_url }} {{ link_days }} {{ published_summary }}（公表する項目） "
            "{{ contact.office }}（お問い合わせ先の部署。ほかに email、phone、hours） "
            "{{ message }}（差戻し） {{ rows }}（受付：回答の一覧） "
            "{{ changed }}（変更用リンク：変更後か） {{ reconfirm_url }} {{ deadline }}（年次確認）",
        )

    @admin.display(
        description="プレビュー（保存されている文面、最新の登録で表示。個人用リンクは伏せています）"
    )
    def preview(self, obj):
        # The newest registration still in the pool: a withdrawn one shows on no staff page.
        registration = (
            Registration.objects.exclude(status__in=Registration.CLOSED_STATUSES)
            .order_by("-pk")
            .first()
        )
        if obj is None or registration is None:
            return "登録がまだないため、プレビューできません。"
        context = {
            "rows": answer_rows(registration_answers(registration)),
            "message": "（差戻しの連絡事項がここに入ります）",
            "changed": True,
            # Never the registration's real links: the preview is read by staff.
            **dict.fromkeys(PERSONAL_LINKS, PERSONAL_LINK_MASK),
            "deadline": timezone.now(),
        }
        try:
            subject, body = mail_render(template=obj, registration=registration, context=context)
        except TemplateSyntaxError as error:
            return f"表示できません: {error}"
        return format_html(
            '<div style="white-space: pre-wrap; border: 1px solid #ccc; padding: 1em">'
            "<strong>{}</strong>\n\n{}</div>",
            subject,
            body,
        )


@admin.register(OutgoingMail)
class OutgoingMailAdmin(OutboxMailAdmin):
    list_display = ["created_at", "kind", "to", "subject", "sent_at"]
    list_filter = ["kind", *OutboxMailAdmin.list_filter]
    search_fields = ["to", "subject", "registration__receipt_number"]
    list_select_related = ["registration"]
    fields = ["registration", "kind", *OutboxMailAdmin.fields]
    readonly_fields = fields
