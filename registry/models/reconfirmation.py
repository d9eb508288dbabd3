"""The yearly reconfirmation: rounds started by 総務省, and the request each registration gets."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from .registrations import Registration


class ReconfirmationRoundQuerySet(models.QuerySet):
    def with_report(self, *, now=None):
        """Annotate each round with its figures: sent, unchanged, changed, waiting, unconfirmed."""
        now = now or timezone.now()
        unanswered = Q(requests__answered_at__isnull=True)
        return self.annotate(
            sent=Count("requests"),
            unchanged=Count("requests", filter=Q(requests__answer="unchanged")),
            changed=Count("requests", filter=Q(requests__answer="changed")),
            waiting=Count("requests", filter=unanswered & Q(requests__deadline__gte=now)),
            unconfirmed=Count("requests", filter=unanswered & Q(requests__deadline__lt=now)),
        )


class ReconfirmationRound(models.Model):
    """A round started by 総務省: every open registration not confirmed for a while is asked."""

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
        ordering = ["-started_at", "-id"]
        verbose_name = "年次確認"
        verbose_name_plural = "年次確認"

    def __str__(self):
        return f"{timezone.localtime(self.started_at):%Y年%m月%d日} の年次確認"


class ReconfirmationRequest(models.Model):
    """One registration asked in one round; answered by 変更なし or by an edit (変更あり)."""

    class Answer(models.TextChoices):
        UNCHANGED = "unchanged", "変更なし"
        CHANGED = "changed", "変更あり"

    round = models.ForeignKey(
        ReconfirmationRound,
        verbose_name="年次確認",
        on_delete=models.CASCADE,
        related_name="requests",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name="登録",
        on_delete=models.CASCADE,
        related_name="reconfirmation_requests",
    )
    sent_at = models.DateTimeField("送付日時")
    deadline = models.DateTimeField("回答期限")
    reminders_sent = models.PositiveSmallIntegerField("督促の回数", default=0)
    answered_at = models.DateTimeField("回答日時", null=True, blank=True)
    answer = models.CharField("回答", max_length=10, choices=Answer.choices, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "年次確認の依頼"
        verbose_name_plural = "年次確認の依頼"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "registration"], name="reconfirmation_once_per_round"
            ),
            models.CheckConstraint(
                name="reconfirmation_answer_iff_answered",
                condition=Q(answered_at__isnull=True, answer="")
                | Q(answered_at__isnull=False, answer__in=["unchanged", "changed"]),
            ),
        ]

    def __str__(self):
        return f"{self.registration} （{self.round}）"
