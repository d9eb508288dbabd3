"""The read-only admin base, and what the portal's own models show in the admin."""

import functools
import operator
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar, cast
from urllib.parse import parse_qsl

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ManyToManyField, Model, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import smart_split, unescape_string_literal
from rangefilter.filters import DateRangeFilter, DateRangeFilterBuilder

from ..access import ROLE_CONFLICT_FORM_MESSAGE, claims_mic, signed_in_user
from ..forms import DateAnswerField
from ..links import personal_links_masked
from ..models import (
    ExportLog,
    ImportLog,
    OutboxMail,
    PendingReconfirmationRound,
    Prefecture,
    PrefectureMembership,
    ReconfirmationRoundQuerySet,
    RetentionRun,
    SelfServiceEntry,
    StaffAccountMail,
    StaffEvent,
    StaffInvitation,
    StaffInvitationMail,
    StaffMail,
    export_kind_label,
    import_kind_label,
)
from ..reconfirmation import (
    PREVIEW_USED,
    Reconfirmation,
    RoundRefused,
    round_preview_confirm,
    round_preview_create,
    round_preview_example,
    round_preview_for,
    round_preview_page,
    round_preview_release,
)
from ..roles import ASSIGNABLE_GROUPS
from ..staff_forms import StaffEmailField
from ..tasks import TaskFailed, reconfirmation_round_run, task_value
from ..text import text_half_width, text_normalize, yes_no

# KeySearchMixin goes before ModelAdmin among an admin's bases: type-checked as one, a plain
# class at run time.
if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


def status_changed_message(*, entries: list[Any], label: str) -> str:
    """「KR-2026-000123 を「確認済」に変更しました。」: what was moved and where to, for one entry or
    several (numbered by their receipt numbers)."""
    if len(entries) == 1:
        return f"{entries[0].receipt_number} を「{label}」に変更しました。"
    return f"{len(entries)}件を「{label}」に変更しました。"


class StatusMessageMixin(_AdminBase):
    """A change form whose 「状態を変更する」 (`next_status`) moved the entry says so: the entry's
    receipt number and its new state, instead of Django's generic 「…を変更しました」, which
    would leave staff to reopen the entry to see whether the move happened."""

    def response_change(self, request: HttpRequest, obj: Model) -> HttpResponse:
        moved_to = request.POST.get("next_status", "")
        if moved_to:
            obj.refresh_from_db(fields=["status"])
        if not moved_to or getattr(obj, "status", None) != moved_to:
            return super().response_change(request, obj)
        label = cast(Any, obj).get_status_display()
        self.message_user(
            request, status_changed_message(entries=[obj], label=label), messages.SUCCESS
        )
        if "_continue" in request.POST:
            return redirect(
                add_preserved_filters(
                    {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts},
                    request.path,
                )
            )
        return self.response_post_save_change(request, obj)


class KeySearchMixin(_AdminBase):
    """The admin's search, finding a text however it was typed or stored.

    Each word (split and quoted as Django does) must be in one of `search_fields` (the model's own
    text columns) as typed, as the text rule stores it, or in its NFKC form (how rows stored before
    the rule kept Japanese text as written hold it, and how codes are read), or its key must be in
    one of the `search_keys` columns: 「(株)テスト」 finds 「（株）テスト」 and 「㈱テスト」.
    """

    # {key column: the function that makes its keys}, e.g. {"email_key": email_key}.
    search_keys: dict[str, Callable[[str], str]] = {}

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        fields = self.get_search_fields(request)
        for word in smart_split(search_term):
            if word.startswith(('"', "'")) and word[0] == word[-1]:
                word = unescape_string_literal(word)
            spellings = {word, text_normalize(word), text_half_width(word)} - {""}
            found = [Q(**{f"{field}__icontains": text}) for field in fields for text in spellings]
            for column, key in self.search_keys.items():
                if word_key := key(word):
                    found.append(Q(**{f"{column}__contains": word_key}))
            if found:
                queryset = queryset.filter(functools.reduce(operator.or_, found))
        return queryset, False


