"""The registrations: review workflow, history, duplicates, import and Excel export."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from import_export.admin import ImportMixin
from import_export.formats.base_formats import XLSX
from rangefilter.filters import DateRangeFilterBuilder
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from portal.forms import TextAnswerField
from portal.models import Prefecture

from .. import workflow
from ..answers import registration_answers, registration_form_initial
from ..company_edits import COMPANY_CHANGE
from ..exports import ADMIN_LIST, export_registrations
from ..forms import QuestionnaireForm
from ..history import history_pause, history_record
from ..models import (
    OutgoingMail,
    Registration,
    Scheme,
    SecondmentPeriod,
    StatusChange,
    WorkDays,
    WorkStyle,
)
from ..questions import PREFECTURE_ANSWERS, Kind, answer_rows, sections
from ..resources import JapaneseCSV, RegistrationResource
from ..submission import registration_apply_answers

IMPORT_MAX_BYTES = 5 * 2**20


def _flag_filter(title, parameter, options):
    """A list filter for one multi-choice question stored as one boolean per option."""

    class FlagFilter(admin.SimpleListFilter):
        parameter_name = parameter

        def lookups(self, request, model_admin):
            return options.choices

        def queryset(self, request, queryset):
            if self.value() in options.values:
                return queryset.filter(**{self.value(): True})
            return queryset

    FlagFilter.title = title
    return FlagFilter


class _PrefectureFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        return [(p.code, p.name) for p in Prefecture.objects.order_by("code")]


class DispatchPrefectureFilter(_PrefectureFilter):
    title = "出向可能都道府県（全国対応可能を含む）"
    parameter_name = "dispatch_to"

    def queryset(self, request, queryset):
        if self.value():
            return queryset.dispatchable_to(self.value())
        return queryset


class BasePrefectureFilter(_PrefectureFilter):
    title = "活動拠点"
    parameter_name = "based_in"

    def queryset(self, request, queryset):
        if self.value():
            return queryset.based_in(self.value())
        return queryset


class PossibleDuplicateFilter(admin.SimpleListFilter):
    title = "重複の可能性"
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("yes", "あり"), ("no", "なし")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_possible_duplicate=self.value() == "yes")
        return queryset


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fk_name = "registration"
    fields = ["changed_at", "from_status", "to_status", "changed_by", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "状態の変更履歴"

    def has_add_permission(self, request, obj=None):
        return False


class OutgoingMailInline(admin.TabularInline):
    model = OutgoingMail
    fields = ["created_at", "kind", "to", "subject", "sent_at", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RegistrationAdminForm(QuestionnaireForm, forms.ModelForm):
    """The questionnaire with its own rules, MIC's own fields, and the next review step.

    The answers are the public form's fields and clean(): an edit here obeys exactly the rules a
    company meets (declining secondment drops its conditions, so no prefecture sees it any more).
    """

    company_name_kana = TextAnswerField(
        label=Registration._meta.get_field("company_name_kana").verbose_name,
        max_length=200,
        required=False,
        help_text=Registration._meta.get_field("company_name_kana").help_text,
    )
    next_status = forms.ChoiceField(label="状態を変更する", required=False)
    transition_comment = TextAnswerField(
        label="コメント（差戻しの場合は企業・団体へ送る連絡事項）",
        multiline=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kept_receipt_number = TextAnswerField(
        label="重複の場合：残す登録の受付番号", required=False, max_length=20
    )

    class Meta:
        model = Registration
        fields = ["company_name_kana", "changed_by_company"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.update(registration_form_initial(self.instance))
        status = self.instance.status if self.instance.pk else Registration.Status.RECEIVED
        self.fields["next_status"].choices = [("", "変更しない")] + [
            (target.value, target.label) for target in workflow.allowed_targets(status)
        ]

    def clean(self):
        data = super().clean()
        data["duplicate_of"] = None
        if data.get("next_status") == Registration.Status.DUPLICATE:
            number = (data.get("kept_receipt_number") or "").strip()
            data["duplicate_of"] = Registration.objects.filter(receipt_number=number).first()
            if data["duplicate_of"] is None:
                self.add_error("kept_receipt_number", "この受付番号の登録は見つかりません。")
                return data
        if data.get("next_status"):
            try:
                workflow.transition_check(
                    registration=self.instance,
                    to=data["next_status"],
                    comment=data.get("transition_comment", ""),
                    duplicate_of=data["duplicate_of"],
                )
            except workflow.TransitionError as error:
                self.add_error("next_status", str(error))
        return data

    def _post_clean(self):
        if not self.errors:
            registration_apply_answers(self.instance, self.cleaned_data)
        super()._post_clean()

    def _save_m2m(self):
        super()._save_m2m()
        for name in PREFECTURE_ANSWERS:
            getattr(self.instance, name).set(self.cleaned_data[name])


class ReadableHistory(HistoricalRecordContextHelper):
    """Show answers in the history as people read them: labels, はい/いいえ, prefecture names."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            # The history admin prefetches the rows' prefectures as objects.
            prefectures = [row[field.m2m_reverse_field_name()] for row in value]
            prefectures.sort(key=lambda prefecture: prefecture.code)
            return "、".join(prefecture.name for prefecture in prefectures) or "（なし）"
        if field.choices and value:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return "はい" if value else "いいえ"
        return "（なし）" if value in ("", None) else value


