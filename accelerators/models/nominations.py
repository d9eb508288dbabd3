"""Nominations of 自治体DXアクセラレータ, their evidence, moves and appointment numbers."""

from datetime import date
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal import access
from portal.fields import YearRangeDateField
from portal.models import Prefecture
from registry.models import Registration

from .exams import IpaExam


class NominationQuerySet(models.QuerySet["Nomination"]):
    def for_prefecture(self, prefecture: Prefecture) -> Self:
        return self.filter(prefecture=prefecture)

    def awaiting_decision(self) -> Self:
        """Submitted and not yet decided by 総務省 (推薦, 審査中)."""
        return self.filter(status__in=[Nomination.Status.SUBMITTED, Nomination.Status.IN_REVIEW])

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Every nomination for 総務省 staff; a prefecture's own for its staff; none for others."""
        return access.visible_to(self, user)

    def serving_between(self, first: date, last: date) -> Self:
        """Appointed people serving on at least one day from `first` to `last` (inclusive).

        A 退任日 is the last day served, so a retirement recorded with a future 退任日 is a
        scheduled one: the person still counts as 任命 up to and including that day.
        """
        return self.filter(
            status__in=[Nomination.Status.APPOINTED, Nomination.Status.RETIRED],
            appointment_date__lte=last,
        ).exclude(end_date__lt=first)

    def serving_on(self, day: date) -> Self:
        """Appointed people serving on `day`: what every count of 任命 means."""
        return self.serving_between(day, day)

    def in_review(self) -> Self:
        return self.filter(status__in=[Nomination.Status.SUBMITTED, Nomination.Status.IN_REVIEW])

    def term_end_to_complete(self) -> Self:
        """任期付職員 recorded without a 任期の終了日 that its edit form no longer reaches (loaded in
        bulk, or nominated before the end date was required): its prefecture completes them.
        A 下書き or 差戻し is completed in its form and is asked for it when submitted."""
        return self.filter(
            employment_type=Nomination.EmploymentType.FIXED_TERM, term_end__isnull=True
        ).exclude(
            status__in=[
                Nomination.Status.DRAFT,
                Nomination.Status.RETURNED,
                Nomination.Status.REJECTED,
            ]
        )