class _YearRangeDates:
    """rangefilter's 「から・まで」 dates, checked with the site's date rule (portal.dates): a year
    outside 1900-2100 is shown as the form's error and filters nothing. (A year-1 date once
    reached the database as an aware datetime it cannot hold.) Through get_form, the filter's
    public hook: its form's fields are swapped, keeping their widgets and defaults."""

    def get_form(self, request: HttpRequest) -> forms.BaseForm:
        form = super().get_form(request)  # type: ignore[misc]  # a mixin over rangefilter's (untyped) filter
        for name, field in form.fields.items():
            form.fields[name] = DateAnswerField(
                label=field.label,
                widget=field.widget,
                localize=True,
                required=False,
                initial=field.initial,
            )
        return form


def date_range_filter(*, title: str) -> type[DateRangeFilter]:
    """The admin's date range filter (rangefilter's DateRangeFilterBuilder) for a list_filter."""
    return type("DateRangeFilter", (_YearRangeDates, DateRangeFilterBuilder(title=title)), {})


class SelectListFilter(admin.SimpleListFilter):
    """A list filter shown as one <select> and a button (templates/admin/portal/select_filter.html)
    instead of a link per choice: 47 prefectures as links, three times, made the filter column
    longer than the list. A plain GET form, so it works without a script; it carries the list's
    other parameters (search, other filters, order) as hidden fields."""

    template = "admin/portal/select_filter.html"
    hidden_params: list[tuple[str, str]] = []

    # Any: each choice is Django's (selected, query_string, display) plus its value, a shape
    # the stubs keep private.
    def choices(self, changelist: ChangeList) -> Iterator[Any]:
        # The 「すべて」 choice's query string is the list's parameters without this filter's.
        others = changelist.get_query_string(remove=[str(self.parameter_name)])
        self.hidden_params = parse_qsl(others.removeprefix("?"), keep_blank_values=True)
        values = ["", *(str(lookup) for lookup, _ in self.lookup_choices)]
        for value, choice in zip(values, super().choices(changelist), strict=True):
            yield {**choice, "value": value}


class PrefectureFilter(SelectListFilter):
    """A choice of one prefecture, in JIS order; subclasses name the parameter and filter."""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(p.code, p.name) for p in Prefecture.objects.order_by("code")]

    def prefecture_code(self) -> str | None:
        """The chosen prefecture's code, or None for none or one that does not exist (an edited
        address lists everything rather than nothing)."""
        value = self.value()
        return value if value in {code for code, _ in self.lookup_choices} else None


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are reference data or an audit trail: shown in the admin, never edited there."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class OutboxMailAdmin(ReadOnlyAdmin):
    """A stored mail, read only, with its personal links masked: staff never see a link they
    could act with in the recipient's name (portal.links.personal_links_masked)."""

    list_display = ["created_at", "to", "subject", "sent_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    fields: ClassVar[tuple[str, ...]] = (
        "created_at",
        "to",
        "subject",
        "shown_body",
        "sent_at",
        "attempts",
        "last_error",
    )
    readonly_fields = fields

    @admin.display(description="本文（個人用リンクは伏せています）")
    def shown_body(self, obj: OutboxMail) -> SafeString:
        return format_html('<div class="pre-wrap">{}</div>', personal_links_masked(obj.body))


@admin.register(StaffMail)
class StaffMailAdmin(OutboxMailAdmin):
    """The mails sent to staff (portal.notifications): one event at once, or a day's digest."""

    list_display = ["created_at", "to", "subject", "sent_at"]


