"""The mail texts 総務省 staff edit (portal.mail_texts): every app's, in one list."""

from django import forms
from django.contrib import admin, messages
from django.db.models import F
from django.template import TemplateSyntaxError
from django.utils import timezone
from django.utils.html import format_html

from .mail_texts import mail_kinds, mail_template_render, mail_text_problems
from .models import MailText


class MailTextForm(forms.ModelForm):
    class Meta:
        model = MailText
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "cols": 90})}

    def clean(self):
        data = super().clean()
        problems = mail_text_problems(
            kind=mail_kinds().get(self.instance.key),
            subject=data.get("subject") or "",
            body=data.get("body") or "",
        )
        for name, found in problems.items():
            for problem in found:
                self.add_error(name, problem)
        return data


@admin.register(MailText)
class MailTextAdmin(admin.ModelAdmin):
    """総務省 staff edit the mails' wording; the preview renders it with a real entry."""

    form = MailTextForm
    list_display = ["key", "label", "subject", "edited", "updated_at"]
    readonly_fields = ["key", "label", "variables", "preview", "shipped"]
    fields = ["key", "label", "subject", "body", "variables", "preview", "shipped"]
    actions = ["shipped_restore"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="メールの種類")
    def label(self, obj):
        kind = mail_kinds().get(obj.key)
        return kind.label if kind else obj.key

    @admin.display(description="既定から変更", boolean=True)
    def edited(self, obj):
        return obj.edited

    @admin.display(description="使える差し込み")
    def variables(self, obj):
        kind = mail_kinds().get(obj.key)
        return format_html("<code>{}</code>", kind.variables if kind else "")

    @admin.display(description="既定の文面（「既定の文面に戻す」で戻せます）")
    def shipped(self, obj):
        return format_html(
            '<div style="white-space: pre-wrap">{}\n\n{}</div>',
            obj.shipped_subject,
            obj.shipped_body,
        )

    @admin.display(
        description="プレビュー（保存されている文面、最新の登録で表示。個人用リンクは伏せています）"
    )
    def preview(self, obj):
        kind = mail_kinds().get(obj.key)
        context = kind.preview() if kind else None
        if context is None:
            return "登録がまだないため、プレビューできません。"
        try:
            subject, body = mail_template_render(
                subject=obj.subject, body=obj.body, context=context
            )
        except TemplateSyntaxError as error:
            return f"表示できません: {error}"
        return format_html(
            '<div style="white-space: pre-wrap; border: 1px solid #ccc; padding: 1em">'
            "<strong>{}</strong>\n\n{}</div>",
            subject,
            body,
        )

    @admin.action(description="既定の文面に戻す", permissions=["change"])
    def shipped_restore(self, request, queryset):
        count = queryset.update(
            subject=F("shipped_subject"), body=F("shipped_body"), updated_at=timezone.now()
        )
        messages.success(request, f"{count}件の文面を既定に戻しました。")
