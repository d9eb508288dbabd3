"""The funnel as Excel, written by the site's one writer (portal.exports)."""

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpResponse

from portal.exports import Column, xlsx_export
from portal.models import Prefecture

from .funnel import STEPS, FunnelRow

LIST_SHEET = "募集から任用まで"
# The kind these downloads are logged under (named in MatchingConfig.export_kinds).
FUNNEL = "funnel"


def export_funnel(
    *,
    rows: list[FunnelRow],
    total: FunnelRow,
    user: User,
    prefecture: Prefecture | None,
    kind: str,
) -> HttpResponse:
    scope = prefecture.name if prefecture else "全国"
    columns = [
        Column("都道府県", 12),
        *(Column(label, 14) for _, label in STEPS),
        Column("目標（アクセラレータ）", 14),
        Column("最初の任用決定までの日数（中央値）", 20),
    ]

    def line(name: str, row: FunnelRow) -> list[Any]:
        return [name, *(row[step] for step, _ in STEPS), row["target"], row["days_to_first_hire"]]

    return xlsx_export(
        user=user,
        kind=kind,
        title=LIST_SHEET,
        file_code=f"funnel_{prefecture.code if prefecture else 'all'}",
        columns=columns,
        rows=[*(line(row["prefecture"].name, row) for row in rows), line("合計", total)],
        conditions=[("範囲", scope)],
        name_part=scope,
        prefecture=prefecture,
    )
