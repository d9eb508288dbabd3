"""What happens around a registration: its status changes and the mails sent about it."""

from django.db import models

from portal.models import EntryStatusChange, OutboxMail

from .registrations import Registration


class StatusChange(EntryStatusChange):
    """One move of a registration through the review workflow (see registry.workflow)."""

    registration = models.ForeignKey(
        Registration, verbose_name="登録", on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField("変更前", max_length=20, choices=Registration.Status.choices)
    to_status = models.CharField("変更後", max_length=20, choices=Registration.Status.choices)


class OutgoingMail(OutboxMail):
    """A message to a company, stored before it is sent so that none is lost (see registry.mail)."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "受付メール"
        RETURNED = "returned", "差戻しの連絡"
        EDIT_LINK = "edit_link", "変更用リンク"
        RETIREE_INFO = "retiree_info", "退職者への周知の詳細情報"
        WITHDRAWN = "withdrawn", "取下げの受付"
        RECONFIRMATION = "reconfirmation", "年次確認のお願い"
        RECONFIRMATION_REMINDER = "reconfirm_remind", "年次確認のお願い（再送）"
        PUBLISHED = "published", "掲載のお知らせ"

    # Told once per registration (registry.mail.published_queue): the database holds it too.
    ONCE_KINDS = (Kind.PUBLISHED,)

    registration = models.ForeignKey(
        Registration, verbose_name="登録", on_delete=models.CASCADE, related_name="mails"
    )
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)

    class Meta(OutboxMail.Meta):
        verbose_name = "送信メール"
        verbose_name_plural = "送信メール"
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"],
                condition=models.Q(kind__in=["published"]),
                name="registry_outgoingmail_once_per_kind",
                violation_error_message="このお知らせはすでに送っています。",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to}"

    @property
    def withheld(self):
        # News of the registration's progress stops once it was withdrawn (or found a
        # duplicate) after the mail was queued; the withdrawal's own mail still goes.
        return (
            self.kind in self.ONCE_KINDS
            and self.registration.status in Registration.CLOSED_STATUSES
        )


class PublicListVersion(models.Model):
    """One row: a number that every change to what /companies/ shows increases, in the same
    transaction as the change (database triggers, migration 0023; registry.public_list), so that
    the cached list is replaced on every app server the moment the change commits, whatever the
    cache backend."""

    version = models.PositiveBigIntegerField("版", default=0)

    class Meta:
        verbose_name = "公開一覧の版"
        verbose_name_plural = "公開一覧の版"

    def __str__(self):
        return f"公開一覧の版 {self.version}"
