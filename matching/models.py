"""A prefecture's needs (募集), the 打診 it sends to companies and people, and what came of them."""

from datetime import date
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accelerators.models import Nomination
from portal import access
from portal.fields import YearRangeDateField
from portal.models import OutboxMail, Prefecture
from registry.models import Registration
from talent.models import Specialist, Specialty

from .choices import DeclineReason, NeedPeriod, NeedWorkStyle, Outcome, Response

# 進み具合 that still wait for the prefecture: a 打診 in one of them past its follow-up date is
# overdue (面談 too: a meeting with no decision is what follow-up dates are for).
OPEN_OUTCOMES = (Outcome.CONTACTING, Outcome.INTERVIEW)

# What needs stored before 担当部署 was asked hold until their staff fill it in (migration 0004).
DEPARTMENT_UNSET = "（未設定）"


class NeedQuerySet(models.QuerySet["Need"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """総務省 sees every need; a prefecture's staff their own prefecture's; others none."""
        return access.visible_to(self, user)

    def open(self) -> Self:
        return self.filter(status=Need.Status.OPEN)

    def with_unseen_replies(self) -> Self:
        """Each need with `unseen_replies`: how many of its 打診's replies nobody of the
        prefecture has looked at yet (ApproachQuerySet.reply_unseen), in the same query."""
        unseen = (
            Approach.objects.reply_unseen()
            .filter(need=models.OuterRef("pk"))
            .order_by()
            .values("need")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            unseen_replies=Coalesce(models.Subquery(unseen), 0, output_field=models.IntegerField())
        )


class Need(models.Model):
    """募集: what a prefecture is looking for, to match against companies and people."""

    class Status(models.TextChoices):
        DRAFT = "draft", "下書き"
        OPEN = "open", "募集中"
        FILLED = "filled", "充足"
        CLOSED = "closed", "終了"

    prefecture = models.ForeignKey(
        Prefecture, verbose_name="都道府県", on_delete=models.PROTECT, related_name="needs"
    )
    status = models.CharField(
        "状態", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    title = models.CharField("募集の名称", max_length=100)
    duties = models.TextField("業務内容")
    specialties = models.ManyToManyField(
        Specialty, verbose_name="求める得意分野", related_name="+", blank=True
    )
    wants_permanent = models.BooleanField(NeedWorkStyle.PERMANENT.label, default=False)
    wants_fixed_term = models.BooleanField(NeedWorkStyle.FIXED_TERM.label, default=False)
    wants_part_time = models.BooleanField(NeedWorkStyle.PART_TIME.label, default=False)
    workplace = models.CharField(
        "勤務地",
        max_length=200,
        blank=True,
        help_text="空欄なら都道府県庁。市町村名などを記入できます。",
    )
    period = models.CharField("期間", max_length=20, choices=NeedPeriod.choices)
    headcount = models.PositiveSmallIntegerField("人数")
    start_month = YearRangeDateField("開始時期（年月）")
    # The prefecture's department that asks: 打診 mails and the reply page speak in its name
    # (「北海道 デジタル推進課より」). Needs stored before it existed hold DEPARTMENT_UNSET.
    department = models.CharField(
        "担当部署", max_length=100, help_text="例：総合政策部 デジタル推進課"
    )
    contact = models.TextField(
        "応募・問合せ先", help_text="部署、担当者、電話番号、メールアドレスなど"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作成者", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("作成日時", default=timezone.now)
    opened_at = models.DateTimeField("募集を始めた日時", null=True, blank=True)
    # When it became 充足 or 終了: the replies and mails of its 打診 are erased a while later
    # (matching.retention).
    closed_at = models.DateTimeField("募集を終えた日時", null=True, blank=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = NeedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[specialties], excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "募集"
        verbose_name_plural = "募集"
        constraints = [
            models.CheckConstraint(
                name="need_offers_a_work_style",
                condition=Q(wants_permanent=True)
                | Q(wants_fixed_term=True)
                | Q(wants_part_time=True),
                violation_error_message="勤務形態を1つ以上選んでください。",
            ),
            models.CheckConstraint(
                name="need_wants_at_least_one_person",
                condition=Q(headcount__gte=1),
                violation_error_message="人数は1人以上にしてください。",
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.prefecture}）"

    @property
    def work_style_labels(self):
        return [style.label for style in NeedWorkStyle if getattr(self, style.value)]

    @property
    def department_set(self):
        return bool(self.department) and self.department != DEPARTMENT_UNSET

    @property
    def office_display(self):
        """Who the need speaks for: the prefecture and its department (the prefecture alone
        for a need stored before departments were asked, until staff fill it in)."""
        name = self.prefecture.name
        if not self.department_set:
            return name
        # Staff may type the department with its prefecture (「東京都デジタル推進課」): kept as
        # typed, and not named twice.
        if self.department.startswith(name):
            return self.department
        return f"{name} {self.department}"

    @property
    def workplace_display(self):
        return self.workplace or f"{self.prefecture.name}庁"

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.OPEN)


# What staff pages show in place of a recipient who withdrew (or was erased).
WITHDRAWN_RECIPIENT = "取下げ済み"


def _recipient_open() -> Q:
    """The recipient has not withdrawn nor been erased: staff pages show nothing else of them."""
    return ~Q(registration__status__in=Registration.CLOSED_STATUSES) & ~Q(
        specialist__status__in=Specialist.CLOSED_STATUSES
    )


class ApproachQuerySet(models.QuerySet["Approach"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The 打診 of the needs the user may see."""
        return access.visible_to(self, user, prefecture_field="need__prefecture")

    def reply_unseen(self) -> Self:
        """A reply (or a changed reply) that no member of the prefecture has looked at yet: the
        打診 page was not opened by them since it arrived (Approach.reply_seen_at)."""
        return self.filter(
            Q(responded_at__isnull=False) & ~Q(response=""),
            Q(reply_seen_at__isnull=True) | Q(reply_seen_at__lt=F("responded_at")),
            _recipient_open(),
        )

    def overdue(self, today: date | None = None) -> Self:
        """Past their follow-up date (before today) with no 任用決定 or 見送り yet, in a 募集
        still open, to a recipient still in the pool. 打診 without a date are never overdue."""
        today = today or timezone.localdate()
        return self.filter(
            _recipient_open(),
            follow_up_on__lt=today,
            outcome__in=OPEN_OUTCOMES,
            need__status=Need.Status.OPEN,
        )


class Approach(models.Model):
    """打診: a prefecture asks a company or a person whether they are interested in a need."""

    need = models.ForeignKey(
        Need, verbose_name="募集", on_delete=models.PROTECT, related_name="approaches"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name="協力企業・団体",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    specialist = models.ForeignKey(
        Specialist,
        verbose_name="協力可能人材",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="送った人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField("送った日時", default=timezone.now)
    response = models.CharField("返答", max_length=20, choices=Response.choices, blank=True)
    response_message = models.TextField("返答のメッセージ", blank=True)
    responded_at = models.DateTimeField("返答の日時", null=True, blank=True)
    outcome = models.CharField(
        "進み具合",
        max_length=20,
        choices=Outcome.choices,
        default=Outcome.CONTACTING,
        db_index=True,
    )
    decline_reason = models.CharField(
        "見送りの理由", max_length=30, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField("見送りの理由（詳しく）", blank=True)
    hired_at = models.DateTimeField("任用決定の日時", null=True, blank=True)
    seconded_count = models.PositiveSmallIntegerField("出向を受ける人数", null=True, blank=True)
    nominations = models.ManyToManyField(
        Nomination, verbose_name="アクセラレータの推薦", related_name="+", blank=True
    )
    # When the prefecture should look at it again (approaches_send: 14 days after sending; its
    # staff may change it). 打診 sent before the date existed have none until staff set one.
    follow_up_on = YearRangeDateField("次の確認日", null=True, blank=True, db_index=True)
    # When a member of the prefecture last opened the 打診 page with a reply on it: a reply that
    # arrived (or changed) after that is unseen (ApproachQuerySet.reply_unseen).
    reply_seen_at = models.DateTimeField("返答を見た日時", null=True, blank=True, editable=False)
    link_version = models.PositiveIntegerField("返答用リンクの版", default=0, editable=False)
    # Set when the reply, the notes and the mails were erased (matching.retention): the 打診 stays
    # as a record of who was asked and how it went.
    personal_data_erased_at = models.DateTimeField(
        "返答とメールの消去日時", null=True, blank=True, editable=False
    )

    objects = ApproachQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[nominations], excluded_fields=["personal_data_erased_at", "reply_seen_at"]
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "打診"
        verbose_name_plural = "打診"
        constraints = [
            models.CheckConstraint(
                name="approach_goes_to_a_company_or_a_person",
                condition=Q(registration__isnull=False, specialist__isnull=True)
                | Q(registration__isnull=True, specialist__isnull=False),
                violation_error_message="打診の相手は企業・団体か人材のどちらか一方です。",
            ),
            models.UniqueConstraint(
                fields=["need", "registration"],
                name="approach_once_per_company_and_need",
                violation_error_message="この企業・団体には、この募集ですでに打診しています。",
            ),
            models.UniqueConstraint(
                fields=["need", "specialist"],
                name="approach_once_per_person_and_need",
                violation_error_message="この人材には、この募集ですでに打診しています。",
            ),
            models.CheckConstraint(
                name="approach_declined_has_a_reason",
                condition=~Q(outcome="declined") | ~Q(decline_reason=""),
                violation_error_message="見送りの理由を選んでください。",
            ),
        ]

    def __str__(self):
        return f"{self.need.title} → {self.recipient_name}"

    @property
    def is_overdue(self):
        """The one rule of ApproachQuerySet.overdue, for a row already loaded."""
        return (
            self.follow_up_on is not None
            and self.follow_up_on < timezone.localdate()
            and self.outcome in OPEN_OUTCOMES
            and self.need.status == Need.Status.OPEN
            and not self.recipient_closed
        )

    @property
    def reply_is_unseen(self):
        return (
            bool(self.response)
            and self.responded_at is not None
            and (self.reply_seen_at is None or self.reply_seen_at < self.responded_at)
            and not self.recipient_closed
        )

    @property
    def recipient(self):
        return self.registration if self.registration_id else self.specialist

    @property
    def recipient_closed(self):
        """The company or person withdrew, was found a duplicate or was erased: staff see none
        of their details any more (the 打診 still counts in the funnel)."""
        return self.recipient.status in type(self.recipient).CLOSED_STATUSES

    @property
    def recipient_name(self):
        if self.recipient_closed:
            return WITHDRAWN_RECIPIENT
        return self.registration.company_name if self.registration_id else self.specialist.name

    @property
    def recipient_email(self):
        """Where the 打診 mail goes; "" once the recipient is closed."""
        return "" if self.recipient_closed else self.recipient.email

    @property
    def recipient_receipt_number(self):
        """The recipient's own receipt number, by which they know their registration."""
        return self.recipient.receipt_number

    @property
    def recipient_kind(self):
        return "企業・団体" if self.registration_id else "人材"


class ApproachMail(OutboxMail):
    class Kind(models.TextChoices):
        APPROACH = "approach", "打診のメール"
        INTERVIEW = "interview", "面談のお知らせ"
        HIRED = "hired", "任用決定のお知らせ"

    # Told once per 打診 (matching.mail.outcome_mail_queue): a 面談 recorded again after a
    # 見送り was reopened is no news to the recipient. The database holds it too.
    ONCE_KINDS = (Kind.INTERVIEW, Kind.HIRED)

    approach = models.ForeignKey(
        Approach, verbose_name="打診", on_delete=models.CASCADE, related_name="mails"
    )
    kind = models.CharField("種類", max_length=20, choices=Kind.choices, default=Kind.APPROACH)

    class Meta(OutboxMail.Meta):
        verbose_name = "送信メール（打診）"
        verbose_name_plural = "送信メール（打診）"
        constraints = [
            models.UniqueConstraint(
                fields=["approach", "kind"],
                condition=models.Q(kind__in=["interview", "hired"]),
                name="matching_approachmail_once_per_kind",
                violation_error_message="このお知らせはすでに送っています。",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.shown_to}"

    @property
    def withheld(self):
        # Nothing of a 打診 goes once the recipient withdrew or was erased after it was queued:
        # neither the 打診 itself (its reply link would work) nor the news of a 面談 or 任用決定.
        return self.approach.recipient_closed

    @property
    def shown_to(self):
        """The address as staff may see it: none once the recipient withdrew."""
        return WITHDRAWN_RECIPIENT if self.approach.recipient_closed else self.to
