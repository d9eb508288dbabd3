"""What every part of the site shares: the prefectures, who works for which, the export log, and
uploaded files waiting to be confirmed (with the log of what was imported)."""

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Self, TypeVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from .dates import date_year_validate
from .hooks import app_hook_values

_Entry = TypeVar("_Entry", bound=models.Model)


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

    def __str__(self) -> str:
        return self.name


def names_by_region(prefectures: Iterable["Prefecture"]) -> list[str]:
    """「関東：東京都、神奈川県」, one line per region in JIS order: a choice of many prefectures,
    readable at a glance. A region of one prefecture of its own name is just that name (北海道)."""
    regions: dict[str, list[str]] = {}
    for prefecture in sorted(prefectures, key=lambda p: p.code):
        regions.setdefault(prefecture.get_region_display(), []).append(prefecture.name)
    return [
        names[0] if [region] == names else f"{region}：{'、'.join(names)}"
        for region, names in regions.items()
    ]


class PrefectureMembership(models.Model):
    """The prefecture a staff user works for; prefecture staff see only what concerns it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="ユーザー",
        on_delete=models.CASCADE,
        related_name="prefecture_membership",
    )
    prefecture = models.ForeignKey(
        Prefecture, verbose_name="所属する都道府県", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "都道府県の所属"
        verbose_name_plural = "都道府県の所属"

    def __str__(self) -> str:
        return f"{self.user} （{self.prefecture}）"


class ExportLog(models.Model):
    """Who took which personal data out, and when (every Excel download is recorded)."""

    # Each app names its own kinds (AppConfig.export_kinds); see export_kind_label below.
    kind = models.CharField("出力の種類", max_length=30)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="出力した人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    prefecture = models.ForeignKey(
        Prefecture,
        verbose_name="都道府県",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    exported_at = models.DateTimeField("出力日時", default=timezone.now)
    conditions = models.TextField("出力条件", blank=True)
    row_count = models.PositiveIntegerField("件数")
    file_name = models.CharField("ファイル名", max_length=200)

    class Meta:
        ordering = ["-exported_at", "-id"]
        verbose_name = "Excel出力の記録"
        verbose_name_plural = "Excel出力の記録"

    def __str__(self) -> str:
        return f"{self.exported_at:%Y-%m-%d %H:%M} {self.user} {self.file_name}"

    @property
    def kind_label(self) -> str:
        return export_kind_label(self.kind)


def export_kind_label(kind: str) -> str:
    """The Japanese name an app gives one of its export kinds (AppConfig.export_kinds)."""
    for _, kinds in app_hook_values("export_kinds"):
        if label := kinds.get(kind):
            return label
    return kind


class OutboxQuerySet(models.QuerySet["OutboxMail"]):
    def unsent(self) -> Self:
        return self.filter(sent_at__isnull=True)

    def claimable(self, now: datetime) -> Self:
        """Unsent, and not held by a worker (never claimed, or its lease ran out: a dead worker).

        A row whose address was blanked after its one attempt (forget_address_after_attempt) is
        never taken again.
        """
        return (
            self.unsent()
            .exclude(to="")
            .filter(models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now))
        )


class OutboxMail(models.Model):
    """A message stored before it is sent, so that a failing mail server never loses one.

    Each app keeps its own outbox (a subclass with a link to what the mail is about); sending is
    the same for all (portal.outbox): the row is the truth, the task queue only a prompt.
    """

    to = models.EmailField("宛先")
    subject = models.CharField("件名", max_length=255)
    body = models.TextField("本文")
    created_at = models.DateTimeField("作成日時", default=timezone.now)
    sent_at = models.DateTimeField("送信日時", null=True, blank=True)
    last_error = models.CharField("直近の送信エラー", max_length=500, blank=True)
    # A worker holds the row while it sends; a worker killed mid-send lets the lease run out.
    claimed_until = models.DateTimeField("送信中（期限）", null=True, blank=True)
    attempts = models.PositiveIntegerField("送信の試行回数", default=0)

    objects = OutboxQuerySet.as_manager()

    # Mails whose address must not outlive the attempt (talent's erasure confirmation).
    forget_address_after_attempt = False
    # Mails that must not go any more, checked again just before sending (news of an entry's
    # progress whose entry was withdrawn meanwhile): portal.outbox.outbox_attempt drops them.
    withheld = False

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class PendingImport(models.Model):
    """An uploaded file's rows waiting for their uploader to confirm them (see portal.imports).

    Kept in the database, never on an app server's disk, so any server can show and confirm it;
    deleted when confirmed or cancelled, and purged with its data an hour after the upload.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Each app names its own kinds (AppConfig.import_kinds), as it does for exports.
    kind = models.CharField("取込みの種類", max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="取り込む人",
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField("読み込んだ日時", default=timezone.now)
    expires_at = models.DateTimeField("有効期限", db_index=True)
    file_name = models.CharField("ファイル名", max_length=255)
    file_sha256 = models.CharField("ファイルのSHA-256", max_length=64)
    # [[row number, {column key: text}], ...]: only the columns the import reads.
    rows = models.JSONField("行", default=list)
    # What the confirmation page shows: counts, problems, possible duplicates, a sample; or
    # {"error": why the file cannot be read}. None while a large file waits for the worker to
    # read it (portal.tasks.import_check), which also empties `content`.
    preview = models.JSONField("確認画面の内容", null=True)
    content = models.BinaryField("読み込み前のファイル", null=True, editable=False)

    class Meta:
        verbose_name = "確認待ちの取込み"
        verbose_name_plural = "確認待ちの取込み"

    def __str__(self) -> str:
        return f"{self.file_name}（{self.created_at:%Y-%m-%d %H:%M}）"

    @property
    def checking(self) -> bool:
        return self.preview is None

    @property
    def unreadable(self) -> str:
        """Why the file could not be read, or ""."""
        return (self.preview or {}).get("error", "")


class PendingReconfirmationRound(models.Model):
    """A yearly reconfirmation round as its preview showed it (portal.reconfirmation).

    The entries it will ask are fixed when the preview is made, so that every page of the
    preview and the round itself name the same entries: confirming mails those of them still due
    and no other. Confirming is a conditional update of `confirmed_at`, so a second press (or a
    second request at the same moment) starts nothing. It then keeps what came of it for the
    result page: the round, how many were asked, and how many were left out and why. Only ids,
    no personal data; purged an hour after the preview.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The app whose entries it asks (its AppConfig.reconfirmation).
    app_label = models.CharField("アプリ", max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="確認した人",
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField("確認画面の作成日時", default=timezone.now)
    expires_at = models.DateTimeField("有効期限", db_index=True)
    # The previewed entries' ids, in the preview's order.
    entry_ids = models.JSONField("対象のID", default=list)
    unconfirmed = models.PositiveIntegerField("うち未確認の件数", default=0)
    confirmed_at = models.DateTimeField("開始を押した日時", null=True, blank=True)
    # What came of it, once the round is stored (on the worker, or at once).
    round_id = models.PositiveIntegerField("始めた年次確認のID", null=True, blank=True)
    asked = models.PositiveIntegerField("送付した件数", null=True, blank=True)
    # {reason (Japanese): how many previewed entries were not asked for it}
    left_out = models.JSONField("送付しなかった件数と理由", default=dict)

    class Meta:
        verbose_name = "確認中の年次確認"
        verbose_name_plural = "確認中の年次確認"

    def __str__(self) -> str:
        return f"{self.app_label} の年次確認の確認画面（{self.created_at:%Y-%m-%d %H:%M}）"


class ImportLog(models.Model):
    """Who imported which file, when, and how many rows became records (no personal data)."""

    kind = models.CharField("取込みの種類", max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="取り込んだ人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField("取り込んだ日時", default=timezone.now)
    file_name = models.CharField("ファイル名", max_length=255)
    file_sha256 = models.CharField("ファイルのSHA-256", max_length=64, db_index=True)
    row_count = models.PositiveIntegerField("ファイルの行数")
    imported_count = models.PositiveIntegerField("取り込んだ件数")
    skipped_count = models.PositiveIntegerField("取り込まなかった件数（重複の可能性）")

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = "取込みの記録"
        verbose_name_plural = "取込みの記録"

    def __str__(self) -> str:
        return f"{self.imported_at:%Y-%m-%d %H:%M} {self.user} {self.file_name}"

    @property
    def kind_label(self) -> str:
        return import_kind_label(self.kind)


def import_kind_label(kind: str) -> str:
    """The Japanese name an app gives one of its import kinds (AppConfig.import_kinds)."""
    for _, kinds in app_hook_values("import_kinds"):
        if label := kinds.get(kind):
            return label
    return kind


def entries_closed_before(
    entries: models.QuerySet[_Entry],
    *,
    changes: models.QuerySet[Any] | models.Manager[Any],
    entry_field: str,
    statuses: Iterable[str],
    moment: datetime,
) -> models.QuerySet[_Entry]:
    """The entries (registrations, talent entries) in one of the closed `statuses` since before
    `moment`, annotated with `closed_at`: when they reached their present state (the latest of
    their status changes, `changes`, that led there; else their last update)."""
    closed_at = changes.filter(
        **{entry_field: OuterRef("pk"), "to_status": OuterRef("status")}
    ).order_by("-changed_at")
    return (
        entries.filter(status__in=statuses)
        .annotate(closed_at=Coalesce(Subquery(closed_at.values("changed_at")[:1]), "updated_at"))
        .filter(closed_at__lt=moment)
    )


class ReconfirmedQuerySet(models.QuerySet[_Entry]):
    """Entries asked once a year whether their answers still hold (portal.reconfirmation)."""

    def unconfirmed(self) -> Self:
        """未確認: the deadline of a yearly reconfirmation passed without an answer."""
        return self.filter(reconfirmation_deadline__lt=timezone.now())

    def excluding_unconfirmed(self) -> Self:
        """Without the 未確認 ones, which leave every list until they confirm (never deleted)."""
        return self.exclude(reconfirmation_deadline__lt=timezone.now())


class SelfServiceEntryQuerySet(ReconfirmedQuerySet[_Entry]):
    def closed_before(self, moment: datetime) -> models.QuerySet[_Entry]:
        """In one of the entry's CLOSED_STATUSES (取下げ, 重複…) since before `moment`, annotated
        with `closed_at`."""
        # An app's entry model: its status_changes link and CLOSED_STATUSES are its own.
        entry: Any = self.model
        changes = entry.status_changes.rel  # the app's EntryStatusChange, by its link
        return entries_closed_before(
            self,
            changes=changes.related_model.objects,
            entry_field=changes.field.name,
            statuses=entry.CLOSED_STATUSES,
            moment=moment,
        )


class SelfServiceEntry(models.Model):
    """What every self-registered entry (a registration, a talent entry) keeps besides its
    answers: its receipt, its personal link, the consent, the yearly reconfirmation and erasure
    (portal.self_service, portal.reconfirmation). Each app adds its status, answers and history."""

    # NULL until numbered from the id in the same transaction: unique, yet never "" twice.
    receipt_number = models.CharField(  # noqa: DJ001
        "受付番号", max_length=20, unique=True, null=True
    )
    # Set once per confirmed submission so a double click or a refresh cannot store it twice.
    submission_token = models.UUIDField(
        "送信トークン", unique=True, default=uuid.uuid4, editable=False
    )
    # Personal links carry this number; raising it makes every link issued before stop working.
    edit_link_version = models.PositiveIntegerField("変更用リンクの版", default=0, editable=False)
    privacy_notice_version = models.CharField("同意した個人情報の取扱いの版", max_length=20)
    privacy_consented_at = models.DateTimeField("同意日時")
    # When the person last said the answers hold (registering, editing or 変更なし), and the
    # deadline of an unanswered yearly request.
    last_confirmed_at = models.DateTimeField("最終確認日", default=timezone.now, editable=False)
    reconfirmation_deadline = models.DateTimeField(
        "年次確認の回答期限", null=True, blank=True, editable=False, db_index=True
    )
    # Set when the personal data was erased (the app's retention, or at the person's request).
    erased_at = models.DateTimeField("個人情報の消去日時", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("登録日時", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_unconfirmed(self) -> bool:
        """未確認 now (ReconfirmedQuerySet.unconfirmed, for one entry in hand): left out of every
        list until the person confirms; their edit page says so."""
        deadline = self.reconfirmation_deadline
        return deadline is not None and deadline < timezone.now()


class EntryStatusChange(models.Model):
    """One move of an entry through its app's review. Each app adds the link to its entry and
    gives from_status and to_status its entry's Status choices."""

    from_status = models.CharField("変更前", max_length=20)
    to_status = models.CharField("変更後", max_length=20)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="変更者",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField("変更日時", default=timezone.now)
    comment = models.TextField("コメント・連絡事項", blank=True)

    class Meta:
        abstract = True
        ordering = ["-changed_at", "-id"]
        verbose_name = "状態の変更"
        verbose_name_plural = "状態の変更履歴"

    def __str__(self) -> str:
        # The apps' subclasses give from_status and to_status their choices (get_*_display).
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"  # type: ignore[attr-defined]


class ReconfirmationRoundQuerySet(models.QuerySet["ReconfirmationRoundBase"]):
    def with_report(
        self, *, entry_field: str, closed: Iterable[str], now: datetime | None = None
    ) -> Self:
        """Annotate each round with its figures: sent, unchanged, changed, waiting, unconfirmed,
        and closed (unanswered, but the entry was withdrawn since: no answer is needed).

        `entry_field` is the request's link to its entry, `closed` the statuses never asked."""
        now = now or timezone.now()
        unanswered = Q(requests__answered_at__isnull=True)
        withdrawn = Q(**{f"requests__{entry_field}__status__in": closed})
        still_asked = unanswered & ~withdrawn
        return self.annotate(
            sent=Count("requests"),
            unchanged=Count("requests", filter=Q(requests__answer="unchanged")),
            changed=Count("requests", filter=Q(requests__answer="changed")),
            waiting=Count("requests", filter=still_asked & Q(requests__deadline__gte=now)),
            unconfirmed=Count("requests", filter=still_asked & Q(requests__deadline__lt=now)),
            closed=Count("requests", filter=unanswered & withdrawn),
        )


class ReconfirmationRoundBase(models.Model):
    """A round started by 総務省: every open entry not confirmed for a while is asked. Each app
    keeps its own rounds, whose requests (related name `requests`) point at its entries."""

    started_at = models.DateTimeField("開始日時", default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="開始した人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    months = models.PositiveSmallIntegerField("対象（最終確認からの月数）")
    deadline_days = models.PositiveSmallIntegerField("回答期限（送付からの日数）")

    objects = ReconfirmationRoundQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.started_at):%Y年%m月%d日} の年次確認"