@admin.register(StaffEvent)
class StaffEventAdmin(ReadOnlyAdmin):
    """What staff were told of (portal.notifications), once each."""

    list_display = ["occurred_at", "kind", "office", "title"]
    list_filter = ["kind"]
    fields = ("occurred_at", "kind", "audience", "office", "title", "details", "link", "erased_at")
    readonly_fields = fields


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    """The record of `manage.py erase_expired_personal_data`: what was erased, and when."""

    list_display = ["ran_at", "entries", "pending_imports", "login_logs"]
    fields = ("ran_at", "entries", "parts", "pending_imports", "login_logs")
    readonly_fields = fields

    @admin.display(description="消去の内容（種類ごと）")
    def parts(self, obj: RetentionRun) -> SafeString:
        return format_html_join(
            "",
            "<section><h3>{}</h3><p>基準: {}。消去した件数: {}件</p><p>{}</p><p>{}</p><p>{}</p>"
            "</section>",
            (
                (
                    part["label"],
                    part["rule"],
                    part["entries"],
                    "消去した項目: " + part["erased"] if part.get("erased") else "",
                    "受付番号: " + "、".join(part["receipt_numbers"])
                    if part.get("receipt_numbers")
                    else "",
                    "、".join(f"{what} {count}" for what, count in part["counts"].items()),
                )
                for part in obj.report
            ),
        )


@admin.register(Prefecture)
class PrefectureAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "name_kana", "name_en", "region"]
    list_filter = ["region"]


class ExportKindFilter(admin.SimpleListFilter):
    title = "出力の種類"
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        kinds = ExportLog.objects.order_by("kind").values_list("kind", flat=True).distinct()
        return [(kind, export_kind_label(kind)) for kind in kinds]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ["exported_at", "user", "kind_label", "prefecture", "row_count", "file_name"]
    list_filter = [
        ExportKindFilter,
        "prefecture",
        ("exported_at", date_range_filter(title="出力日")),
    ]
    search_fields = ["user__username", "file_name", "conditions"]
    list_select_related = ["user", "prefecture"]
    readonly_fields = (
        "exported_at",
        "user",
        "kind_label",
        "prefecture",
        "row_count",
        "file_name",
        "conditions",
    )
    fields = readonly_fields

    @admin.display(description="出力の種類")
    def kind_label(self, obj: ExportLog) -> str:
        return obj.kind_label


class ImportKindFilter(admin.SimpleListFilter):
    title = "取込みの種類"
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        kinds = ImportLog.objects.order_by("kind").values_list("kind", flat=True).distinct()
        return [(kind, import_kind_label(kind)) for kind in kinds]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(ImportLog)
class ImportLogAdmin(ReadOnlyAdmin):
    list_display = (
        "imported_at",
        "user",
        "kind_label",
        "file_name",
        "row_count",
        "imported_count",
        "skipped_count",
    )
    list_filter = [ImportKindFilter, ("imported_at", date_range_filter(title="取込み日"))]
    search_fields = ["user__username", "file_name", "file_sha256"]
    list_select_related = ["user"]
    fields = (*list_display, "file_sha256")
    readonly_fields = fields

    @admin.display(description="取込みの種類")
    def kind_label(self, obj: ImportLog) -> str:
        return obj.kind_label


# 総務省 staff create prefecture users here, without raising anyone's privileges.
admin.site.unregister(User)


