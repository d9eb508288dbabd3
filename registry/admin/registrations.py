"""The registrations: review workflow, history, duplicates, import and Excel export."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import (
    KeySearchMixin,
    StatusMessageMixin,
    date_range_filter,
    last_confirmed,
    status_changed_message,
    yes_no,
)
from portal.admin.imports import ImportAdminMixin
from portal.models import Prefecture

from .. import workflow
from ..answers import registration_answers
from ..choices import Scheme, SecondmentPeriod, WorkDays, WorkStyle
from ..company_edits import COMPANY_CHANGE
from ..duplicates import company_name_key, email_key
from ..exports import ADMIN_LIST, export_registrations
from ..imports import REGISTRATION_IMPORT, registrations_template
from ..models import OutgoingMail, Registration, StatusChange
from ..questions import Kind, answer_rows, sections
from ..reconfirmation import RECONFIRMATION
from ..staff_edits import (
    ChangedSinceOpened,
    registration_staff_update,
    registrations_company_change_read,
)
from .filters import (
    BasePrefectureFilter,
    DispatchPrefectureFilter,
    PossibleDuplicateFilter,
    ReconfirmationFilter,
    flag_filter,
)
from .forms import ReadableHistory, RegistrationAdminForm


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fk_name = "registration"
    fields = ("changed_at", "from_status", "to_status", "changed_by", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "状態の変更履歴"

    def has_add_permission(self, request, obj=None):
        return False


class OutgoingMailInline(admin.TabularInline):
    model = OutgoingMail
    fields = ("created_at", "kind", "to", "subject", "sent_at", "last_error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(StatusMessageMixin, KeySearchMixin, ImportAdminMixin, SimpleHistoryAdmin):
    form = RegistrationAdminForm
    change_list_template = "admin/registry/registration/change_list.html"
    importer = REGISTRATION_IMPORT
    import_permission = "registry.import_registration"
    import_title = "旧フォームの回答の取込み"
    import_help_template = "registry/admin/import_help.html"
    import_template = registrations_template
    list_display = [
        "receipt_number",
        "company_name",
        "cooperation",
        "dispatch_area",
        "status",
        "company_change_flag",
        "duplicate_flag",
        "registered_on",
        "last_confirmed",
    ]
    list_display_links = ["receipt_number", "company_name"]
    list_filter = [
        "status",
        "secondment",
        DispatchPrefectureFilter,
        BasePrefectureFilter,
        flag_filter("勤務形態", "work_style", WorkStyle),
        flag_filter("勤務可能日数", "work_days", WorkDays),
        flag_filter("出向期間", "period", SecondmentPeriod),
        "retiree_outreach",
        flag_filter("既存制度", "scheme", Scheme),
        ("created_at", date_range_filter(title="登録日")),
        PossibleDuplicateFilter,
        "changed_by_company",
        ReconfirmationFilter,
    ]
    search_fields = [
        "company_name",
        "contact_name",
        "contact_name_kana",
        "email",
        "receipt_number",
    ]
    search_keys = {"company_name_key": company_name_key, "email_key": email_key}
    list_per_page = 100
    actions = ["confirm_selected", "publish_selected", "clear_company_change_flag"]
    inlines = [StatusChangeInline, OutgoingMailInline]
    readonly_fields = [
        "receipt_number",
        "status",
        "duplicate_of",
        "source",
        "created_at",
        "updated_at",
        "privacy_notice_version",
        "privacy_consented_at",
        "possible_duplicates",
        "answers_table",
        "company_changes",
        "withdrawal_reason",
        "last_confirmed",
        "erased_at",
    ]
    fieldsets = [
        (
            "受付",
            {
                "fields": [
                    "receipt_number",
                    "status",
                    "duplicate_of",
                    "source",
                    "created_at",
                    "updated_at",
                    "possible_duplicates",
                ]
            },
        ),
        (
            "企業・団体による変更・取下げ",
            {
                "fields": [
                    "changed_by_company",
                    "company_changes",
                    "withdrawal_reason",
                    "last_confirmed",
                    "erased_at",
                ]
            },
        ),
        (
            "状態の変更",
            {
                "fields": [
                    "next_status",
                    "transition_comment",
                    "kept_receipt_number",
                    "opened_version",
                ]
            },
        ),
        ("回答の一覧（フォームの順）", {"fields": ["answers_table"]}),
        (
            "個人情報の取扱いへの同意",
            {"fields": ["privacy_notice_version", "privacy_consented_at"]},
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        """The review fieldsets, then one per group of questions (registry.questions).

        A registration that cannot be changed (its personal data erased) shows the record only:
        the form's own inputs (状態の変更, each question's parts) would have no value to show."""
        *review, consent = self.fieldsets
        if obj is not None and not self.has_change_permission(request, obj):
            return [*(s for s in review if s[0] != "状態の変更"), consent]
        answers = [(title, {"fields": _admin_rows(questions)}) for title, questions in sections()]
        return [*review, *answers, consent]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_possible_duplicates()
            .prefetch_related(
                Prefetch("dispatch_prefectures", queryset=Prefecture.objects.order_by("code"))
            )
        )

    def has_add_permission(self, request):
        # Registrations come from companies through the form (or the import), never typed in.
        return False

    def has_change_permission(self, request, obj=None):
        # Once its personal data is erased (registry.retention), a registration is a record only.
        if obj is not None and obj.erased_at:
            return False
        return super().has_change_permission(request, obj)

    def get_urls(self):
        export = path(
            "export-xlsx/",
            self.admin_site.admin_view(self.export_xlsx_view),
            name="registry_registration_export_xlsx",
        )
        return [export, *super().get_urls()]

    def export_xlsx_view(self, request):
        """The changelist's rows, as filtered and searched on screen, as an Excel file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        return export_registrations(
            registrations=changelist.get_queryset(request),
            kind=ADMIN_LIST,
            user=request.user,
            conditions=_changelist_conditions(changelist, request),
            name_part="総務省",
        )

    def history_view_title(self, request, obj):
        return f"変更履歴: {obj}"

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)

    @admin.display(description="協力形態")
    def cooperation(self, obj):
        return "・".join(obj.cooperation_methods) or "―"

    @admin.display(description="出向可能地域")
    def dispatch_area(self, obj):
        return obj.dispatch_area_summary()

    @admin.display(description="変更あり・要確認", ordering="changed_by_company")
    def company_change_flag(self, obj):
        return yes_no(obj.changed_by_company, yes="要確認", no="―")

    @admin.display(description="最終確認日（年次確認）", ordering="last_confirmed_at")
    def last_confirmed(self, obj):
        return last_confirmed(obj, RECONFIRMATION)

    @admin.display(description="重複の可能性", ordering="has_possible_duplicate")
    def duplicate_flag(self, obj):
        return yes_no(obj.has_possible_duplicate, yes="あり", no="―")

    @admin.display(description="登録日", ordering="created_at")
    def registered_on(self, obj):
        return date_format(timezone.localtime(obj.created_at), "SHORT_DATE_FORMAT")

    @admin.display(description="重複の可能性がある登録")
    def possible_duplicates(self, obj):
        others = Registration.objects.possible_duplicates_of(obj).order_by("created_at")
        if not others:
            return "なし"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{} {}</a>（{}・{}）</li>',
                (
                    (
                        reverse("admin:registry_registration_change", args=[other.pk]),
                        other.receipt_number,
                        other.company_name,
                        other.email,
                        other.get_status_display(),
                    )
                    for other in others
                ),
            ),
        )

    @admin.display(description="企業・団体が最後に変更した回答（変更前 → 変更後）")
    def company_changes(self, obj):
        entries = list(obj.history.order_by("-history_id")[:50])
        for index, entry in enumerate(entries[:-1]):
            if entry.history_change_reason == COMPANY_CHANGE:
                delta = entry.diff_against(entries[index + 1], foreign_keys_are_objs=True)
                changes = ReadableHistory(Registration, entry).context_for_delta_changes(delta)
                return format_html(
                    "<p>{}</p><ul>{}</ul>",
                    f"{entry.history_date:%Y-%m-%d %H:%M} の変更",
                    format_html_join(
                        "",
                        "<li><strong>{}:</strong> {} → {}</li>",
                        ((c["field"], c["old"], c["new"]) for c in changes),
                    ),
                )
        return "なし"

    @admin.display(description="回答")
    def answers_table(self, obj):
        return render_to_string(
            "registry/admin/answers_table.html",
            {"rows": answer_rows(registration_answers(obj))},
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ChangedSinceOpened as error:
            # Changed between the form's check and the save's lock: rolled back, page reopened.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        registration_staff_update(
            registration=obj,
            answers=form.cleaned_data,
            opened_version=form.cleaned_data["opened_version"],
            by=request.user,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.cleaned_data.get("next_status"):
            workflow.registration_transition(
                registration=form.instance,
                to=form.cleaned_data["next_status"],
                by=request.user,
                comment=form.cleaned_data.get("transition_comment", ""),
                duplicate_of=form.cleaned_data.get("duplicate_of"),
            )

    def _bulk_transition(self, request, queryset, to):
        registrations = list(queryset.order_by("pk"))
        try:
            workflow.registrations_transition(registrations=registrations, to=to, by=request.user)
        except workflow.TransitionError as error:
            self.message_user(request, f"変更しませんでした。{error}", messages.ERROR)
            return
        self.message_user(
            request,
            status_changed_message(entries=registrations, label=Registration.Status(to).label),
        )

    @admin.action(
        description="「変更あり・要確認」を外す（変更内容を確認済み）", permissions=["change"]
    )
    def clear_company_change_flag(self, request, queryset):
        count = registrations_company_change_read(registrations=queryset, by=request.user)
        self.message_user(request, f"{count}件の「変更あり・要確認」を外しました。")

    @admin.action(description="選択した登録を「確認済」にする", permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._bulk_transition(request, queryset, Registration.Status.CONFIRMED)

    @admin.action(description="選択した登録を「掲載」にする", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._bulk_transition(request, queryset, Registration.Status.PUBLISHED)


def _admin_rows(questions):
    """The questions' fields as admin rows: a name and its reading side by side."""
    rows = []
    for question in questions:
        if question.kind == Kind.TEXT and len(question.fields) > 1:
            rows.append(tuple(question.fields))
        else:
            rows.extend(question.fields)
        if "company_name" in question.fields:
            rows.append("company_name_kana")  # MIC's own field, for the public list's order
    return rows


def _changelist_conditions(changelist, request):
    """The changelist's active filters and search in words, for the export's 出力条件 sheet."""
    conditions = []
    for spec in changelist.filter_specs:
        if not set(spec.expected_parameters()) & set(request.GET):
            continue
        try:
            chosen = [
                str(choice["display"]) for choice in spec.choices(changelist) if choice["selected"]
            ]
        except (AttributeError, KeyError, TypeError):
            chosen = []
        if not chosen:
            chosen = [
                f"{request.GET[name]}"
                for name in spec.expected_parameters()
                if request.GET.get(name)
            ]
        conditions.append(
            (str(spec.title), "、".join(chosen) if len(chosen) < 3 else " ～ ".join(chosen))
        )
    if changelist.query:
        conditions.append(("検索語", changelist.query))
    return conditions or [("条件", "なし（すべての登録）")]