class ReconfirmationRequestBase(models.Model):
    """One entry asked in one round; answered by 変更なし or by an edit (変更あり)."""

    class Answer(models.TextChoices):
        UNCHANGED = "unchanged", "変更なし"
        CHANGED = "changed", "変更あり"

    sent_at = models.DateTimeField("送付日時")
    deadline = models.DateTimeField("回答期限")
    reminders_sent = models.PositiveSmallIntegerField("督促の回数", default=0)
    answered_at = models.DateTimeField("回答日時", null=True, blank=True)
    answer = models.CharField("回答", max_length=10, choices=Answer.choices, blank=True)

    class Meta:
        abstract = True
        ordering = ["-sent_at", "-id"]


def reconfirmation_answer_constraint(name: str) -> models.CheckConstraint:
    """An answer exactly when the request was answered (each app names its own constraint)."""
    return models.CheckConstraint(
        name=name,
        condition=Q(answered_at__isnull=True, answer="")
        | Q(answered_at__isnull=False, answer__in=["unchanged", "changed"]),
    )


class RetentionRun(models.Model):
    """One run of the daily retention (portal.retention): what each app erased, and when.

    Every run is recorded, also one that erased nothing, so that the record shows the rule is
    applied. `report` holds one part per app (portal.retention.RetentionPart, as a dict).
    """

    ran_at = models.DateTimeField("実行日時", default=timezone.now)
    entries = models.PositiveIntegerField("個人情報を消去した件数", default=0)
    report = models.JSONField("消去の内容（種類ごと）", default=list)
    pending_imports = models.PositiveIntegerField("削除した期限切れの取込み", default=0)
    login_logs = models.PositiveIntegerField("削除したログインの記録", default=0)

    class Meta:
        ordering = ["-ran_at", "-id"]
        verbose_name = "個人情報の消去の記録"
        verbose_name_plural = "個人情報の消去の記録"

    def __str__(self) -> str:
        return f"{timezone.localtime(self.ran_at):%Y-%m-%d %H:%M} {self.entries}件"

    def part(self, label: str) -> dict[str, Any]:
        """The part of the report for one kind of record (by its label), or {}."""
        return next((part for part in self.report if part.get("label") == label), {})


