"""Excel list of nominations, with the conventions of registry.exports (text never a formula,
JST date cells, Japanese file name, every download recorded)."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from registry.exports import cell_value, display_name, export_file_names, header_cells
from registry.models import ExportLog

from .workflow import nomination_eligibility

HEADERS = [
    "都道府県", "氏名", "ふりがな", "任用形態", "出向元", "任用開始日", "任期の終了日", "状態",
    "任命番号", "任命日", "退任日", "退任の理由", "実務経験", "満たす要件", "IPA高度試験の合格",
    "年間の人件費（円）", "更新日時",
]  # fmt: skip
WIDTHS = [10, 16, 18, 18, 28, 12, 12, 8, 16, 12, 12, 20, 12, 40, 40, 14, 17]


def _row(nomination):
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


def nominations_export(*, nominations, user, prefecture):
    """(xlsx bytes, Japanese file name, ASCII file name) for the nominations the user may see."""
    now = timezone.now()
    nominations = nominations.select_related("prefecture", "seconded_from").prefetch_related(
        "experiences", "ipa_passes__exam"
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("アクセラレータ推薦一覧")
    sheet.freeze_panes = "A2"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(header_cells(sheet, HEADERS))
    count = 0
    for nomination in nominations.order_by("prefecture", "name_kana"):
        sheet.append([cell_value(sheet, value) for value in _row(nomination)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{count + 1}"
    scope = prefecture.name if prefecture else "全国"
    about = workbook.create_sheet("出力条件")
    about.append(header_cells(about, ["項目", "内容"]))
    for label, value in [
        ("範囲", scope),
        ("件数", f"{count}件"),
        ("出力した人", display_name(user)),
        ("出力日時", now),
    ]:
        about.append([label, cell_value(about, value)])
    stream = io.BytesIO()
    workbook.save(stream)
    file_name, ascii_name = export_file_names(
        subject="アクセラレータ推薦一覧",
        name_part=scope,
        code=f"accelerators_{prefecture.code if prefecture else 'all'}",
        now=now,
    )
    ExportLog.objects.create(
        kind=ExportLog.Kind.NOMINATIONS,
        user=user,
        prefecture=prefecture,
        exported_at=now,
        conditions=f"範囲: {scope}",
        row_count=count,
        file_name=file_name,
    )
    return stream.getvalue(), file_name, ascii_name
