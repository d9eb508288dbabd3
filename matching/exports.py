"""The funnel as Excel, written by the site's one writer (portal.exports)."""

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpResponse

from portal.exports import Column, xlsx_export
from portal.models import Prefecture

from .funnel import COLUMNS, DEFAULT_ORDER, FunnelRow

LIST_SHEET = "募集から任用まで"
# The kind these downloads are logged under (named in MatchingConfig.export_kinds).
FUNNEL = "funnel"


def _order_label(order: str) -> str:
    if order.removeprefix("-") == DEFAULT_ORDER:
        return f"都道府県（コード順{'の逆' if order.startswith('-') else ''}）"
    label = dict(COLUMNS)[order.removeprefix("-")]
    return f"{label}（{'多い順' if order.startswith('-') else '少ない順'}）"


def export_funnel(
    *,
    rows: list[FunnelRow],
    total: FunnelRow,
    user: User,
    prefecture: Prefecture | None,
    kind: str,
    order: str = DEFAULT_ORDER,
) -> HttpResponse:
    """The table of the screen, its columns and its order (`rows` come sorted), then 合計."""
    scope = prefecture.name if prefecture else "全国"
    columns = [Column(label, 12 if key == "prefecture" else 14) for key, label in COLUMNS]

    def line(name: str, row: FunnelRow) -> list[Any]:
        return [name, *(row[key] for key, _ in COLUMNS[1:])]

    return xlsx_export(
        user=user,
        kind=kind,
        title=LIST_SHEET,
        file_code=f"funnel_{prefecture.code if prefecture else 'all'}",
        columns=columns,
        rows=[*(line(row["prefecture"].name, row) for row in rows), line("合計", total)],
        conditions=[
            ("範囲", scope),
            ("並び順", _order_label(order)),
            # The appointments are counted apart: bulk-loaded ones never went through 打診.
            ("アクセラレータの任命", "募集から任用までの段階には含めず、別の列に数えています"),
            (f"アクセラレータの目標（{scope}）", f"{total['target']}名"),
        ],
        name_part=scope,
        prefecture=prefecture,
    )
