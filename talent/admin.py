"""総務省's review of 協力可能人材: read the answers, move the entry on, see its history.

The answers are the person's own (changed through their personal link), so the admin shows them
and changes only the review state, through talent.workflow like everything else.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import (
    KeySearchMixin,
    PrefectureFilter,
    ReadOnlyAdmin,
    ReconfirmationRoundAdmin,
    StatusMessageMixin,
    date_range_filter,
    last_confirmed,
    reconfirmation_filter,
    status_changed_message,
    yes_no,
)
from portal.filters import any_option
from portal.forms import TextAnswerField
from portal.models import Prefecture

from . import workflow
from .answers import answer_rows, hints, specialist_answers
from .choices import WorkStyle
from .models import (
    Specialist,
    SpecialistMail,
    SpecialistReconfirmationRound,
    SpecialistStatusChange,
    Specialty,
    email_key,
    name_key,
)
from .reconfirmation import RECONFIRMATION


class SpecialistAdminForm(forms.ModelForm):
    next_status = forms.ChoiceField(label="状態を変更する", required=False)
    transition_comment = TextAnswerField(
        label="コメント（差戻しの場合は登録した人へ送る連絡事項）",
        multiline=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Specialist
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_status"].choices = [("", "変更しない")] + [
            (target.value, target.label)
            for target in workflow.allowed_targets(self.instance.status)
        ]

    def clean(self):
        data = super().clean()
        if data.get("next_status"):
            try:
                workflow.transition_check(
                    specialist=self.instance,
                    to=data["next_status"],
                    comment=data.get("transition_comment", ""),
                )
            except workflow.TransitionError as error:
                self.add_error("next_status", str(error))
        return data


class WorkStyleFilter(admin.SimpleListFilter):
    title = "希望する勤務形態"
    parameter_name = "work_style"

    def lookups(self, request, model_admin):
        return WorkStyle.choices

    def queryset(self, request, queryset):
        if self.value() in WorkStyle.values:
            return any_option(queryset, "work_style", [self.value()])
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


class ResidenceFilter(PrefectureFilter):
    title = "現在お住まいの都道府県"
    parameter_name = "residence"

    def queryset(self, request, queryset):
        if code := self.prefecture_code():
            return queryset.filter(residence_id=code)
        return queryset


class HiredByFilter(PrefectureFilter):
    title = "任用した都道府県"
    parameter_name = "hired_by"

    def queryset(self, request, queryset):
        if code := self.prefecture_code():
            return queryset.filter(hired_by_id=code)
        return queryset


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeInline(_ReadOnlyInline):
    model = SpecialistStatusChange
    fields = ("changed_at", "from_status", "to_status", "changed_by", "comment")
    readonly_fields = fields
    verbose_name_plural = "状態の変更履歴"


class MailInline(_ReadOnlyInline):
    model = SpecialistMail
    fields = ("created_at", "kind", "to", "subject", "sent_at", "last_error")
    readonly_fields = fields


@admin.register(Specialist)
class SpecialistAdmin(StatusMessageMixin, KeySearchMixin, SimpleHistoryAdmin):
    form = SpecialistAdminForm
    list_display = [
        "receipt_number",
        "name",
        "status",
        "residence",
        "hired",
        "duplicate_flag",
        "registered_on",
        "last_confirmed_on",
    ]
    list_display_links = ["receipt_number", "name"]
    list_filter = [
        "status",
        WorkStyleFilter,
        "specialties",
        ResidenceFilter,
        HiredByFilter,
        PossibleDuplicateFilter,
        ("created_at", date_range_filter(title="登録日")),
        reconfirmation_filter(RECONFIRMATION),
    ]
    search_fields = ["name", "name_kana", "email", "receipt_number"]
    search_keys = {"name_key": name_key, "email_key": email_key}
    list_select_related = ["residence", "hired_by"]
    list_per_page = 100
    actions = ["confirm_selected", "list_selected"]
    inlines = [StatusChangeInline, MailInline]
    readonly_fields = [
        "receipt_number",
        "status",
        "created_at",
        "updated_at",
        "hired",
        "possible_duplicates",
        "answers_table",
        "privacy_notice_version",
        "privacy_consented_at",
        "erased_at",
        "last_confirmed_on",
    ]
    fieldsets = [
        (
            "受付",
            {
                "fields": [
                    "receipt_number",
                    "status",
                    "created_at",
                    "updated_at",
                    "last_confirmed_on",
                    "hired",
                ]
            },
        ),
        ("状態の変更", {"fields": ["next_status", "transition_comment"]}),
        ("重複の可能性", {"fields": ["possible_duplicates"]}),
        ("回答（本人が変更用リンクで変更します）", {"fields": ["answers_table"]}),
        (
            "個人情報の取扱い",
            {"fields": ["privacy_notice_version", "privacy_consented_at", "erased_at"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_possible_duplicates()
            .prefetch_related(
                Prefetch("desired_prefectures", queryset=Prefecture.objects.order_by("code")),
                "specialties",
                "experiences",
                "exam_passes__exam",
            )
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Entries are withdrawn or erased (keeping a tombstone), never deleted outright.
        return False

    def history_view_title(self, request, obj):
        return f"変更履歴: {obj}"

    @admin.display(description="任用")
    def hired(self, obj):
        return obj.hired_display or "―"

    @admin.display(description="重複の可能性", ordering="has_possible_duplicate")
    def duplicate_flag(self, obj):
        return yes_no(obj.has_possible_duplicate, yes="あり", no="―")

    @admin.display(description="最終確認日（年次確認）", ordering="last_confirmed_at")
    def last_confirmed_on(self, obj):
        return last_confirmed(obj, RECONFIRMATION)

    @admin.display(description="登録日", ordering="created_at")
    def registered_on(self, obj):
        return date_format(timezone.localtime(obj.created_at), "SHORT_DATE_FORMAT")

    @admin.display(description="重複の可能性がある登録")
    def possible_duplicates(self, obj):
        others = Specialist.objects.possible_duplicates_of(obj).order_by("created_at")
        if not others:
            return "なし"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{} {}</a>（{}）</li>',
                (
                    (
                        reverse("admin:talent_specialist_change", args=[other.pk]),
                        other.receipt_number,
                        other.name,
                        other.get_status_display(),
                    )
                    for other in others
                ),
            ),
        )

    @admin.display(description="回答")
    def answers_table(self, obj):
        if obj.status == Specialist.Status.ERASED:
            return "個人情報は消去済みです。"
        answers = specialist_answers(obj)
        return render_to_string(
            "talent/admin/answers_table.html",
            {"rows": answer_rows(answers), "hints": hints(answers)},
        )

    def save_model(self, request, obj, form, change):
        """Only the review state changes here, through the workflow."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # the read-only inlines: nothing
        if form.cleaned_data.get("next_status"):
            workflow.specialist_transition(
                specialist=form.instance,
                to=form.cleaned_data["next_status"],
                by=request.user,
                comment=form.cleaned_data.get("transition_comment", ""),
            )

    def _bulk(self, request, queryset, to):
        specialists = list(queryset.order_by("pk"))
        try:
            workflow.specialists_transition(specialists=specialists, to=to, by=request.user)
        except workflow.TransitionError as error:
            self.message_user(request, f"変更しませんでした。{error}", messages.ERROR)
            return
        self.message_user(
            request,
            status_changed_message(entries=specialists, label=Specialist.Status(to).label),
        )

    @admin.action(description="選択した人材を「確認済」にする", permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._bulk(request, queryset, Specialist.Status.CONFIRMED)

    @admin.action(
        description="選択した人材を「掲載（都道府県に提供）」にする", permissions=["change"]
    )
    def list_selected(self, request, queryset):
        self._bulk(request, queryset, Specialist.Status.LISTED)


@admin.register(Specialty)
class SpecialtyAdmin(ReadOnlyAdmin):
    list_display = ["position", "name", "text_flag"]

    @admin.display(description=Specialty._meta.get_field("takes_text").verbose_name)
    def text_flag(self, obj):
        return yes_no(obj.takes_text)


@admin.register(SpecialistReconfirmationRound)
class SpecialistReconfirmationRoundAdmin(ReconfirmationRoundAdmin):
    reconfirmation = RECONFIRMATION
    entries_word = "人材の登録"
    scope = "取下げ・重複・消去済"
    lists = "都道府県の一覧・Excel出力と募集の一致（マッチング）"
