"""協力可能人材: digital specialists who could become prefectural staff, and what they told us."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from accelerators.models import IpaExam, Nomination
from portal import access
from portal.fields import YearRangeDateField
from portal.models import (
    EntryStatusChange,
    OutboxMail,
    Prefecture,
    ReconfirmationRequestBase,
    ReconfirmationRoundBase,
    SelfServiceEntry,
    SelfServiceEntryQuerySet,
    reconfirmation_answer_constraint,
)
from portal.text import phone_display, text_key

from .choices import OrganisationType, Situation, WorkStyle


class Specialty(models.Model):
    """得意分野: the programme's 重点取組事項 and その他 (reference data, see migrations)."""

    code = models.CharField("コード", max_length=30, primary_key=True)
    name = models.CharField("得意分野", max_length=60, unique=True)
    position = models.PositiveSmallIntegerField("表示順", default=0)
    takes_text = models.BooleanField("内容を記入する（その他）", default=False)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = "得意分野"
        verbose_name_plural = "得意分野"

    def __str__(self):
        return self.name


def name_key(name):
    """Name without spaces or case, for spotting the same person registered twice."""
    return text_key(name, spaces=False)


def email_key(email):
    return text_key(email)


class SpecialistQuerySet(SelfServiceEntryQuerySet):
    def listed(self):
        return self.filter(status=Specialist.Status.LISTED)

    def provided(self):
        """掲載（都道府県に提供）, and not 未確認 (the yearly reconfirmation, talent.reconfirmation)."""
        return self.listed().excluding_unconfirmed()

    def choosing(self, prefecture):
        """Those who chose the prefecture, or 全国, or 相談に応じて."""
        chosen = Specialist.desired_prefectures.through.objects.filter(
            specialist=OuterRef("pk"), prefecture=prefecture
        )
        return self.filter(Exists(chosen) | Q(desires_anywhere=True) | Q(desires_on_request=True))

    def for_prefecture_staff(self, prefecture):
        """What a prefecture's staff may see: provided, and choosing their prefecture."""
        return self.provided().choosing(prefecture)

    def visible_to(self, user):
        """What a user may see in the staff pages: 総務省 every provided entry, a prefecture its own."""
        return access.visible_to(
            self,
            user,
            for_mic=SpecialistQuerySet.provided,
            for_prefecture=SpecialistQuerySet.for_prefecture_staff,
        )

    def with_possible_duplicates(self):
        """Annotate has_possible_duplicate: another entry has the same name key or e-mail."""
        others = Specialist.objects.exclude(pk=OuterRef("pk")).exclude(status="erased")
        others = others.filter(
            Q(name_key=OuterRef("name_key")) | Q(email_key=OuterRef("email_key"))
        )
        return self.annotate(has_possible_duplicate=Exists(others))

    def possible_duplicates_of(self, specialist):
        return (
            self.exclude(pk=specialist.pk)
            .exclude(status=Specialist.Status.ERASED)
            .filter(Q(name_key=specialist.name_key) | Q(email_key=specialist.email_key))
        )

    def available_by(self, month):
        """Those who can start in `month` (the first of a month) or earlier."""
        return self.filter(Q(available_now=True) | Q(available_from__lte=month))


