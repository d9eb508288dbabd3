"""The mail texts 総務省 staff edit (portal.mail_texts): every app's, in one list."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..mail_texts import (
    mail_kinds,
    mail_template_render,
    mail_text_problems,
    mail_text_render_problem,
    placeholders_shown,
)
from ..models import MailText
from ..text import yes_no


class MailTextForm(forms.ModelForm):
    class Meta:
        model = MailText
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "cols": 90})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = mail_kinds().get(self.instance.key)
        subject, body = data.get("subject") or "", data.get("body") or ""
        problems = mail_text_problems(kind=kind, subject=subject, body=body)
        for name, found in problems.items():
            for problem in found:
                self.add_error(name, problem)
        # Only a text that passed every rule is tried: rendering runs what the text says.
        if (
            not problems
            and not self.errors
            and (failed := mail_text_render_problem(kind=kind, subject=subject, body=body))
        ):
            self.add_error(None, failed)
        return data


@admin.register(MailText)
class MailTextAdmin(admin.ModelAdmin):
    """総務省 staff edit the mails' wording; the preview renders it with a real entry."""

    form = MailTextForm
    list_display = ["key", "label", "subject", "edited", "updated_at"]
    readonly_fields = ["key", "label", "variables", "preview", "shipped"]
    fields = ["key", "label", "subject", "body", "variables", "preview", "shipped"]
    actions = ["shipped_restore"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: MailText | None = None) -> bool:
        return False

    @admin.display(description="メールの種類")
    def label(self, obj: MailText) -> str:
        kind = mail_kinds().get(obj.key)
        return kind.label if kind else obj.key

    @admin.display(description="既定から変更")
    def edited(self, obj: MailText) -> str:
        return yes_no(obj.edited)

    @admin.display(description="使える差し込み")
    def variables(self, obj: MailText) -> SafeString:
        kind = mail_kinds().get(obj.key)
        return format_html("<code>{}</code>", placeholders_shown(kind) if kind else "")

    @admin.display(description="既定の文面（「既定の文面に戻す」で戻せます）")
    def shipped(self, obj: MailText) -> SafeString:
        return format_html(
            '<div class="mail-text">{}\n\n{}</div>',
            obj.shipped_subject,
            obj.shipped_body,
        )

    @admin.display(
        description="プレビュー（保存されている文面、最新の登録で表示。個人用リンクは伏せています）"
    )
    def preview(self, obj: MailText) -> str:
        kind = mail_kinds().get(obj.key)
        context = kind.preview() if kind else None
        if context is None:
            return "登録がまだないため、プレビューできません。"
        try:
            subject, body = mail_template_render(
                subject=obj.subject, body=obj.body, context=context
            )
        except Exception as error:  # a stored text that fails must still open in the admin
            return f"表示できません（{type(error).__name__}: {error}）"
        return format_html(
            '<div class="mail-text mail-text-preview"><strong>{}</strong>\n\n{}</div>',
            subject,
            body,
        )

    @admin.action(description="既定の文面に戻す", permissions=["change"])
    def shipped_restore(self, request: HttpRequest, queryset: QuerySet[MailText]) -> None:
        count = 0
        for text in queryset:
            text.subject, text.body = text.shipped_subject, text.shipped_body
            text.save(update_fields=["subject", "body", "updated_at"])
            self.log_change(request, text, "既定の文面に戻しました。")
            count += 1
        messages.success(request, f"{count}件の文面を既定に戻しました。")