class MailText(models.Model):
    """The wording of one kind of mail (Django template syntax), editable by 総務省 in the admin.

    `key` is "<app>.<kind>" (declared by the app, portal.mail_texts.MailKind). The text as shipped
    is kept beside the text in use: a data migration that ships a new version replaces only a
    text nobody edited (portal.mail_texts.shipped_texts_load), and the admin can show or restore it.
    """

    key = models.CharField("キー", max_length=60, primary_key=True)
    subject = models.CharField("件名", max_length=255)
    body = models.TextField("本文")
    shipped_subject = models.CharField("既定の件名", max_length=255, editable=False)
    shipped_body = models.TextField("既定の本文", editable=False)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = "メールの文面"
        verbose_name_plural = "メールの文面"

    def __str__(self) -> str:
        return self.key

    @property
    def edited(self) -> bool:
        """Whether 総務省 changed it from the text as shipped."""
        return (self.subject, self.body) != (self.shipped_subject, self.shipped_body)


class StaffInvitationQuerySet(models.QuerySet["StaffInvitation"]):
    def open(self) -> Self:
        """Waiting for the invited person: neither accepted nor withdrawn."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)


class StaffInvitation(models.Model):
    """総務省 invites a staff member by e-mail (portal.staff_accounts): the person sets their own
    password through a signed, single-use link, so nobody else ever sees or types it.

    The account is made only when the invitation is accepted, with the role chosen here: 総務省
    (no prefecture) or the staff of one prefecture. Resending raises `link_version`, which stops
    every link sent before; accepting or withdrawing closes the invitation for good.
    """

    name = models.CharField("氏名", max_length=150)
    email = models.EmailField("メールアドレス")
    # None: 総務省 staff; else the prefecture whose staff the person becomes.
    prefecture = models.ForeignKey(
        Prefecture,
        verbose_name="都道府県（空欄は総務省）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="招待した人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("招待日時", default=timezone.now)
    sent_at = models.DateTimeField("最後に送った日時", default=timezone.now)
    sent_count = models.PositiveSmallIntegerField("送った回数", default=1)
    # Carried by the link: raising it (a resend) makes every older link stop working.
    link_version = models.PositiveIntegerField("招待リンクの版", default=0, editable=False)
    accepted_at = models.DateTimeField("受諾日時", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="作られたアカウント",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_invitation",
    )
    withdrawn_at = models.DateTimeField("取消日時", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="取り消した人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = StaffInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "職員の招待"
        verbose_name_plural = "職員の招待"
        constraints = [
            # One open invitation per address, however its letters are cased.
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="portal_one_open_invitation_per_address",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="portal_invitation_accepted_or_withdrawn",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_by__isnull=False),
                name="portal_invitation_withdrawn_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.email}）"

    @property
    def role_label(self) -> str:
        return f"{self.prefecture.name}の職員" if self.prefecture else "総務省の職員"

    @property
    def state_label(self) -> str:
        if self.accepted_at:
            return "受諾済み"
        if self.withdrawn_at:
            return "取消済み"
        return "受諾待ち"


class StaffInvitationMail(OutboxMail):
    """The invitation mails (the first and every resend), sent through the outbox."""

    invitation = models.ForeignKey(
        StaffInvitation, verbose_name="招待", on_delete=models.CASCADE, related_name="mails"
    )

    class Meta(OutboxMail.Meta):
        verbose_name = "送信メール（職員の招待）"
        verbose_name_plural = "送信メール（職員の招待）"

    def __str__(self) -> str:
        return f"職員の招待 → {self.to}"


class StaffAccountMail(OutboxMail):
    """Mails about a staff account itself (the password reset), sent through the outbox."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="アカウント",
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta(OutboxMail.Meta):
        verbose_name = "送信メール（職員のアカウント）"
        verbose_name_plural = "送信メール（職員のアカウント）"

    def __str__(self) -> str:
        return f"職員のアカウント → {self.to}"