class Nomination(models.Model):
    """A prefecture's nomination of a staff member as 総務省自治体DXアクセラレータ."""

    class Status(models.TextChoices):
        DRAFT = "draft", "下書き"
        SUBMITTED = "submitted", "推薦"
        IN_REVIEW = "in_review", "審査中"
        APPOINTED = "appointed", "任命"
        RETURNED = "returned", "差戻し"
        REJECTED = "rejected", "不承認"
        RETIRED = "retired", "退任"

    class EmploymentType(models.TextChoices):
        PERMANENT = "permanent", "任期なし常勤職員"
        FIXED_TERM = "fixed_term", "任期付職員"
        PART_TIME = "part_time", "非常勤職員"
        # No 業務委託: the rule reads 「都道府県が任用し…職員」. Contracted staff are recorded as
        # ContractedStaffing, for the fiscal estimate only.

    class Source(models.TextChoices):
        PORTAL = "portal", "ポータルで推薦"
        BULK = "bulk", "一括登録（既存の任命）"

    class Basis(models.TextChoices):
        """The rule an appointment made before the portal was confirmed against."""

        EXPERIENCE = "experience", "① 実務経験5年以上"
        EXAM = "exam", "② IPA高度試験の合格"
        EQUIVALENCE = "equivalence", "③ 同等以上の知識"

    prefecture = models.ForeignKey(
        Prefecture, verbose_name="都道府県", on_delete=models.PROTECT, related_name="nominations"
    )
    status = models.CharField(
        "状態", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    name = models.CharField("氏名", max_length=100)
    name_kana = models.CharField("ふりがな", max_length=100)
    employment_type = models.CharField("任用形態", max_length=20, choices=EmploymentType.choices)
    seconded_from = models.ForeignKey(
        Registration,
        verbose_name="出向元（人材プール協力企業・団体）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seconded_accelerators",
    )
    seconded_from_name = models.CharField("出向元（一覧にない場合）", max_length=200, blank=True)
    start_date = YearRangeDateField("任用開始日")
    term_end = YearRangeDateField("任期の終了日", null=True, blank=True)
    main_duty_confirmed = models.BooleanField(
        "市町村のDX支援を主たる業務とすることを確認しました", default=False
    )
    equivalence_justification = models.TextField("(3) 同等以上の知識を有することの説明", blank=True)
    equivalence_accepted_at = models.DateTimeField(
        "(3) を総務省が認めた日時", null=True, blank=True
    )
    equivalence_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="(3) を認めた総務省職員",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    annual_cost_yen = models.PositiveIntegerField(
        "年間の人件費（円）",
        null=True,
        blank=True,
        help_text="非常勤職員（と令和6年度までの常勤職員）の特別交付税の見込みの計算に使います。",
    )
    appointment_date = YearRangeDateField("任命日", null=True, blank=True)
    appointment_number = models.CharField(
        "任命番号", max_length=20, unique=True, null=True, blank=True
    )
    end_date = YearRangeDateField("退任日", null=True, blank=True)
    end_reason = models.CharField("退任の理由", max_length=200, blank=True)
    source = models.CharField(
        "登録経路", max_length=10, choices=Source.choices, default=Source.PORTAL, editable=False
    )
    # Appointments loaded in bulk (accelerators.bulk) were checked before the portal existed: the
    # rule and its evidence are recorded as given, since experience periods were not.
    existing_basis = models.CharField(
        "任命時に確認した要件（一括登録）", max_length=12, choices=Basis.choices, blank=True
    )
    existing_evidence = models.TextField("要件の根拠（一括登録）", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作成者",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("作成日時", default=timezone.now)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["prefecture", "-created_at", "-id"]
        verbose_name = "アクセラレータの推薦"
        verbose_name_plural = "アクセラレータの推薦"
        permissions = [("import_nomination", "既存の任命を一括登録できる")]
        constraints = [
            models.CheckConstraint(
                name="nomination_appointed_has_date_and_number",
                condition=~Q(status__in=["appointed", "retired"])
                | Q(appointment_date__isnull=False, appointment_number__isnull=False),
            ),
            models.CheckConstraint(
                name="nomination_retired_has_end_date_and_reason",
                condition=~Q(status="retired") | (Q(end_date__isnull=False) & ~Q(end_reason="")),
            ),
            models.CheckConstraint(
                name="nomination_term_ends_after_start",
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("start_date")),
            ),
            models.CheckConstraint(
                name="nomination_is_for_prefecture_staff_not_contractors",
                condition=Q(employment_type__in=["permanent", "fixed_term", "part_time"]),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.prefecture}）"

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def term_end_missing(self):
        """A 任期付職員 whose 任期の終了日 is not recorded (never shown as 任期の定めなし)."""
        return self.employment_type == self.EmploymentType.FIXED_TERM and self.term_end is None

    @property
    def retirement_scheduled(self):
        """Retirement recorded with a 退任日 still to come (or today): still serving."""
        return self.status == self.Status.RETIRED and self.end_date >= timezone.localdate()

    @property
    def status_display(self):
        return "退任予定" if self.retirement_scheduled else self.get_status_display()

    @property
    def seconded_from_display(self):
        if self.seconded_from_id:
            return self.seconded_from.company_name
        return self.seconded_from_name


class ExperienceEntry(models.Model):
    """A period of digital work (or user-side 業務改革 with digital technology) before appointment."""

    class Kind(models.TextChoices):
        DIGITAL = "digital", "デジタル分野の実務"
        USER_SIDE = "user_side", "ユーザー側のDX（デジタル技術を活用した業務改革）"

    nomination = models.ForeignKey(
        Nomination, verbose_name="推薦", on_delete=models.CASCADE, related_name="experiences"
    )
    organisation = models.CharField("勤務先（企業・自治体など）", max_length=200)
    role = models.CharField("役職・業務内容", max_length=200)
    kind = models.CharField("経験の種類", max_length=20, choices=Kind.choices)
    started_on = YearRangeDateField("開始日")
    ended_on = YearRangeDateField(
        "終了日", null=True, blank=True, help_text="現在も続いている場合は空欄"
    )

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = "実務経験"
        verbose_name_plural = "実務経験"
        constraints = [
            models.CheckConstraint(
                name="experience_ends_after_it_starts",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            )
        ]

    def __str__(self):
        return f"{self.organisation} {self.started_on}～{self.ended_on or '現在'}"


class IpaPass(models.Model):
    nomination = models.ForeignKey(
        Nomination, verbose_name="推薦", on_delete=models.CASCADE, related_name="ipa_passes"
    )
    exam = models.ForeignKey(
        IpaExam, verbose_name="試験", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("合格年（西暦）")

    class Meta:
        ordering = ["year", "exam"]
        verbose_name = "IPA高度試験の合格"
        verbose_name_plural = "IPA高度試験の合格"

    def __str__(self):
        return f"{self.exam}（{self.year}年）"


class NominationTransition(models.Model):
    """One move of a nomination through the workflow (see accelerators.workflow)."""

    nomination = models.ForeignKey(
        Nomination, verbose_name="推薦", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField("変更前", max_length=20, choices=Nomination.Status.choices)
    to_status = models.CharField("変更後", max_length=20, choices=Nomination.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="変更者", on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField("変更日時", default=timezone.now)
    comment = models.TextField("コメント", blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = "推薦の状態の変更"
        verbose_name_plural = "推薦の状態の変更履歴"

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class AppointmentNumberCounter(models.Model):
    """The last appointment number given in a year; its row is the lock that serialises them."""

    year = models.PositiveSmallIntegerField("年（西暦）", primary_key=True)
    last_number = models.PositiveIntegerField("最後の番号", default=0)

    class Meta:
        verbose_name = "任命番号の採番"
        verbose_name_plural = "任命番号の採番"

    def __str__(self):
        return f"{self.year}年: {self.last_number}"
