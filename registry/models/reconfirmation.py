"""The yearly reconfirmation: rounds started by 総務省, and the request each registration gets."""

from django.db import models

from portal.models import (
    ReconfirmationRequestBase,
    ReconfirmationRoundBase,
    reconfirmation_answer_constraint,
)

from .registrations import Registration


class ReconfirmationRound(ReconfirmationRoundBase):
    """A round started by 総務省: every open registration not confirmed for a while is asked."""

    class Meta(ReconfirmationRoundBase.Meta):
        verbose_name = "年次確認"
        verbose_name_plural = "年次確認"


class ReconfirmationRequest(ReconfirmationRequestBase):
    """One registration asked in one round; answered by 変更なし or by an edit (変更あり)."""

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

    class Meta(ReconfirmationRequestBase.Meta):
        verbose_name = "年次確認の依頼"
        verbose_name_plural = "年次確認の依頼"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "registration"], name="reconfirmation_once_per_round"
            ),
            reconfirmation_answer_constraint("reconfirmation_answer_iff_answered"),
        ]

    def __str__(self):
        return f"{self.registration} （{self.round}）"