class StaffEventQuerySet(models.QuerySet["StaffEvent"]):
    def for_audience(self, audience: str) -> Self:
        """The events meant for one audience: a prefecture's code, or StaffEvent.MIC."""
        return self.filter(audience=audience)


class StaffEvent(models.Model):
    """Something staff should hear of (a reply to their 打診, an entry waiting for review…),
    recorded once by the app where it happened (portal.notifications.event_record).

    Mails are made from it: at once for those who chose so, and in the daily digest, which takes
    every event up to the highest id it saw (portal.notifications.digests_send).
    """

    MIC = "mic"  # the audience of events for 総務省's staff (else a prefecture's JIS code)

    # Declared by the app that records it (AppConfig.staff_events, portal.notifications).
    kind = models.CharField("種類", max_length=40)
    occurred_at = models.DateTimeField("日時", default=timezone.now, db_index=True)
    audience = models.CharField("宛先の職員", max_length=3)
    prefecture = models.ForeignKey(
        Prefecture,
        verbose_name="都道府県",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the event is about ("app_label.model", pk): the same event is never recorded twice.
    about_model = models.CharField("対象の種類", max_length=60)
    about_pk = models.CharField("対象のID", max_length=40)
    # Tells apart events about the same object that are each worth a mail (a reply changed
    # from 関心あり to 今回は見送り); "" for most kinds.
    about_version = models.CharField("対象の版", max_length=40, blank=True)
    # The entry (a company's registration, a talent entry) whose personal data the text holds:
    # erasing it blanks the event and its mails (portal.notifications.event_copies_erase).
    person_model = models.CharField("個人情報の出典", max_length=60, blank=True)
    person_pk = models.CharField("個人情報の出典のID", max_length=40, blank=True)
    office = models.CharField("担当", max_length=200)
    title = models.CharField("見出し", max_length=255)
    details = models.TextField("内容", blank=True)
    link = models.CharField("職員のページ", max_length=255)
    erased_at = models.DateTimeField("個人情報の消去日時", null=True, blank=True)

    objects = StaffEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = "職員へのお知らせ"
        verbose_name_plural = "職員へのお知らせ"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "about_model", "about_pk", "about_version", "audience"],
                name="staff_event_recorded_once",
            ),
        ]
        indexes = [
            models.Index(fields=["person_model", "person_pk"], name="staff_event_person"),
            models.Index(fields=["about_model", "about_pk"], name="staff_event_about"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.title}"


class NotificationPreference(models.Model):
    """How one staff user wants one kind of event: at once, in the daily digest, or not at all.
    No row: the kind's default (portal.notifications.EventKind.default)."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", "すぐに"
        DIGEST = "digest", "毎日のまとめ"
        NONE = "none", "受け取らない"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="職員",
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField("種類", max_length=40)
    delivery = models.CharField("受け取り方", max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = "お知らせメールの設定"
        verbose_name_plural = "お知らせメールの設定"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.delivery}"


class Digest(models.Model):
    """One user's daily digest: claimed once per (user, day) by the unique constraint, so that
    two runs or two processes never send it twice. It holds the events with id up to `upto_id`
    (the high-water mark taken when the run began), from the previous digest's `upto_id`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="職員", on_delete=models.CASCADE, related_name="+"
    )
    # Set by send_digests from the clock, never typed; still held to the site's year range.
    day = models.DateField("日付", validators=[date_year_validate])
    audience = models.CharField("宛先の職員", max_length=3)
    upto_id = models.BigIntegerField("含めた最後のお知らせのID")
    # The ids of the events it lists (erasure of a person rewrites the digests that name them).
    event_ids = models.JSONField("含めたお知らせ", default=list)
    # The run that claimed it: a run reads back the rows it inserted, not another run's.
    run = models.UUIDField("作成した実行", editable=False)
    created_at = models.DateTimeField("作成日時", default=timezone.now)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = "毎日のまとめ"
        verbose_name_plural = "毎日のまとめ"
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.user}"


