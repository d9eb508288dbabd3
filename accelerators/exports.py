"""Excel list of nominations, written by the site's one writer (portal.exports)."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpResponse

from portal.exports import Column, Sheet, xlsx_export, xlsx_report_export
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


# The dashboard's report: the page's tables, one sheet each (named in export_kinds).
DASHBOARD_REPORT = "dashboard_report"


def dashboard_report_sheets(context: dict[str, Any]) -> list[Sheet]:
    """The dashboard's tables as sheets, with the numbers the page shows (accelerators.dashboard)."""
    history = context["history"]
    sheets = [
        Sheet(
            "都道府県別",
            [Column("都道府県", 12), Column("任命", 8), Column("審査中", 8), Column("目標", 8)],
            [
                [row["prefecture"].name, row["appointed"], row["in_review"], row["target"]]
                for row in context["rows"]
            ],
        ),
        Sheet(
            "任用形態別",
            [Column("任用形態", 20), Column("人数", 8)],
            [[label, count] for label, count in context["by_type"]],
        ),
    ]
    if history["recorded"]:
        sheets += [
            Sheet(
                "任命の推移",
                [
                    Column("月", 12),
                    Column("月末の日付", 12),
                    Column("ポータルで推薦", 14),
                    Column("一括登録", 10),
                    Column("合計", 8),
                    Column("目標への道筋", 12),
                ],
                [
                    [point.label, point.day, point.portal, point.bulk, point.total, point.path]
                    for point in history["months"]
                ],
            ),
            Sheet(
                "目標達成の都道府県数",
                [Column("月", 12), Column("月末の日付", 12), Column("都道府県の数", 12)],
                [[point.label, point.day, point.reached] for point in history["months"]],
            ),
            Sheet(
                "都道府県別の推移",
                [
                    Column("都道府県", 12),
                    Column("今", 8),
                    Column("1か月前", 10),
                    Column("1年前", 10),
                ],
                [
                    [row["prefecture"].name, row["now"], row["month_ago"], row["year_ago"]]
                    for row in history["prefectures"]
                ],
            ),
        ]
    sheets.append(
        Sheet(
            "交付税の見込み",
            [
                Column("区分", 24),
                Column("措置", 14),
                Column("人数", 8),
                Column("算定の考え方", 50),
                Column("見込額（円）", 16),
            ],
            [
                [line.label, line.allocation, line.persons, line.basis, line.amount_yen]
                for line in context["estimate"]
            ],
        )
    )
    return sheets


def dashboard_report_export(
    *, context: dict[str, Any], user: User, prefecture: Prefecture | None
) -> HttpResponse:
    history, targets = context["history"], context["targets"]
    conditions: list[tuple[str, object]] = [
        ("範囲", "全国（交付税の見込みは" + context["estimate_scope"] + "）"),
        ("目標", f"全国{targets.national}名・各都道府県{targets.per_prefecture}名以上"),
        ("目標の年度", f"{context['targets_due_label']}（{targets.fiscal_year}年度）末まで"),
        ("今の数の日付", context["today"]),
        ("推移の数の日付", history["last_day"] if history["recorded"] else "記録なし"),
        ("交付税の見込みの年度", context["fiscal_year_label"]),
    ]
    return xlsx_report_export(
        user=user,
        kind=DASHBOARD_REPORT,
        title="任命状況レポート",
        file_code="accelerator_report",
        sheets=dashboard_report_sheets(context),
        conditions=conditions,
        name_part=prefecture.name if prefecture is not None else "全国",
        prefecture=prefecture,
    )
