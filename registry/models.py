import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Prefecture(models.Model):
    """One of the 47 prefectures, keyed by its JIS X 0401 code (reference data, see migrations)."""

    class Region(models.TextChoices):
        HOKKAIDO = "hokkaido", "北海道"
        TOHOKU = "tohoku", "東北"
        KANTO = "kanto", "関東"
        CHUBU = "chubu", "中部"
        KINKI = "kinki", "近畿"
        CHUGOKU = "chugoku", "中国"
        SHIKOKU = "shikoku", "四国"
        KYUSHU_OKINAWA = "kyushu_okinawa", "九州・沖縄"

    code = models.CharField("JISコード", max_length=2, primary_key=True)
    name = models.CharField("都道府県名", max_length=10, unique=True)
    name_kana = models.CharField("よみがな", max_length=20)
    name_en = models.CharField("英語名", max_length=20)
    region = models.CharField("地方", max_length=20, choices=Region.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = "都道府県"
        verbose_name_plural = "都道府県"

    def __str__(self):
        return self.name


# Multi-choice questions are stored as one boolean per option so each answer is typed, filterable on
# every database and covered by check constraints. Each option's value is the name of its field.


class WorkStyle(models.TextChoices):
    FULL_TIME = "work_full_time", "常勤"
    PART_TIME = "work_part_time", "非常勤"
    ON_REQUEST = "work_on_request", "都道府県からの相談に応じて検討"


class WorkDays(models.TextChoices):
    WEEK_3_PLUS = "days_week_3_plus", "週3日以上"
    WEEK_1_2 = "days_week_1_2", "週1～2日程度"
    MONTH_2_3 = "days_month_2_3", "月2～3日程度"
    MONTH_1_OR_LESS = "days_month_1_or_less", "月1日以下"


class SecondmentPeriod(models.TextChoices):
    UNDER_1_YEAR = "period_under_1_year", "1年未満"
    ONE_TO_3_YEARS = "period_1_to_3_years", "1～3年"
    OVER_3_YEARS = "period_over_3_years", "3年以上"


class Scheme(models.TextChoices):
    CHIIKI_KIGYOJIN = "scheme_chiiki_kigyojin", "地域活性化起業人（総務省）"
    DIGITAL_SPECIALIST = (
        "scheme_digital_specialist",
        "地方創生人材支援制度 デジタル専門人材派遣（内閣官房・内閣府地方創生推進事務局）",
    )
    FURUSATO_NOZEI = "scheme_furusato_nozei", "企業版ふるさと納税（人材派遣型）"
    OTHER = "scheme_other", "その他（自由入力）"


class DispatchScope(models.TextChoices):
    NATIONWIDE = "dispatch_nationwide", "全国対応可能"
    UNDECIDED = "dispatch_undecided", "未定・都道府県からの相談に応じて検討"


# Options that exist only for a registration that wants to second staff (Q7–Q11).
SECONDMENT_FLAGS = [
    *DispatchScope.values,
    *WorkStyle.values,
    *WorkDays.values,
    *SecondmentPeriod.values,
]


def _any_flag(values):
    condition = Q()
    for value in values:
        condition |= Q(**{value: True})
    return condition


class RegistrationQuerySet(models.QuerySet):
    def receipt_unsent(self):
        return self.filter(receipt_sent_at__isnull=True)


class Registration(models.Model):
    """A 人材プール協力企業・団体 registration: the 16 answers plus receipt and review data."""

    class Status(models.TextChoices):
        RECEIVED = "received", "受付"
        CONFIRMED = "confirmed", "確認済"
        PUBLISHED = "published", "掲載"
        RETURNED = "returned", "差戻し"
        WITHDRAWN = "withdrawn", "取下げ"
        DUPLICATE = "duplicate", "重複"

    class Secondment(models.TextChoices):
        YES = "yes", "協力企業・団体として登録を希望する"
        NO = "no", "登録を希望しない"

    class RetireeOutreach(models.TextChoices):
        POSSIBLE = "possible", "周知可能"
        DIFFICULT = "difficult", "周知は難しい"

    # NULL until numbered from the id in the same transaction: unique, yet never "" twice.
    receipt_number = models.CharField(  # noqa: DJ001
        "受付番号", max_length=20, unique=True, null=True
    )
    # Set once per confirmed submission so a double click or a refresh cannot store it twice.
    submission_token = models.UUIDField(
        "送信トークン", unique=True, default=uuid.uuid4, editable=False
    )
    status = models.CharField(
        "状態", max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )

    # 問1–問5
    company_name = models.CharField("企業名・団体名", max_length=200)
    department = models.CharField("担当部署", max_length=200)
    contact_name = models.CharField("ご担当者様のお名前", max_length=100)
    contact_name_kana = models.CharField("ふりがな", max_length=100)
    email = models.EmailField("メールアドレス")
    phone = models.CharField("電話番号", max_length=11, blank=True)

    # 問6
    secondment = models.CharField(
        "都道府県出向による自治体DX支援への協力", max_length=3, choices=Secondment.choices
    )
    # 問7
    base_prefectures = models.ManyToManyField(
        Prefecture, verbose_name="活動拠点のある都道府県", related_name="+", blank=True
    )
    # 問8
    dispatch_nationwide = models.BooleanField(DispatchScope.NATIONWIDE.label, default=False)
    dispatch_undecided = models.BooleanField(DispatchScope.UNDECIDED.label, default=False)
    dispatch_prefectures = models.ManyToManyField(
        Prefecture, verbose_name="出向可能な都道府県", related_name="+", blank=True
    )
    # 問9
    work_full_time = models.BooleanField(WorkStyle.FULL_TIME.label, default=False)
    work_part_time = models.BooleanField(WorkStyle.PART_TIME.label, default=False)
    work_on_request = models.BooleanField(WorkStyle.ON_REQUEST.label, default=False)
    # 問10
    days_week_3_plus = models.BooleanField(WorkDays.WEEK_3_PLUS.label, default=False)
    days_week_1_2 = models.BooleanField(WorkDays.WEEK_1_2.label, default=False)
    days_month_2_3 = models.BooleanField(WorkDays.MONTH_2_3.label, default=False)
    days_month_1_or_less = models.BooleanField(WorkDays.MONTH_1_OR_LESS.label, default=False)
    # 問11
    period_under_1_year = models.BooleanField(SecondmentPeriod.UNDER_1_YEAR.label, default=False)
    period_1_to_3_years = models.BooleanField(SecondmentPeriod.ONE_TO_3_YEARS.label, default=False)
    period_over_3_years = models.BooleanField(SecondmentPeriod.OVER_3_YEARS.label, default=False)
    # 問12
    retiree_outreach = models.CharField(
        "退職者への本事業の周知", max_length=10, choices=RetireeOutreach.choices, blank=True
    )
    # 問13
    scheme_chiiki_kigyojin = models.BooleanField(Scheme.CHIIKI_KIGYOJIN.label, default=False)
    scheme_digital_specialist = models.BooleanField(Scheme.DIGITAL_SPECIALIST.label, default=False)
    scheme_furusato_nozei = models.BooleanField(Scheme.FURUSATO_NOZEI.label, default=False)
    scheme_other = models.BooleanField("その他", default=False)
    scheme_other_text = models.CharField("その他の制度", max_length=200, blank=True)
    # 問14
    scheme_support_record = models.TextField("制度における自治体の支援実績", blank=True)
    # 問15
    website = models.URLField("実績紹介サイト・SNS等", max_length=500)
    # 問16
    message = models.TextField("備考欄／自治体向けのメッセージ", blank=True)

    privacy_notice_version = models.CharField("同意したプライバシーポリシーの版", max_length=20)
    privacy_consented_at = models.DateTimeField("同意日時")
    receipt_sent_at = models.DateTimeField("受付メール送信日時", null=True, blank=True)
    created_at = models.DateTimeField("登録日時", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "協力企業・団体の登録"
        verbose_name_plural = "協力企業・団体の登録"
        constraints = [
            models.CheckConstraint(
                name="registration_q7_q11_only_when_seconding",
                condition=Q(secondment="yes") | ~_any_flag(SECONDMENT_FLAGS),
            ),
            models.CheckConstraint(
                name="registration_q10_only_for_part_time_or_on_request",
                condition=Q(work_part_time=True)
                | Q(work_on_request=True)
                | ~_any_flag(WorkDays.values),
            ),
            models.CheckConstraint(
                name="registration_q13_other_text_iff_other",
                condition=(Q(scheme_other=True) & ~Q(scheme_other_text=""))
                | (Q(scheme_other=False) & Q(scheme_other_text="")),
            ),
            models.CheckConstraint(
                name="registration_q14_only_with_a_scheme",
                condition=_any_flag(Scheme.values) | Q(scheme_support_record=""),
            ),
            models.CheckConstraint(
                name="registration_nationwide_or_undecided_not_both",
                condition=~Q(dispatch_nationwide=True, dispatch_undecided=True),
            ),
        ]

    def __str__(self):
        return f"{self.receipt_number or '（未採番）'} {self.company_name}"

    def selected_labels(self, options):
        """Japanese labels of the options of one multi-choice question that this registration chose."""
        return [option.label for option in options if getattr(self, option.value)]

    def scheme_labels(self):
        """問13 as shown to people: the その他 option carries its free text."""
        labels = self.selected_labels(Scheme)
        if self.scheme_other:
            labels[-1] = f"その他（{self.scheme_other_text}）"
        return labels
