"""People a prefecture secures through 業務委託: not accelerators, but part of the estimate."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.models import Prefecture


class ContractedStaffingQuerySet(models.QuerySet["ContractedStaffing"]):
    def for_prefecture(self, prefecture: Prefecture) -> Self:
        return self.filter(prefecture=prefecture)

    def in_fiscal_year(self, fiscal_year: int) -> Self:
        return self.filter(fiscal_year=fiscal_year)


class ContractedStaffing(models.Model):
    """People a prefecture secures through 業務委託 in a fiscal year: not accelerators, but part
    of the estimate of 特別交付税 (0.7 of the contract cost). Entered by the prefecture."""

    prefecture = models.ForeignKey(
        Prefecture,
        verbose_name="都道府県",
        on_delete=models.PROTECT,
        related_name="contracted_staffing",
    )
    fiscal_year = models.PositiveSmallIntegerField("年度（西暦）")
    persons = models.PositiveSmallIntegerField("人数")
    annual_cost_yen = models.PositiveBigIntegerField("年間の委託費（円）")
    note = models.TextField("備考", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作成者",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("作成日時", default=timezone.now)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = ContractedStaffingQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "prefecture", "id"]
        verbose_name = "委託による人材確保"
        verbose_name_plural = "委託による人材確保"
        constraints = [
            models.CheckConstraint(
                name="contracted_staffing_has_persons", condition=Q(persons__gte=1)
            ),
            models.CheckConstraint(
                name="contracted_staffing_fiscal_year_is_plausible",
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100),
            ),
        ]

    def __str__(self):
        return f"{self.prefecture} {self.fiscal_year}年度 {self.persons}名"