@admin.register(Registration)
class RegistrationAdmin(ImportMixin, SimpleHistoryAdmin):
    form = RegistrationAdminForm
    # django-import-export wraps this template with its import button.
    change_list_template = "admin/registry/registration/change_list.html"
    resource_classes = [RegistrationResource]
    formats = [XLSX, JapaneseCSV]
    rollback_on_validation_errors = True
    list_display = [
        "receipt_number",
        "company_name",
        "cooperation",
        "dispatch_area",
        "status",
        "changed_by_company",
        "duplicate_flag",
        "created_at",
    ]
    list_display_links = ["receipt_number", "company_name"]
    list_filter = [
        "status",
        "secondment",
        DispatchPrefectureFilter,
        BasePrefectureFilter,
        _flag_filter("勤務形態", "work_style", WorkStyle),
        _flag_filter("勤務可能日数", "work_days", WorkDays),
        _flag_filter("出向期間", "period", SecondmentPeriod),
        "retiree_outreach",
        _flag_filter("既存制度", "scheme", Scheme),
        ("created_at", DateRangeFilterBuilder(title="登録日")),
        PossibleDuplicateFilter,
        "changed_by_company",
    ]
    search_fields = [
        "company_name",
        "contact_name",
        "contact_name_kana",
        "email",
        "receipt_number",
    ]
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
            {"fields": ["changed_by_company", "company_changes", "withdrawal_reason"]},
        ),
        ("状態の変更", {"fields": ["next_status", "transition_comment", "kept_receipt_number"]}),
        ("回答の一覧（フォームの順）", {"fields": ["answers_table"]}),
        (
            "個人情報の取扱いへの同意",
            {"fields": ["privacy_notice_version", "privacy_consented_at"]},
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        """The review fieldsets, then one per group of questions (registry.questions)."""
        *review, consent = self.fieldsets
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

    def import_action(self, request, **kwargs):
        upload = request.FILES.get("import_file")
        if upload is not None and upload.size > IMPORT_MAX_BYTES:
            self.message_user(
                request,
                f"ファイルが大きすぎます（{IMPORT_MAX_BYTES // 2**20}MBまで）。分けて取り込んでください。",
                messages.ERROR,
            )
            return redirect(request.path)
        return super().import_action(request, **kwargs)

    def has_import_permission(self, request):
        return request.user.has_perm("registry.import_registration")

    @admin.display(description="協力形態")
    def cooperation(self, obj):
        return "・".join(obj.cooperation_methods) or "―"

    @admin.display(description="出向可能地域")
    def dispatch_area(self, obj):
        return obj.dispatch_area_summary()

    @admin.display(description="重複の可能性", boolean=True)
    def duplicate_flag(self, obj):
        return obj.has_possible_duplicate

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

    def save_model(self, request, obj, form, change):
        history_pause(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        answer_fields = set(form.changed_data) - {
            "next_status",
            "transition_comment",
            "kept_receipt_number",
        }
        if answer_fields:
            history_record(form.instance, reason="管理画面で回答を編集")
        else:
            del form.instance.skip_history_when_saving
        if form.cleaned_data.get("next_status"):
            workflow.registration_transition(
                registration=form.instance,
                to=form.cleaned_data["next_status"],
                by=request.user,
                comment=form.cleaned_data.get("transition_comment", ""),
                duplicate_of=form.cleaned_data.get("duplicate_of"),
            )

    def _bulk_transition(self, request, queryset, to):
        try:
            changes = workflow.registrations_transition(
                registrations=list(queryset.order_by("pk")), to=to, by=request.user
            )
        except workflow.TransitionError as error:
            self.message_user(request, f"変更しませんでした。{error}", messages.ERROR)
            return
        self.message_user(
            request, f"{len(changes)}件を「{Registration.Status(to).label}」にしました。"
        )

    @admin.action(
        description="「変更あり・要確認」を外す（変更内容を確認済み）", permissions=["change"]
    )
    def clear_company_change_flag(self, request, queryset):
        count = 0
        for registration in queryset.filter(changed_by_company=True):
            registration.changed_by_company = False
            registration._change_reason = "企業・団体の変更を確認"
            registration.save(update_fields=["changed_by_company", "updated_at"])
            count += 1
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
