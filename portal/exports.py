"""The site's one Excel writer: every export is a list sheet plus an 出力条件 sheet, logged.

Conventions every export shares: text that a spreadsheet would run as a formula is written as
plain text; dates and times are JST date cells; the file name is Japanese with an ASCII fallback
(RFC 6266); and each download is recorded in ExportLog (who, when, which conditions, how many).
"""

import io
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .models import ExportLog

CONDITIONS_SHEET = "出力条件"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "yyyy/mm/dd hh:mm"
DATE_FORMAT = "yyyy/mm/dd"
# A cell starting with one of these may be run as a formula when the file is opened or edited.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 16


def xlsx_export(
    *, user, kind, title, file_code, columns, rows, conditions, name_part, prefecture=None
):
    """Write `rows` under `columns` in a sheet named `title`, log the download, respond.

    `conditions` are (label, value) pairs for the 出力条件 sheet and the log; `kind` is one of
    the export kinds the calling app declares (AppConfig.export_kinds).
    """
    now = timezone.now()
    file_name, ascii_name = export_file_names(
        subject=title, name_part=name_part, code=file_code, now=now
    )
    content, count = workbook_bytes(
        title=title,
        columns=columns,
        rows=rows,
        conditions=conditions,
        exported_by=display_name(user),
        exported_at=now,
    )
    ExportLog.objects.create(
        kind=kind,
        user=user,
        prefecture=prefecture,
        exported_at=now,
        conditions="\n".join(f"{label}: {value}" for label, value in conditions),
        row_count=count,
        file_name=file_name,
    )
    return xlsx_response(content=content, file_name=file_name, ascii_name=ascii_name)


def workbook_bytes(*, title, columns, rows, conditions, exported_by, exported_at):
    """The .xlsx bytes and the number of rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.append(_header_cells(sheet, [column.header for column in columns]))
    count = 0
    for row in rows:
        sheet.append([cell_value(sheet, value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"

    about = workbook.create_sheet(CONDITIONS_SHEET)
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 60
    about.append(_header_cells(about, ["項目", "内容"]))
    for label, value in [
        *conditions,
        ("件数", f"{count}件"),
        ("出力した人", exported_by),
        ("出力日時", exported_at),
    ]:
        about.append([label, cell_value(about, value)])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue(), count


def cell_value(sheet, value):
    """A value ready for a write-only sheet: JST dates as date cells, formula-like text as text."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True  # and Excel keeps it text when someone edits it
        return cell
    return value


def _header_cells(sheet, values):
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def xlsx_response(*, content, file_name, ascii_name):
    """An attachment whose Japanese name reaches every browser (RFC 6266 filename*)."""
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}"
    )
    return response


def export_file_names(*, subject, name_part, code, now):
    """The Japanese file name and its plain ASCII fallback, dated in JST."""
    stamp = timezone.localtime(now).strftime("%Y%m%d")
    return f"{subject}_{name_part}_{stamp}.xlsx", f"{code}_{stamp}.xlsx"


def display_name(user):
    full_name = user.get_full_name()
    return f"{full_name}（{user.get_username()}）" if full_name else user.get_username()
