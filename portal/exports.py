"""The site's one Excel writer: every export is a list sheet plus an 出力条件 sheet, logged;
and the templates people fill in for an import.

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
from openpyxl.worksheet.datavalidation import DataValidation

from .models import ExportLog

CONDITIONS_SHEET = "出力条件"
TEMPLATE_CHOICES_SHEET = "選択肢"
TEMPLATE_NOTES_SHEET = "記入方法"
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


def xlsx_template(*, title, file_code, columns, choices, notes):
    """An empty list for people to fill in and upload: bold frozen headings, a drop-down list in
    each column whose values are fixed (`choices`: {heading: values}, kept on a sheet 選択肢), and a
    sheet 記入方法 with one (heading, 必須/任意, explanation) row per column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.freeze_panes = "A2"
    headings = [column.header for column in columns]
    sheet.append(headings)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    lists = workbook.create_sheet(TEMPLATE_CHOICES_SHEET)
    for list_index, (heading, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(list_index)
        lists.cell(row=1, column=list_index, value=heading).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=list_index, value=value)
        target = get_column_letter(headings.index(heading) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"'{TEMPLATE_CHOICES_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
            showErrorMessage=True,
            error="一覧から選んでください。",
        )
        validation.add(f"{target}2:{target}10001")
        sheet.add_data_validation(validation)
    about = workbook.create_sheet(TEMPLATE_NOTES_SHEET)
    about.append(["列", "必須／任意", "書き方"])
    for cell in about[1]:
        cell.font = Font(bold=True)
    for width, letter in zip((20, 12, 90), "ABC", strict=True):
        about.column_dimensions[letter].width = width
    for row in notes:
        about.append(list(row))
    stream = io.BytesIO()
    workbook.save(stream)
    return xlsx_response(
        content=stream.getvalue(),
        file_name=f"{title}_テンプレート.xlsx",
        ascii_name=f"{file_code}_template.xlsx",
    )
