"""The staff list of 協力可能人材 as Excel, written by the site's one writer (portal.exports)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpResponse

from portal.exports import Column, xlsx_export
from portal.models import Prefecture

from .answers import HEADINGS, UNANSWERED, Hints, answer_rows, specialist_answers
from .models import Specialist

LIST_SHEET = "協力可能人材一覧"
# The kind these downloads are logged under (named in TalentConfig.export_kinds).
TALENT_LIST = "talent_list"


def export_columns() -> list[Column]:
    return [
        Column("受付番号", 16),
        *(Column(heading, 28) for heading in HEADINGS),
        Column("要件の見込み", 30),
        Column("任用", 16),
        Column("登録日時", 17),
        Column("更新日時", 17),
    ]


def _row(specialist: Specialist, found: Hints) -> list[Any]:
    rows = answer_rows(specialist_answers(specialist))
    return [
        specialist.receipt_number,
        *("\n".join(line for line in row["lines"] if line != UNANSWERED) for row in rows),
        "、".join(found["lines"]) or "―",
        specialist.hired_display,
        specialist.created_at,
        specialist.updated_at,
    ]


def export_specialists(
    *,
    rows: Iterable[tuple[Specialist, Hints]],
    kind: str,
    user: User,
    prefecture: Prefecture | None,
    conditions: Sequence[tuple[str, str]],
    name_part: str,
) -> HttpResponse:
    """(specialist, hints) pairs as the site's Excel list, every download recorded."""
    return xlsx_export(
        user=user,
        kind=kind,
        title=LIST_SHEET,
        file_code=f"kyoryoku-jinzai_{prefecture.code if prefecture else 'all'}",
        columns=export_columns(),
        rows=(_row(specialist, found) for specialist, found in rows),
        conditions=conditions,
        name_part=name_part,
        prefecture=prefecture,
    )
