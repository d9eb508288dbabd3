"""The IPA level-4 (高度) exams, current and legacy: reference data for rule (2)."""

from django.db import models
from django.db.models import Q


class IpaExam(models.Model):
    """An IPA level-4 (高度) exam, current or legacy; reference data loaded by a data migration.

    Legacy exams name the current exam they map to (IPA's 2009 mapping). A pass of a current exam
    or of a fully equivalent legacy one meets rule (2); a partly equivalent one does not, and is
    shown to 総務省 as evidence for rule (3) instead.
    """

    class Equivalence(models.TextChoices):
        CURRENT = "current", "現行の試験"
        FULL = "full", "現行の試験と同等"
        PARTIAL = "partial", "現行の試験と一部が同等"

    code = models.CharField("コード", max_length=4, primary_key=True)
    name = models.CharField("試験名", max_length=60, unique=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="対応する現行の試験",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    equivalence = models.CharField("現行の試験との関係", max_length=10, choices=Equivalence.choices)
    first_year = models.PositiveSmallIntegerField("最初に実施された年（西暦）")
    last_year = models.PositiveSmallIntegerField(
        "最後に実施された年（西暦）", null=True, blank=True, help_text="現在も実施中の場合は空欄"
    )
    position = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = "IPA高度試験"
        verbose_name_plural = "IPA高度試験"
        constraints = [
            models.CheckConstraint(
                name="ipa_exam_legacy_has_a_successor",
                condition=Q(equivalence="current", successor__isnull=True)
                | (~Q(equivalence="current") & Q(successor__isnull=False)),
            ),
            models.CheckConstraint(
                name="ipa_exam_years_in_order",
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def counts_for_rule_2(self):
        return self.equivalence != self.Equivalence.PARTIAL

    @property
    def years_text(self):
        if self.last_year is None:
            return f"{self.first_year}年～"
        return f"{self.first_year}～{self.last_year}年"

    @property
    def label(self):
        """The name people pick from; a legacy exam's with its years and today's counterpart."""
        if self.equivalence == self.Equivalence.CURRENT:
            return self.name
        if self.equivalence == self.Equivalence.FULL:
            return f"{self.name}（{self.years_text}・現在の{self.successor_name}と同等）"
        return (
            f"{self.name}（{self.years_text}・現在の{self.successor_name}と一部が同等："
            "要件(2)には当たらず、(3)の根拠として総務省が判断）"
        )

    @property
    def successor_name(self):
        return self.successor.name if self.successor_id else ""

    def year_problem(self, year, *, this_year):
        """Why a pass in `year` is impossible for this exam (Japanese), or None."""
        last = min(self.last_year or this_year, this_year)
        if self.first_year <= year <= last:
            return None
        if self.last_year is None or self.last_year > this_year:
            return (
                f"{self.name}は{self.first_year}年に始まった試験です。"
                f"合格年は{self.first_year}年から今年までの西暦で入力してください。"
            )
        return (
            f"{self.name}は{self.first_year}年から{self.last_year}年まで実施された試験です。"
            f"合格年はその間の西暦で入力してください。"
        )
