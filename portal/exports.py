"""The site's one Excel writer: every export is a list sheet (or several, for a report) plus an
出力条件 sheet, logged; and the templates people fill in for an import.

Conventions every export shares: text that a spreadsheet would run as a formula is written as
plain text; dates and times are JST date cells; the file name is Japanese with an ASCII fallback
(RFC 6266); and each download is recorded in ExportLog (who, when, which conditions, how many).
"""

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import xlsxwriter
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .models import ExportLog, Prefecture

CONDITIONS_SHEET = "出力条件"
TEMPLATE_CHOICES_SHEET = "選択肢"
TEMPLATE_NOTES_SHEET = "記入方法"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "yyyy/mm/dd hh:mm"
DATE_FORMAT = "yyyy/mm/dd"
# A cell starting with one of these may be run as a formula when the file is opened or edited.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# XlsxWriter ships no type hints: its worksheets and formats are Any here.
XlsxSheet = Any
XlsxStyles = dict[str, Any]


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 16


@dataclass(frozen=True)
class Sheet:
    """One list of a workbook: its tab's name (31 characters at most), headings and rows."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]


def xlsx_export(
    *,
    user: User,
    kind: str,
    title: str,
    file_code: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    conditions: Sequence[tuple[str, object]],
    name_part: str,
    prefecture: Prefecture | None = None,
) -> HttpResponse:
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
    return _logged_response(
        kind=kind,
        user=user,
        prefecture=prefecture,
        now=now,
        conditions=conditions,
        count=count,
        content=content,
        file_name=file_name,
        ascii_name=ascii_name,
    )


def xlsx_report_export(
    *,
    user: User,
    kind: str,
    title: str,
    file_code: str,
    sheets: Sequence[Sheet],
    conditions: Sequence[tuple[str, object]],
    name_part: str,
    prefecture: Prefecture | None = None,
) -> HttpResponse:
    """A report of several lists: one sheet per list, then 出力条件; logged as xlsx_export is
    (the log's count is the rows of all the sheets)."""
    now = timezone.now()
    file_name, ascii_name = export_file_names(
        subject=title, name_part=name_part, code=file_code, now=now
    )
    content, count = workbook_bytes(
        sheets=sheets, conditions=conditions, exported_by=display_name(user), exported_at=now
    )
    return _logged_response(
        kind=kind,
        user=user,
        prefecture=prefecture,
        now=now,
        conditions=conditions,
        count=count,
        content=content,
        file_name=file_name,
        ascii_name=ascii_name,
    )


def _logged_response(
    *,
    kind: str,
    user: User,
    prefecture: Prefecture | None,
    now: datetime,
    conditions: Sequence[tuple[str, object]],
    count: int,
    content: bytes,
    file_name: str,
    ascii_name: str,
) -> HttpResponse:
    """Record who downloaded what (ExportLog), then hand the workbook over: one record per file,
    whichever writer made it."""
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


def workbook_bytes(
    *,
    title: str = "",
    columns: Sequence[Column] = (),
    rows: Iterable[Sequence[object]] = (),
    sheets: Sequence[Sheet] = (),
    conditions: Sequence[tuple[str, object]],
    exported_by: str,
    exported_at: datetime,
) -> tuple[bytes, int]:
    """The .xlsx bytes and the number of rows written: one list (`title`, `columns`, `rows`)
    or several (`sheets`), then the 出力条件 sheet.

    Written with XlsxWriter (openpyxl stays for reading): in constant_memory mode each row goes
    to a temporary file as it is written, so memory stays flat, and write_string never turns
    text into a formula, whatever it starts with.
    """
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"constant_memory": True})
    styles = _styles(workbook)
    count = 0
    for each in sheets or [Sheet(title, columns, rows)]:
        count += _sheet_write(workbook, each, styles)

    about = workbook.add_worksheet(CONDITIONS_SHEET)
    about.set_column(0, 0, 20)
    about.set_column(1, 1, 60)
    about.write_string(0, 0, "項目", styles["header"])
    about.write_string(0, 1, "内容", styles["header"])
    for line, (label, value) in enumerate(
        [
            *conditions,
            ("件数", f"{count}件"),
            ("出力した人", exported_by),
            ("出力日時", exported_at),
        ],
        start=1,
    ):
        about.write_string(line, 0, label)
        cell_write(about, line, 1, value, styles)
    workbook.close()
    return stream.getvalue(), count


def _sheet_write(workbook: Any, each: Sheet, styles: XlsxStyles) -> int:
    """One list: bold frozen headings, the rows, a filter; returns how many rows."""
    sheet = workbook.add_worksheet(each.title)
    sheet.freeze_panes(1, 0)
    for index, column in enumerate(each.columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, column.header, styles["header"])
    count = 0
    for count, row in enumerate(each.rows, start=1):
        for index, value in enumerate(row):
            cell_write(sheet, count, index, value, styles)
    sheet.autofilter(0, 0, count, len(each.columns) - 1)
    return count


def _styles(workbook: Any) -> XlsxStyles:
    return {
        "header": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
        "datetime": workbook.add_format({"num_format": DATETIME_FORMAT}),
        "date": workbook.add_format({"num_format": DATE_FORMAT}),
        # Formula-like text: a string cell, and Excel keeps it text when someone edits it.
        "text": workbook.add_format({"quote_prefix": True}),
    }


def cell_write(sheet: XlsxSheet, row: int, column: int, value: object, styles: XlsxStyles) -> None:
    """One cell: JST dates as date cells, text always as text (never a formula), numbers."""
    if isinstance(value, str):
        formula_like = value.startswith(FORMULA_TRIGGERS)
        if "\r" in value:
            # A cell breaks lines with \n; XlsxWriter would store a lone \r as "_x000D_".
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if formula_like:
            sheet.write_string(row, column, value, styles["text"])
        elif value:
            sheet.write_string(row, column, value)
    elif isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        sheet.write_datetime(row, column, local.replace(tzinfo=None), styles["datetime"])
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, styles["date"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, column, value)
    elif value is not None:
        sheet.write_string(row, column, str(value))


def xlsx_response(*, content: bytes, file_name: str, ascii_name: str) -> HttpResponse:
    """An attachment whose Japanese name reaches every browser (RFC 6266 filename*)."""
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}"
    )
    return response


def export_file_names(*, subject: str, name_part: str, code: str, now: datetime) -> tuple[str, str]:
    """The Japanese file name and its plain ASCII fallback, dated in JST."""
    stamp = timezone.localtime(now).strftime("%Y%m%d")
    return f"{subject}_{name_part}_{stamp}.xlsx", f"{code}_{stamp}.xlsx"


def display_name(user: User) -> str:
    full_name = user.get_full_name()
    return f"{full_name}（{user.get_username()}）" if full_name else user.get_username()


def xlsx_template(
    *,
    title: str,
    file_code: str,
    columns: Sequence[Column],
    choices: Mapping[str, Sequence[object]],  # the cells' values: text, or lazy text
    notes: Iterable[Sequence[str]],
) -> HttpResponse:
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
    for note in notes:
        about.append(list(note))
    stream = io.BytesIO()
    workbook.save(stream)
    return xlsx_response(
        content=stream.getvalue(),
        file_name=f"{title}_テンプレート.xlsx",
        ascii_name=f"{file_code}_template.xlsx",
    )