class PrefectureMembershipFormSet(BaseInlineFormSet):
    """Refuses a prefecture for an account that is (or is being made) 総務省 staff."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        keeps_a_prefecture = any(
            form.cleaned_data.get("prefecture") and not form.cleaned_data.get("DELETE")
            for form in self.forms
        )
        user: User = self.instance
        # The groups chosen in the same request (set by PortalUserAdmin.save_form), else stored.
        groups = getattr(user, "groups_in_form", None)
        if groups is None:
            groups = user.groups.all() if user.pk else []
        is_mic = claims_mic(
            is_superuser=user.is_superuser, group_names={group.name for group in groups}
        )
        if keeps_a_prefecture and is_mic:
            raise ValidationError(ROLE_CONFLICT_FORM_MESSAGE)


class PrefectureMembershipInline(admin.StackedInline):
    model = PrefectureMembership
    formset = PrefectureMembershipFormSet
    can_delete = True
    verbose_name_plural = "都道府県の職員の場合: 所属する都道府県（総務省の職員には設定できません）"


class StaffUserChangeForm(UserChangeForm):
    """A staff account keeps an address; one without is given one when it is next saved."""

    email = StaffEmailField()

    class Meta(UserChangeForm.Meta):  # type: ignore[name-defined]  # django-stubs leave Meta out
        # Records, never edited: the admin shows them read-only (get_readonly_fields).
        exclude = ("last_login", "date_joined")


ADD_BY_INVITATION = "職員のアカウントは招待で作ります。パスワードは本人が招待のリンクから決めます。"
PASSWORD_BY_OWNER = (
    "パスワードは本人だけが決めます。忘れた場合は、ログイン画面の「パスワードを忘れた場合」から"
    "本人がメールで再設定します。"
)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """総務省 staff keep staff accounts here (address, role, prefecture), but cannot raise
    anyone's privileges, and never type anyone's password: a new account is an invitation
    (/staff/invitations/), whose link lets its owner choose the password, and a forgotten one
    is reset by its owner by e-mail (issue 26)."""

    inlines = [PrefectureMembershipInline]
    form = StaffUserChangeForm
    list_display = [
        "username",
        "last_name",
        "first_name",
        "email",
        "prefecture",
        "staff_flag",
        "active_flag",
    ]
    list_filter = [
        "is_staff",
        "is_active",
        "groups",
        "prefecture_membership__prefecture",
        ("email", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["prefecture_membership__prefecture"]

    @admin.display(description="都道府県", ordering="prefecture_membership__prefecture")
    def prefecture(self, obj: User) -> Prefecture | str:
        membership = getattr(obj, "prefecture_membership", None)
        return membership.prefecture if membership else "―"

    @admin.display(description="スタッフ権限", ordering="is_staff")
    def staff_flag(self, obj: User) -> str:
        return yes_no(obj.is_staff)

    @admin.display(description="有効", ordering="is_active")
    def active_flag(self, obj: User) -> str:
        return yes_no(obj.is_active)

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Adding a user is inviting them: nothing is stored here, GET or POST."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        self.message_user(request, ADD_BY_INVITATION, messages.INFO)
        return redirect("portal:invitations")

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Nobody sets another person's password: its owner resets it by e-mail."""
        self.message_user(request, PASSWORD_BY_OWNER, messages.INFO)
        return redirect("admin:auth_user_change", id)

    def get_readonly_fields(
        self, request: HttpRequest, obj: User | None = None
    ) -> list[str] | tuple[str, ...]:
        # The dates are records, not settings (and their split inputs would have no labels).
        if request.user.is_superuser:
            return [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        return ["is_superuser", "user_permissions", "last_login", "date_joined"]

    def formfield_for_manytomany(
        self, db_field: ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=ASSIGNABLE_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_form(self, request: HttpRequest, form: forms.ModelForm, change: bool) -> User:
        """Hand the groups chosen in this form to the membership inline, which is checked next."""
        user = super().save_form(request, form, change)
        user.groups_in_form = form.cleaned_data.get("groups")  # read by the inline's clean()
        return user


@admin.register(StaffInvitation)
class StaffInvitationAdmin(ReadOnlyAdmin):
    """The record of invitations (who, which role, by whom, when); made on /staff/invitations/."""

    list_display = [
        "name",
        "email",
        "prefecture",
        "invited_by",
        "sent_at",
        "accepted_at",
        "withdrawn_at",
    ]
    list_filter = ["prefecture", ("accepted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["prefecture", "invited_by"]
    search_fields = ["name", "email"]
    fields = (
        "name",
        "email",
        "prefecture",
        "invited_by",
        "created_at",
        "sent_at",
        "sent_count",
        "accepted_at",
        "user",
        "withdrawn_at",
        "withdrawn_by",
    )
    readonly_fields = fields


admin.site.register(StaffInvitationMail, OutboxMailAdmin)
admin.site.register(StaffAccountMail, OutboxMailAdmin)


def last_confirmed(obj: SelfServiceEntry, reconfirmation: "Reconfirmation") -> str:
    """最終確認日 of an entry, with the state of an open yearly reconfirmation."""
    day = f"{timezone.localtime(obj.last_confirmed_at):%Y/%m/%d}"
    state = reconfirmation.state(obj)
    if state is None:
        return day
    return f"{day}（{state}・期限 {timezone.localtime(obj.reconfirmation_deadline):%Y/%m/%d}）"


def reconfirmation_filter(reconfirmation: "Reconfirmation") -> type[admin.SimpleListFilter]:
    """A list filter for an app's entries: waiting for an answer, 未確認, or due again."""

    class ReconfirmationFilter(admin.SimpleListFilter):
        title = "年次確認"
        parameter_name = "reconfirmation"

        def lookups(
            self, request: HttpRequest, model_admin: admin.ModelAdmin
        ) -> list[tuple[str, str]]:
            months = settings.RECONFIRMATION_MONTHS
            return [
                ("waiting", "回答待ち"),
                ("unconfirmed", "未確認（期限切れ・一覧から除外中）"),
                ("due", f"次の年次確認の対象（最終確認から{months}か月以上）"),
            ]

        def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
            now = timezone.now()
            if self.value() == "waiting":
                return reconfirmation.waiting(queryset, now=now)
            if self.value() == "unconfirmed":
                return reconfirmation.unconfirmed(queryset, now=now)
            if self.value() == "due":
                return queryset.filter(pk__in=reconfirmation.due(now=now).values("pk"))
            return queryset

    return ReconfirmationFilter


ROUND_FAILED = (
    "年次確認を始められませんでした。だれにもメールは送っていません。もう一度お試しいただき、"
    "続く場合はシステム管理者に連絡してください。"
)
RECONFIRMATION_REPORT = [
    ("sent", "送付"),
    ("unchanged", "変更なし"),
    ("changed", "変更あり"),
    ("waiting", "回答待ち"),
    ("unconfirmed", "未確認（期限切れ）"),
    ("closed", "回答不要（その後取下げ）"),
]


def _figure(name: str, label: str) -> Callable[[Any, Model], str]:
    @admin.display(description=label, ordering=name)
    def show(self: Any, obj: Model) -> str:
        return f"{getattr(obj, name)}件"

    return show


class ReconfirmationRoundAdmin(admin.ModelAdmin):
    """An app's rounds with their report; 「年次確認を始める」 asks every entry that is due.

    A subclass names the app's `reconfirmation` (portal.reconfirmation.Reconfirmation) and says
    in words what its entries are, who is never asked and which lists the 未確認 leave.
    """

    reconfirmation: "Reconfirmation"  # set by each app's subclass
    entries_word = "登録"
    scope = "取下げ"
    lists = "一覧"
    change_list_template = "admin/reconfirmation/change_list.html"
    list_display = ["__str__", "started_by", *(name for name, _ in RECONFIRMATION_REPORT)]
    fields: ClassVar[tuple[str, ...]] = (
        "started_at",
        "started_by",
        "months",
        "deadline_days",
        *(name for name, _ in RECONFIRMATION_REPORT),
    )
    readonly_fields = fields
    list_select_related = ["started_by"]

    sent = _figure(*RECONFIRMATION_REPORT[0])
    unchanged = _figure(*RECONFIRMATION_REPORT[1])
    changed = _figure(*RECONFIRMATION_REPORT[2])
    waiting = _figure(*RECONFIRMATION_REPORT[3])
    unconfirmed = _figure(*RECONFIRMATION_REPORT[4])
    closed = _figure(*RECONFIRMATION_REPORT[5])

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        reconfirmation = self.reconfirmation
        # The rounds' manager is ReconfirmationRoundQuerySet's (ReconfirmationRoundBase.objects).
        rounds = cast(ReconfirmationRoundQuerySet, super().get_queryset(request))
        return rounds.with_report(
            entry_field=reconfirmation.entry_field, closed=reconfirmation.closed
        )

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """「年次確認を始める」: a preview of who will be mailed and of the mail (fixed once, so
        its pages and the round agree), then its button starts the round; the same address
        then shows what came of it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        user = signed_in_user(request)
        if request.method == "POST":
            return self._round_confirm(request, user)
        if "preview" not in request.GET:
            pending = round_preview_create(reconfirmation=self.reconfirmation, by=user)
            if pending is None:
                return self._round_page(request)
            return redirect(f"{request.path}?preview={pending.pk}")
        try:
            pending = round_preview_for(
                reconfirmation=self.reconfirmation, pk=request.GET["preview"], by=user
            )
        except RoundRefused as refusal:
            return self._round_page(request, refusal=str(refusal))
        return self._round_page(request, pending=pending)

    def _round_confirm(self, request: HttpRequest, user: User) -> HttpResponse:
        """Start the round the posted preview showed, once; the worker gets its entries' ids."""
        try:
            pending = round_preview_confirm(
                reconfirmation=self.reconfirmation, pk=request.POST.get("preview", ""), by=user
            )
        except RoundRefused as refusal:
            if str(refusal) != PREVIEW_USED:
                return self._round_page(request, refusal=str(refusal))
            self.message_user(request, str(refusal), messages.WARNING)
            used = round_preview_for(
                reconfirmation=self.reconfirmation, pk=request.POST["preview"], by=user
            )
            return redirect(f"{request.path}?preview={used.pk}")  # its result
        # Thousands of mails are rendered and stored: the worker does it, not this request.
        result = reconfirmation_round_run.enqueue(
            self.opts.app_label, user.pk, str(pending.pk), pending.entry_ids
        )
        try:
            task_value(result)
        except TaskFailed:
            round_preview_release(pending=pending)
            self.message_user(request, ROUND_FAILED, messages.ERROR)
        return redirect(f"{request.path}?preview={pending.pk}")

    def _round_page(
        self,
        request: HttpRequest,
        *,
        pending: PendingReconfirmationRound | None = None,
        refusal: str = "",
    ) -> HttpResponse:
        """The preview, or the result once it is confirmed; a refusal (400), or that nobody is
        due."""
        reconfirmation, now = self.reconfirmation, timezone.now()
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "年次確認を始める",
            "refusal": refusal,
            "pending": pending,
            "months": settings.RECONFIRMATION_MONTHS,
            "deadline": now + timedelta(days=settings.RECONFIRMATION_DEADLINE_DAYS),
            "reminder_days": "日後と".join(map(str, settings.RECONFIRMATION_REMINDER_DAYS)),
            "entries_word": self.entries_word,
            "name_label": reconfirmation.entry_model._meta.get_field(
                reconfirmation.name_field
            ).verbose_name,
            "scope": self.scope,
            "lists": self.lists,
        }
        if pending is not None and pending.confirmed_at is None:
            page = round_preview_page(
                reconfirmation=reconfirmation, pending=pending, page=request.GET.get("page")
            )
            context.update(
                count=len(pending.entry_ids),
                unconfirmed=pending.unconfirmed,
                page=page,
                page_links=page.paginator.get_elided_page_range(page.number, on_each_side=2),
                page_query=f"preview={pending.pk}&",
                example=round_preview_example(
                    reconfirmation=reconfirmation, pending=pending, now=now
                ),
            )
        elif pending is not None and pending.round_id is not None:
            context.update(
                left_out=sorted(pending.left_out.items()),
                left_out_count=sum(pending.left_out.values()),
                # Due now but not previewed: they wait for the next round.
                newly_due=reconfirmation.due(now=now).exclude(pk__in=pending.entry_ids).count(),
            )
        status = 400 if refusal else 200
        return TemplateResponse(request, "admin/reconfirmation/start.html", context, status=status)


# The mail texts of every app and the targets 総務省 edits: modules of their own.
from . import mail_texts, targets  # noqa: E402, F401
