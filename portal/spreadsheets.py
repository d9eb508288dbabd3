"""Uploaded spreadsheets (.xlsx or .csv) read as rows of text, within fixed limits.

A sheet's declared size (`<dimension ref="A1:XFD1048576"/>`) is ignored: openpyxl's read-only
mode streams the rows as they are stored, never more than MAX_COLUMNS + 1 cells wide, and reading
stops at the first limit passed. A small file therefore cannot make the server build a huge table,
and each refusal names the limit in Japanese.

Only the first sheet is opened, and without openpyxl's size check: load_workbook(read_only=True)
opens every sheet and, for a sheet that has no <dimension>, parses it to the end to look for one
before the first row is read (50 MB of formatted empty rows cost seconds and ~85 MB that way).

The archive's own directory is checked before anything is decompressed; zipfile stops every entry
at its declared size (a lying entry fails its CRC check), so the declared total bounds the work.

Every cell gets the text rule of every answer (portal.text.text_normalize) as it is read, so
nothing a file holds reaches the database unnormalised: not even a pending import's rows, which
PostgreSQL would refuse for a NUL byte.
"""

import csv
import io
import logging
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from .text import text_normalize

logger = logging.getLogger(__name__)

MAX_DATA_ROWS = 10_000
MAX_COLUMNS = 40
MAX_FILE_BYTES = 5 * 2**20
MAX_UNCOMPRESSED_BYTES = 50 * 2**20
MAX_CELL_CHARACTERS = 10_000

TOO_BIG = "ファイルが大きすぎます（5MBまで）。行を分けて、複数のファイルで取り込んでください。"
UNREADABLE = (
    "ファイルを読み取れませんでした。Excel（.xlsx）で保存し直すか、CSV（UTF-8 または Shift_JIS）で"
    "保存してから選んでください。"
)


class SpreadsheetError(Exception):
    """A file that cannot be read or passes a limit; the message (Japanese) says which."""


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    # (row number as the spreadsheet shows it, cells as text); blank rows are left out.
    rows: list[tuple[int, list[str]]]


def sheet_read(*, content: bytes, file_name: str) -> Sheet:
    """The first sheet of an .xlsx, or a .csv in UTF-8 or Shift_JIS, as text within the limits."""
    if len(content) > MAX_FILE_BYTES:
        raise SpreadsheetError(TOO_BIG)
    suffix = file_name.rpartition(".")[2].lower()
    if suffix not in ("xlsx", "csv"):
        raise SpreadsheetError("Excel（.xlsx）か CSV（.csv）のファイルを選んでください。")
    try:
        return _table(_xlsx_rows(content) if suffix == "xlsx" else _csv_rows(content))
    except SpreadsheetError:
        raise
    except Exception:
        # Whatever a damaged or hostile file makes the parsers raise, people get one clear answer.
        logger.info("Unreadable spreadsheet %r", file_name, exc_info=True)
        raise SpreadsheetError(UNREADABLE) from None


def _xlsx_rows(content: bytes) -> Iterator[Sequence[Any]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    if sum(entry.file_size for entry in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(
            "ファイルの展開後の大きさが上限（50MB）を超えています。"
            "不要なシートや書式を削除するか、行を分けて取り込んでください。"
        )
    reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
    try:
        # What load_workbook does, but for the first worksheet only (see the module's docstring).
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)  # which numbers are dates
        found = (
            (sheet, rel)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        )
        sheet, rel = next(found, (None, None))
        if sheet is None or rel is None:
            raise SpreadsheetError("ファイルに表（シート）がありません。")
        rows = _UnsizedSheet(reader.wb, sheet.name, rel.target, reader.shared_strings)
        yield from rows.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    finally:
        reader.archive.close()


class _UnsizedSheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet that never reads the declared size (see the module)."""

    def _get_size(self) -> None:
        self.reset_dimensions()


def _csv_rows(content: bytes) -> Iterator[Sequence[Any]]:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError(
            "文字コードを判別できませんでした。CSV は UTF-8 か Shift_JIS で保存してください。"
        )
    yield from csv.reader(io.StringIO(text, newline=""))


def _table(rows: Iterable[Sequence[Any]]) -> Sheet:
    """Header and data rows as text, checking every limit while the rows stream in."""
    header: list[str] | None = None
    header_number = 0
    data: list[tuple[int, list[str]]] = []
    for number, row in enumerate(rows, start=1):
        if header is not None and number - header_number > MAX_DATA_ROWS:
            raise SpreadsheetError(
                f"行が多すぎます（見出し行の下は{MAX_DATA_ROWS:,}行まで。空の行も数えます）。"
                "ファイルを分けて取り込んでください。書式だけが残った空の行が続いている場合は、"
                "データより下の行を削除して保存し直してください。"
            )
        cells = [_text(value, number, column) for column, value in enumerate(row, start=1)]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            raise SpreadsheetError(
                f"列が多すぎます（{MAX_COLUMNS}列まで）。{number}行目の"
                f"{get_column_letter(len(cells))}列に値があります。不要な列を削除してください。"
            )
        if not cells:
            continue
        if header is None:
            header, header_number = cells, number
        else:
            data.append((number, cells))
    if header is None:
        raise SpreadsheetError(
            "ファイルが空です。1行目に見出し、2行目から1行に1件ずつ入力してください。"
        )
    if not data:
        raise SpreadsheetError("見出し行の下にデータの行がありません。")
    return Sheet(header=header, rows=data)


def _text(value: Any, row: int, column: int) -> str:
    text = text_normalize(cell_text(value))
    if len(text) > MAX_CELL_CHARACTERS:
        raise SpreadsheetError(
            f"{row}行目の{get_column_letter(column)}列の文字数が多すぎます"
            f"（1つのセルは{MAX_CELL_CHARACTERS:,}文字まで）。"
        )
    return text


def cell_text(value: Any) -> str:
    """A cell's value as the text people see: dates in ISO form, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
