"""Excel list of nominations, written by the site's one writer (portal.exports)."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpResponse

from portal.exports import Column, xlsx_export
from portal.models import Prefecture

from .models import Nomination
from .selectors import nomination_eligibility

HEADERS = [
    "都道府県", "氏名", "ふりがな", "任用形態", "出向元", "任用開始日", "任期の終了日", "状態",
    "任命番号", "任命日", "退任日", "退任の理由", "実務経験", "満たす要件", "IPA高度試験の合格",
    "年間の人件費（円）", "更新日時",
]  # fmt: skip
WIDTHS = [10, 16, 18, 18, 28, 12, 12, 8, 16, 12, 12, 20, 12, 40, 40, 14, 17]
COLUMNS = [Column(header, width) for header, width in zip(HEADERS, WIDTHS, strict=True)]
# The kind these downloads are logged under (named in AcceleratorsConfig.export_kinds).
NOMINATIONS = "nominations"


def _row(nomination: Nomination) -> list[Any]:
    eligibility = nomination_eligibility(nomination)
    return [
        nomination.prefecture.name,
        nomination.name,
        nomination.name_kana,
        nomination.get_employment_type_display(),
        nomination.seconded_from_display,
        nomination.start_date,
        nomination.term_end,
        nomination.status_display,
        nomination.appointment_number or "",
        nomination.appointment_date,
        nomination.end_date,
        nomination.end_reason,
        eligibility.experience_text,
        "、".join(eligibility.rules_met),
        "、".join(
            f"{p}{'' if p.exam.counts_for_rule_2 else '（一部同等・(3)の根拠）'}"
            for p in nomination.ipa_passes.all()
        ),
        nomination.annual_cost_yen,
        nomination.updated_at,
    ]


def nominations_export(
    *, nominations: QuerySet[Nomination], user: User, prefecture: Prefecture | None
) -> HttpResponse:
    """The nominations the user may see, as the site's Excel list (portal.exports)."""
    nominations = nominations.select_related("prefecture", "seconded_from").prefetch_related(
        "experiences", "ipa_passes__exam"
    )
    scope = prefecture.name if prefecture else "全国"
    return xlsx_export(
        user=user,
        kind=NOMINATIONS,
        title="アクセラレータ推薦一覧",
        file_code=f"accelerators_{prefecture.code if prefecture else 'all'}",
        columns=COLUMNS,
        rows=(_row(nomination) for nomination in nominations.order_by("prefecture", "name_kana")),
        conditions=[("範囲", scope)],
        name_part=scope,
        prefecture=prefecture,
    )