class Specialist(SelfServiceEntry):
    """A 協力可能人材 entry: the answers, the receipt and the review."""

    class Status(models.TextChoices):
        RECEIVED = "received", "受付"
        CONFIRMED = "confirmed", "確認済"
        LISTED = "listed", "掲載（都道府県に提供）"
        RETURNED = "returned", "差戻し"
        WITHDRAWN = "withdrawn", "取下げ"
        DUPLICATE = "duplicate", "重複"
        ERASED = "erased", "消去済"

    # No longer in the pool: the personal link, 打診 and staff pages treat them as gone.
    CLOSED_STATUSES = (Status.WITHDRAWN, Status.DUPLICATE, Status.ERASED)

    status = models.CharField(
        "状態", max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )

    name = models.CharField("氏名", max_length=100)
    name_kana = models.CharField("ふりがな", max_length=100)
    name_key = models.CharField("氏名（重複判定用）", max_length=100, editable=False, db_index=True)
    email = models.EmailField("メールアドレス", blank=True)
    email_key = models.CharField(
        "メールアドレス（重複判定用）", max_length=254, editable=False, db_index=True
    )
    phone = models.CharField("電話番号", max_length=11, blank=True)
    residence = models.ForeignKey(
        Prefecture,
        verbose_name="現在お住まいの都道府県",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    desired_prefectures = models.ManyToManyField(
        Prefecture, verbose_name="勤務を希望する都道府県", related_name="+", blank=True
    )
    desires_anywhere = models.BooleanField("全国", default=False)
    desires_on_request = models.BooleanField("相談に応じて", default=False)
    style_permanent = models.BooleanField(WorkStyle.PERMANENT.label, default=False)
    style_fixed_term = models.BooleanField(WorkStyle.FIXED_TERM.label, default=False)
    style_part_time = models.BooleanField(WorkStyle.PART_TIME.label, default=False)
    style_on_request = models.BooleanField(WorkStyle.ON_REQUEST.label, default=False)
    available_now = models.BooleanField("すぐに勤務できる", default=False)
    available_from = YearRangeDateField("勤務開始可能時期（年月）", null=True, blank=True)
    situation = models.CharField("現在の状況", max_length=20, choices=Situation.choices, blank=True)
    specialties = models.ManyToManyField(
        Specialty, verbose_name="得意分野", related_name="specialists", blank=True
    )
    specialty_other_text = models.CharField("得意分野（その他）", max_length=200, blank=True)
    self_pr = models.TextField("自己PR", blank=True)
    url = models.URLField("URL（経歴・実績など）", max_length=500, blank=True)

    hired_by = models.ForeignKey(
        Prefecture,
        verbose_name="任用した都道府県",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hired_at = models.DateTimeField("任用済として記録した日時", null=True, blank=True)
    nomination = models.ForeignKey(
        Nomination,
        verbose_name="アクセラレータの推薦",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # NULL allowed since the table was made, though every entry is stored with a consent
    # (portal.self_service.entry_create): requiring it needs a look at the stored rows first.
    privacy_consented_at = models.DateTimeField("同意日時", null=True, blank=True)  # type: ignore[assignment]

    objects = SpecialistQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[desired_prefectures, specialties],
        excluded_fields=[
            "updated_at",
            "name_key",
            "email_key",
            "edit_link_version",
            "last_confirmed_at",
            "reconfirmation_deadline",
        ],
    )

    class Meta(SelfServiceEntry.Meta):
        verbose_name = "協力可能人材"
        verbose_name_plural = "協力可能人材"
        constraints = [
            models.CheckConstraint(
                name="specialist_starts_now_or_from_a_month",
                condition=Q(status="erased")
                | Q(available_now=True, available_from__isnull=True)
                | Q(available_now=False, available_from__isnull=False),
                violation_error_message="勤務開始可能時期は「すぐに」か年月のどちらか一方です。",
            ),
            models.CheckConstraint(
                name="specialist_erased_keeps_no_contact",
                condition=~Q(status="erased") | (Q(email="") & Q(phone="") & Q(self_pr="")),
                violation_error_message="消去済の登録に個人情報は残せません。",
            ),
            # The retention run finds what it has still to erase by erased_at (as for every
            # app's entries): an erased entry without it would be erased again every day.
            models.CheckConstraint(
                name="specialist_erased_has_erased_at",
                condition=~Q(status="erased") | Q(erased_at__isnull=False),
                violation_error_message="消去済の登録には消去日時が必要です。",
            ),
        ]

    def __str__(self):
        return f"{self.receipt_number or '（未採番）'} {self.name}"

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        self.email_key = email_key(self.email)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key", "email_key"}
        super().save(*args, **kwargs)

    @property
    def phone_display(self):
        return phone_display(self.phone)

    @property
    def work_style_labels(self):
        return [style.label for style in WorkStyle if getattr(self, style.value)]

    @property
    def available_display(self):
        if self.available_now:
            return "すぐに"
        return f"{self.available_from:%Y年%-m月}から" if self.available_from else "―"

    @property
    def hired_display(self):
        return f"任用済（{self.hired_by.name}）" if self.hired_by_id else ""


class SpecialistExperience(models.Model):
    """A period of digital work, by the kind of organisation (not its name)."""

    specialist = models.ForeignKey(
        Specialist,
        verbose_name="協力可能人材",
        on_delete=models.CASCADE,
        related_name="experiences",
    )
    organisation_type = models.CharField(
        "組織の種類", max_length=30, choices=OrganisationType.choices
    )
    role = models.CharField("役職・業務内容", max_length=200)
    started_on = YearRangeDateField("開始（年月）")
    ended_on = YearRangeDateField(
        "終了（年月）", null=True, blank=True, help_text="続いている場合は空欄"
    )
    user_side = models.BooleanField("システムを使う側（ユーザー側）のDX", default=False)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = "デジタル分野の実務経験"
        verbose_name_plural = "デジタル分野の実務経験"
        constraints = [
            models.CheckConstraint(
                name="specialist_experience_ends_after_it_starts",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                violation_error_message="終了は開始より後の年月にしてください。",
            )
        ]

    def __str__(self):
        return f"{self.get_organisation_type_display()} {self.role}"


class SpecialistExamPass(models.Model):
    specialist = models.ForeignKey(
        Specialist,
        verbose_name="協力可能人材",
        on_delete=models.CASCADE,
        related_name="exam_passes",
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


class SpecialistStatusChange(EntryStatusChange):
    """One move of an entry through the review (see talent.workflow)."""

    specialist = models.ForeignKey(
        Specialist,
        verbose_name="協力可能人材",
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField("変更前", max_length=20, choices=Specialist.Status.choices)
    to_status = models.CharField("変更後", max_length=20, choices=Specialist.Status.choices)


class SpecialistMail(OutboxMail):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", "受付メール"
        RETURNED = "returned", "差戻しの連絡"
        EDIT_LINK = "edit_link", "変更用リンク"
        WITHDRAWN = "withdrawn", "取下げの受付"
        ERASED = "erased", "消去の完了"
        RECONFIRMATION = "reconfirmation", "年次確認のお願い"
        RECONFIRMATION_REMINDER = "reconfirm_reminder", "年次確認のお願い（再送）"
        LISTED = "listed", "都道府県への提供のお知らせ"

    # Told once per entry (talent.mail.listed_queue): the database holds it too.
    ONCE_KINDS = (Kind.LISTED,)

    specialist = models.ForeignKey(
        Specialist, verbose_name="協力可能人材", on_delete=models.CASCADE, related_name="mails"
    )
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)

    class Meta(OutboxMail.Meta):
        verbose_name = "送信メール（協力可能人材）"
        verbose_name_plural = "送信メール（協力可能人材）"
        constraints = [
            models.UniqueConstraint(
                fields=["specialist", "kind"],
                condition=models.Q(kind__in=["listed"]),
                name="talent_specialistmail_once_per_kind",
                violation_error_message="このお知らせはすでに送っています。",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to}"

    @property
    def withheld(self):
        # News of the entry's progress stops once it was withdrawn or erased after the mail
        # was queued (an erasure blanks the address too); the withdrawal's own mail still goes.
        return self.kind in self.ONCE_KINDS and self.specialist.status in Specialist.CLOSED_STATUSES

    @property
    def forget_address_after_attempt(self):
        # The erasure confirmation goes to an address the entry no longer holds: tried once, the
        # address is blanked so that nothing personal stays.
        return self.kind == self.Kind.ERASED


class SpecialistReconfirmationRound(ReconfirmationRoundBase):
    """A round started by 総務省: every open entry not confirmed for a while is asked."""

    class Meta(ReconfirmationRoundBase.Meta):
        verbose_name = "年次確認（協力可能人材）"
        verbose_name_plural = "年次確認（協力可能人材）"


class SpecialistReconfirmationRequest(ReconfirmationRequestBase):
    """One entry asked in one round; answered by 変更なし or by an edit (変更あり)."""

    round = models.ForeignKey(
        SpecialistReconfirmationRound,
        verbose_name="年次確認",
        on_delete=models.CASCADE,
        related_name="requests",
    )
    specialist = models.ForeignKey(
        Specialist,
        verbose_name="協力可能人材",
        on_delete=models.CASCADE,
        related_name="reconfirmation_requests",
    )

    class Meta(ReconfirmationRequestBase.Meta):
        verbose_name = "年次確認の依頼（協力可能人材）"
        verbose_name_plural = "年次確認の依頼（協力可能人材）"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "specialist"], name="specialist_reconfirmation_once_per_round"
            ),
            reconfirmation_answer_constraint("specialist_reconfirmation_answer_iff_answered"),
        ]

    def __str__(self):
        return f"{self.specialist} （{self.round}）"