class StaffMailQuerySet(OutboxQuerySet):
    def claimable(self, now: datetime) -> Self:
        """As every outbox, and only while the recipient still holds the role the mail was
        written for: staff who lost it (left the prefecture, were deactivated, lost their
        address) get nothing more, also of what was queued before."""
        from .roles import MIC_GROUP

        mic = Q(user__is_superuser=True) | Q(user__groups__name=MIC_GROUP)
        member = PrefectureMembership.objects.filter(user=OuterRef("user"))
        in_role = (
            Q(audience=StaffEvent.MIC)
            & Q(pk__in=StaffMail.objects.filter(mic).values("pk"))
            & ~models.Exists(member)
        ) | (
            models.Exists(member.filter(prefecture_id=OuterRef("audience")))
            & ~Q(pk__in=StaffMail.objects.filter(mic).values("pk"))
        )
        return super().claimable(now).filter(in_role, user__is_active=True).exclude(user__email="")


class StaffMail(OutboxMail):
    """A mail to a staff user: one event at once (at most one row per event and user), or one
    day's digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="職員", on_delete=models.CASCADE, related_name="+"
    )
    audience = models.CharField("宛先の職員", max_length=3)
    event = models.ForeignKey(
        StaffEvent,
        verbose_name="お知らせ",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mails",
    )
    digest = models.OneToOneField(
        Digest,
        verbose_name="毎日のまとめ",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mail",
    )

    # The outbox's manager, narrowed to recipients who still hold their role.
    objects = StaffMailQuerySet.as_manager()  # type: ignore[misc]

    class Meta(OutboxMail.Meta):
        verbose_name = "送信メール（職員へのお知らせ）"
        verbose_name_plural = "送信メール（職員へのお知らせ）"
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="staff_mail_once_per_event"),
            models.CheckConstraint(
                name="staff_mail_event_or_digest",
                condition=Q(event__isnull=False, digest__isnull=True)
                | Q(event__isnull=True, digest__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


def _range_validators(low: int, high: int, message: str) -> list[Any]:
    """Both ends of a range, with one Japanese message that names the range."""
    return [MinValueValidator(low, message=message), MaxValueValidator(high, message=message)]


class TargetSetting(models.Model):
    """The targets for appointed 自治体DXアクセラレータ, edited by 総務省 in the admin: one row.

    Read through portal.targets.targets_current (one query); migration 0009 seeds the row with
    500 nationwide, 10 per prefecture, by 2027年度. The admin neither adds a second row nor
    deletes this one, and the primary key is fixed, so there is never more than one.
    """

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    national = models.PositiveIntegerField(
        "全国の目標（人）",
        validators=_range_validators(
            1, 10_000, "全国の目標は1～10,000人の範囲で入力してください。"
        ),
        help_text="全国で任命する自治体DXアクセラレータの人数（1～10,000）。",
    )
    per_prefecture = models.PositiveIntegerField(
        "各都道府県の目標（人以上）",
        validators=_range_validators(
            1, 1_000, "各都道府県の目標は1～1,000人の範囲で入力してください。"
        ),
        help_text="各都道府県で任命する人数の目標（1～1,000）。",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        "目標の年度（西暦）",
        validators=_range_validators(
            2020, 2100, "目標の年度は2020～2100年度の範囲で入力してください（西暦）。"
        ),
        help_text="この年度の末（翌年3月31日）までに達成する目標です（2020～2100）。",
    )
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "任命の目標"
        verbose_name_plural = "任命の目標"
        constraints = [
            models.CheckConstraint(name="target_setting_is_one_row", condition=Q(id=1)),
        ]

    def __str__(self) -> str:
        return f"全国{self.national}人・各都道府県{self.per_prefecture}人以上（{self.fiscal_year}年度）"


class DailyFigure(models.Model):
    """One count of one prefecture at the end of one day, taken by `manage.py take_snapshots`.

    Counts only (never a person), so erasing personal data later never changes the history; and
    never edited: a day once taken is not rewritten (the unique constraint, and the command's
    ignore_conflicts). `key` is a figure an app declares (AppConfig.snapshot_figures, see
    portal.snapshots); a nationwide figure is the sum of the prefectures'.
    """

    day = models.DateField("日付", validators=[date_year_validate])
    prefecture = models.ForeignKey(
        Prefecture, verbose_name="都道府県", on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField("項目", max_length=40)
    value = models.IntegerField("件数")

    class Meta:
        ordering = ["day", "prefecture", "key"]
        verbose_name = "日ごとの件数"
        verbose_name_plural = "日ごとの件数"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "prefecture", "key"], name="daily_figure_once_per_day"
            ),
        ]
        indexes = [models.Index(fields=["key", "day"], name="daily_figure_key_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.prefecture_id} {self.key}={self.value}"
