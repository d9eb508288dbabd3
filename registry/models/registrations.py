"""A registration: the answers to the 16 questions, its receipt and review data, named queries."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from portal.models import (
    Prefecture,
    SelfServiceEntry,
    SelfServiceEntryQuerySet,
)
from portal.text import phone_display

from .. import questions
from ..choices import (
    DispatchScope,
    RetireeOutreach,
    Scheme,
    Secondment,
    SecondmentPeriod,
    WorkDays,
    WorkStyle,
)
from ..duplicates import company_name_key, email_key

# Options that exist only for a registration that wants to second staff (registry.questions
# names them: where, how and for how long).
SECONDMENT_FLAGS = [
    *DispatchScope.values,
    *WorkStyle.values,
    *WorkDays.values,
    *SecondmentPeriod.values,
]


MESSAGES = questions.constraint_messages()


def _any_flag(values):
    condition = Q()
    for value in values:
        condition |= Q(**{value: True})
    return condition


class RegistrationQuerySet(SelfServiceEntryQuerySet):
    def published(self):
        return self.filter(status=Registration.Status.PUBLISHED)

    def dispatchable_to(self, prefecture):
        """Registrations that named the prefecture in Q8 or can go anywhere (全国対応可能)."""
        named = Registration.dispatch_prefectures.through.objects.filter(
            registration=OuterRef("pk"), prefecture=prefecture
        )
        return self.filter(Exists(named) | Q(dispatch_nationwide=True))

    def reaching(self, prefecture):
        """dispatchable_to, plus those still undecided (未定・都道府県からの相談に応じて検討)."""
        named = Registration.dispatch_prefectures.through.objects.filter(
            registration=OuterRef("pk"), prefecture=prefecture
        )
        return self.filter(Exists(named) | Q(dispatch_nationwide=True) | Q(dispatch_undecided=True))

    def in_public_order(self):
        """By reading where MIC has entered one, then by name; entries without a reading last."""
        return self.annotate(
            has_no_reading=models.Case(
                models.When(company_name_kana="", then=models.Value(1)),
                default=models.Value(0),
            )
        ).order_by("has_no_reading", "company_name_kana", "company_name_key", "pk")

    def based_in(self, prefecture):
        based = Registration.base_prefectures.through.objects.filter(
            registration=OuterRef("pk"), prefecture=prefecture
        )
        return self.filter(Exists(based))

    def reviewed(self):
        return self.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.PUBLISHED]
        )

    def offering(self, *, work_styles=None, period=None):
        """Registrations that offer one of `work_styles` (勤務形態, WorkStyle values; 都道府県からの
        相談に応じて検討 offers any) and `period` (出向が可能な期間, a SecondmentPeriod value); None asks
        nothing of that question. Registration.offers is the same condition as a Q."""
        return self.filter(Registration.offers(work_styles=work_styles, period=period))

    def for_public(self):
        """What the public list shows: 掲載, and not 未確認."""
        return self.published().excluding_unconfirmed()

    def for_prefecture_staff(self, prefecture):
        """What a prefecture's staff may see: reviewed, offering secondment, reaching them, and
        not 未確認.

        The secondment answers exist only for 出向 = yes, but the filter says so again: one that
        declined secondment must never reach a prefecture, whatever else is stored on it.
        """
        reviewed = self.reviewed().excluding_unconfirmed()
        return reviewed.filter(secondment=Registration.Secondment.YES).reaching(prefecture)

    def with_possible_duplicates(self):
        """Annotate has_possible_duplicate: another registration has the same name key or e-mail."""
        # An erased e-mail (registry.retention) is "" and matches nothing.
        same_email = Q(email_key=OuterRef("email_key")) & ~Q(email_key="")
        others = Registration.objects.exclude(pk=OuterRef("pk")).filter(
            Q(company_name_key=OuterRef("company_name_key")) | same_email
        )
        return self.annotate(has_possible_duplicate=Exists(others))

    def possible_duplicates_of(self, registration):
        same = Q(company_name_key=registration.company_name_key)
        if registration.email_key:
            same |= Q(email_key=registration.email_key)
        return self.exclude(pk=registration.pk).filter(same)


class Registration(SelfServiceEntry):
    """A 人材プール協力企業・団体 registration: the 16 answers plus receipt and review data."""

    class Status(models.TextChoices):
        RECEIVED = "received", "受付"
        CONFIRMED = "confirmed", "確認済"
        PUBLISHED = "published", "掲載"
        RETURNED = "returned", "差戻し"
        WITHDRAWN = "withdrawn", "取下げ"
        DUPLICATE = "duplicate", "重複"

    # No longer in the pool: the edit link, 打診 and staff pages treat them as gone.
    CLOSED_STATUSES = (Status.WITHDRAWN, Status.DUPLICATE)

    class Source(models.TextChoices):
        FORM = "form", "登録フォーム"
        IMPORT = "import", "旧フォームからの取込み"

    # The questions' own choices, reachable as Registration.Secondment.YES (registry.questions).
    Secondment = Secondment
    WorkStyle = WorkStyle
    SecondmentPeriod = SecondmentPeriod
    RetireeOutreach = RetireeOutreach

    status = models.CharField(
        "状態", max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )

    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="重複先（残す登録）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    source = models.CharField(
        "登録経路", max_length=10, choices=Source.choices, default=Source.FORM, editable=False
    )

    # The answers, in the order of the questions (registry.questions). The company and contact:
    company_name = models.CharField("企業名・団体名", max_length=200)
    # The form asks no reading; MIC fills it in so the public list sorts as people expect.
    company_name_kana = models.CharField(
        "企業名よみ（並び順用）",
        max_length=200,
        blank=True,
        help_text="公開一覧の並び順に使います。法人格（株式会社など）を除いたよみを、ひらがなで入力してください。",
    )
    company_name_key = models.CharField(
        "企業名（重複判定用）", max_length=200, editable=False, db_index=True
    )
    department = models.CharField("担当部署", max_length=200)
    contact_name = models.CharField("ご担当者様のお名前", max_length=100)
    contact_name_kana = models.CharField("ふりがな", max_length=100)
    email = models.EmailField("メールアドレス")
    email_key = models.CharField(
        "メールアドレス（重複判定用）", max_length=254, editable=False, db_index=True
    )
    phone = models.CharField("電話番号", max_length=11, blank=True)
    # phone as people write it (03-1234-5678), kept with it on every save: formatting a number
    # costs about 0.1 ms, which an export of 10,000 rows would otherwise spend a second on.
    phone_formatted = models.CharField(
        "電話番号（表示用）", max_length=20, blank=True, editable=False
    )

    # Secondment (出向):
    secondment = models.CharField(
        "都道府県出向による自治体DX支援への協力", max_length=3, choices=Secondment.choices
    )
    base_prefectures = models.ManyToManyField(
        Prefecture, verbose_name="活動拠点のある都道府県", related_name="+", blank=True
    )
    dispatch_nationwide = models.BooleanField(DispatchScope.NATIONWIDE.label, default=False)
    dispatch_undecided = models.BooleanField(DispatchScope.UNDECIDED.label, default=False)
    dispatch_prefectures = models.ManyToManyField(
        Prefecture, verbose_name="出向可能な都道府県", related_name="+", blank=True
    )
    work_full_time = models.BooleanField(WorkStyle.FULL_TIME.label, default=False)
    work_part_time = models.BooleanField(WorkStyle.PART_TIME.label, default=False)
    work_on_request = models.BooleanField(WorkStyle.ON_REQUEST.label, default=False)
    days_week_3_plus = models.BooleanField(WorkDays.WEEK_3_PLUS.label, default=False)
    days_week_1_2 = models.BooleanField(WorkDays.WEEK_1_2.label, default=False)
    days_month_2_3 = models.BooleanField(WorkDays.MONTH_2_3.label, default=False)
    days_month_1_or_less = models.BooleanField(WorkDays.MONTH_1_OR_LESS.label, default=False)
    period_under_1_year = models.BooleanField(SecondmentPeriod.UNDER_1_YEAR.label, default=False)
    period_1_to_3_years = models.BooleanField(SecondmentPeriod.ONE_TO_3_YEARS.label, default=False)
    period_over_3_years = models.BooleanField(SecondmentPeriod.OVER_3_YEARS.label, default=False)
    # Retiree outreach:
    retiree_outreach = models.CharField(
        "退職者への本事業の周知", max_length=10, choices=RetireeOutreach.choices, blank=True
    )
    # Schemes already used, and what was done with them:
    scheme_chiiki_kigyojin = models.BooleanField(Scheme.CHIIKI_KIGYOJIN.label, default=False)
    scheme_digital_specialist = models.BooleanField(Scheme.DIGITAL_SPECIALIST.label, default=False)
    scheme_furusato_nozei = models.BooleanField(Scheme.FURUSATO_NOZEI.label, default=False)
    scheme_other = models.BooleanField("その他", default=False)
    scheme_other_text = models.CharField("その他の制度", max_length=200, blank=True)
    scheme_support_record = models.TextField("制度における自治体の支援実績", blank=True)
    # Website and message:
    website = models.URLField("実績紹介サイト・SNS等", max_length=500)
    message = models.TextField("備考欄／自治体向けのメッセージ", blank=True)

    changed_by_company = models.BooleanField(
        "変更あり・要確認",
        default=False,
        help_text="確認済・掲載の登録を企業・団体が変更したときに付きます。変更内容を確認したら外してください。",
    )
    withdrawal_reason = models.TextField("取下げの理由", blank=True)
    retiree_info_sent_at = models.DateTimeField(
        "退職者周知の詳細情報を送った日時", null=True, blank=True, editable=False
    )

    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[base_prefectures, dispatch_prefectures],
        excluded_fields=[
            "updated_at",
            "company_name_key",
            "email_key",
            "edit_link_version",
            "retiree_info_sent_at",
            "last_confirmed_at",
            "reconfirmation_deadline",
            "erased_at",
            "phone_formatted",
        ],
    )

    class Meta(SelfServiceEntry.Meta):
        verbose_name = "協力企業・団体の登録"
        verbose_name_plural = "協力企業・団体の登録"
        permissions = [("import_registration", "旧フォームの回答を取り込める")]
        constraints = [
            models.CheckConstraint(
                name="registration_q7_q11_only_when_seconding",
                condition=Q(secondment="yes") | ~_any_flag(SECONDMENT_FLAGS),
                violation_error_message=MESSAGES["secondment_only"],
            ),
            models.CheckConstraint(
                name="registration_q10_only_for_part_time_or_on_request",
                condition=Q(work_part_time=True)
                | Q(work_on_request=True)
                | ~_any_flag(WorkDays.values),
                violation_error_message=MESSAGES["work_days_only"],
            ),
            models.CheckConstraint(
                name="registration_q13_other_text_iff_other",
                condition=(Q(scheme_other=True) & ~Q(scheme_other_text=""))
                | (Q(scheme_other=False) & Q(scheme_other_text="")),
                violation_error_message=MESSAGES["other_scheme_text"],
            ),
            models.CheckConstraint(
                name="registration_q14_only_with_a_scheme",
                condition=_any_flag(Scheme.values) | Q(scheme_support_record=""),
                violation_error_message=MESSAGES["support_record_only"],
            ),
            models.CheckConstraint(
                name="registration_nationwide_or_undecided_not_both",
                condition=~Q(dispatch_nationwide=True, dispatch_undecided=True),
                violation_error_message=MESSAGES["nationwide_or_undecided"],
            ),
            models.CheckConstraint(
                name="registration_duplicate_points_at_the_kept_one",
                condition=Q(status="duplicate", duplicate_of__isnull=False)
                | (~Q(status="duplicate") & Q(duplicate_of__isnull=True)),
                violation_error_message="「重複」の登録には残す登録を指定し、それ以外の状態では指定しないでください。",
            ),
        ]

    @staticmethod
    def offers(*, work_styles=None, period=None):
        """The condition of RegistrationQuerySet.offering, for callers that count or rank by it
        inside one query (matching's criteria) rather than filter."""
        condition = Q()
        if work_styles is not None:
            # Each option is a boolean field named by its value (registry.questions).
            offered = [*work_styles, WorkStyle.ON_REQUEST]
            condition &= _any_flag(WorkStyle(style).value for style in offered)
        if period is not None:
            condition &= Q(**{SecondmentPeriod(period).value: True})
        return condition

    def __str__(self):
        return f"{self.receipt_number or '（未採番）'} {self.company_name}"

    def save(self, *args, **kwargs):
        self.keys_update()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "company_name_key",
                "email_key",
                "phone_formatted",
            }
        super().save(*args, **kwargs)

    def keys_update(self):
        """The keys that spot duplicates, from the name and e-mail, and the phone as shown
        (bulk_create skips save())."""
        self.company_name_key = company_name_key(self.company_name)
        self.email_key = email_key(self.email)
        self.phone_formatted = phone_display(self.phone)

    @property
    def phone_display(self):
        """電話番号 as people write it: 03-1234-5678."""
        return phone_display(self.phone)

    @property
    def cooperation_methods(self):
        """協力方法 as published: 出向 and/or 退職者への周知."""
        methods = []
        if self.secondment == self.Secondment.YES:
            methods.append("出向")
        if self.retiree_outreach == self.RetireeOutreach.POSSIBLE:
            methods.append("退職者への周知")
        return methods

    def dispatch_area_summary(self, limit=1):
        """出向可能地域 in a few words: 全国 / 未定 / 北海道 他3 (needs dispatch_prefectures prefetched)."""
        if self.dispatch_nationwide:
            return "全国"
        names = [p.name for p in sorted(self.dispatch_prefectures.all(), key=lambda p: p.code)]
        if not names:
            return "未定" if self.dispatch_undecided else "―"
        summary = "、".join(names[:limit])
        if len(names) > limit:
            summary += f" 他{len(names) - limit}"
        if self.dispatch_undecided:
            summary += "（ほか相談に応じて）"
        return summary

    def selected_labels(self, options):
        """Japanese labels of the options of one multi-choice question that this registration chose."""
        return [option.label for option in options if getattr(self, option.value)]

    @property
    def work_style_labels(self):
        return self.selected_labels(WorkStyle)

    def scheme_labels(self):
        """The schemes as shown to people: the その他 option carries its free text."""
        labels = self.selected_labels(Scheme)
        if self.scheme_other:
            labels[-1] = f"その他（{self.scheme_other_text}）"
        return labels
