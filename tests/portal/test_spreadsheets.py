"""Uploaded spreadsheets are read within fixed limits, whatever the file claims about itself."""

import itertools
import re
import tracemalloc
from datetime import datetime

import pytest

from portal.spreadsheets import (
    MAX_CELL_CHARACTERS,
    MAX_COLUMNS,
    MAX_DATA_ROWS,
    SpreadsheetError,
    sheet_read,
)
from tests.spreadsheets import xlsx_bytes, xlsx_rewritten

HEADER = ["企業名・団体名", "メールアドレス"]
ROW = ["株式会社テスト", "test@example.jp"]


def _declaring_the_whole_grid(xml):
    return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)


def _rows_appended(rows):
    def edit(xml):
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    return edit


def _measured(content, name="file.xlsx"):
    """(peak bytes allocated by Python while reading, the result or the SpreadsheetError).

    How long each bomb takes is a figure for bench/import_registrations.py, not a test.
    """
    tracemalloc.start()
    try:
        result = sheet_read(content=content, file_name=name)
    except SpreadsheetError as error:
        result = error
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, result


def test_a_small_file_declaring_the_whole_grid_is_read_as_it_is_stored():
    bomb = xlsx_rewritten(xlsx_bytes([HEADER, ROW]), sheet=_declaring_the_whole_grid)

    peak, sheet = _measured(bomb)

    assert len(bomb) < 10_000
    assert peak < 20 * 2**20
    assert sheet.header == HEADER
    assert sheet.rows == [(2, ROW)]


def test_the_same_bomb_without_rows_is_refused_with_bounded_memory():
    bomb = xlsx_rewritten(xlsx_bytes([HEADER]), sheet=_declaring_the_whole_grid)

    peak, error = _measured(bomb)

    assert peak < 20 * 2**20
    assert str(error) == "見出し行の下にデータの行がありません。"


def test_a_file_that_expands_past_50_mb_is_refused_before_it_is_decompressed():
    bomb = xlsx_rewritten(
        xlsx_bytes([HEADER, ROW]), extra={"xl/media/image1.png": b"\0" * (51 * 2**20)}
    )

    peak, error = _measured(bomb)

    assert len(bomb) < 200_000
    assert peak < 20 * 2**20
    assert "展開後の大きさが上限（50MB）を超えています" in str(error)


def test_formatted_empty_rows_down_to_the_last_row_are_refused_without_reading_them_all():
    rows = b"".join(b'<row r="%d" s="1" customFormat="1"/>' % n for n in range(3, 200_001))
    bomb = xlsx_rewritten(xlsx_bytes([HEADER, ROW]), sheet=_rows_appended(rows))

    peak, error = _measured(bomb)

    assert peak < 40 * 2**20
    assert "行が多すぎます（見出し行の下は10,000行まで。空の行も数えます）" in str(error)


def test_a_sheet_without_a_declared_size_is_not_parsed_ahead():
    # openpyxl's load_workbook would parse all of it, looking for <dimension>, before row 1.
    rows = b"".join(b'<row r="%d" s="1" customFormat="1"/>' % n for n in range(3, 1_048_577))

    def edit(xml):
        return _rows_appended(rows)(re.sub(rb'<dimension ref="[^"]*"/>', b"", xml))

    peak, error = _measured(xlsx_rewritten(xlsx_bytes([HEADER, ROW]), sheet=edit))

    assert peak < 30 * 2**20
    assert "行が多すぎます" in str(error)


def test_cells_far_to_the_right_cost_nothing():
    rows = b"".join(
        b'<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
        for n in range(3, 5_000)
    )
    bomb = xlsx_rewritten(xlsx_bytes([HEADER, ROW]), sheet=_rows_appended(rows))

    peak, sheet = _measured(bomb)

    assert peak < 40 * 2**20
    assert sheet.rows == [(2, ROW)]


def test_entity_expansion_is_refused():
    names = "abcdefghi"  # each entity is ten of the one before: 10^9 characters in the end
    entities = (
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {n} "{f"&{p};" * 10}">' for p, n in itertools.pairwise(names))
        + "]>"
    ).encode()

    def edit(xml):
        xml = xml.replace(b"<worksheet", entities + b"<worksheet", 1)
        return xml.replace(b"test@example.jp", b"&i;")

    _, error = _measured(xlsx_rewritten(xlsx_bytes([HEADER, ROW]), sheet=edit))

    assert str(error).startswith("ファイルを読み取れませんでした。")


@pytest.mark.parametrize("extra", [0, 1])
def test_at_most_10000_data_rows(extra):
    content = "\n".join([",".join(HEADER), *([",".join(ROW)] * (MAX_DATA_ROWS + extra))])

    if extra:
        with pytest.raises(SpreadsheetError, match="行が多すぎます"):
            sheet_read(content=content.encode(), file_name="rows.csv")
    else:
        assert len(sheet_read(content=content.encode(), file_name="rows.csv").rows) == 10_000


@pytest.mark.parametrize("extra", [0, 1])
def test_at_most_40_columns(extra):
    wide = [f"列{n}" for n in range(MAX_COLUMNS + extra)]
    content = xlsx_bytes([wide, wide])

    if extra:
        with pytest.raises(SpreadsheetError, match=r"列が多すぎます（40列まで）。1行目のAO列"):
            sheet_read(content=content, file_name="wide.xlsx")
    else:
        assert len(sheet_read(content=content, file_name="wide.xlsx").header) == 40


@pytest.mark.parametrize("extra", [0, 1])
def test_cells_of_at_most_10000_characters(extra):
    content = xlsx_bytes([HEADER, ["あ" * (MAX_CELL_CHARACTERS + extra), "x@example.jp"]])

    if extra:
        with pytest.raises(SpreadsheetError, match="2行目のA列の文字数が多すぎます"):
            sheet_read(content=content, file_name="long.xlsx")
    else:
        assert sheet_read(content=content, file_name="long.xlsx").rows[0][1][0] == "あ" * 10_000


def test_files_over_5_mb_are_refused_unread():
    with pytest.raises(SpreadsheetError, match="5MBまで"):
        sheet_read(content=b"a," * (5 * 2**19 + 1), file_name="big.csv")


def test_csv_in_shift_jis_and_undecodable_bytes():
    shift_jis = "企業名・団体名,メールアドレス\r\n株式会社テスト,a@example.jp\r\n".encode("cp932")

    assert sheet_read(content=shift_jis, file_name="a.csv").rows == [
        (2, ["株式会社テスト", "a@example.jp"])
    ]
    with pytest.raises(SpreadsheetError, match="文字コードを判別できませんでした"):
        sheet_read(content=b"\x81\x00\xff\xfe\xfd", file_name="a.csv")


def test_only_xlsx_and_csv_are_read():
    with pytest.raises(SpreadsheetError, match=r"Excel（\.xlsx）か CSV（\.csv）"):
        sheet_read(content=b"x", file_name="answers.xls")


def test_blank_rows_are_skipped_and_cells_read_as_people_see_them():
    content = xlsx_bytes(
        [[], HEADER, [None, None], ROW, ["2026/04/10", 12345.0], [datetime(2025, 4, 1), True]]
    )

    sheet = sheet_read(content=content, file_name="a.xlsx")

    assert sheet.header == HEADER
    assert sheet.rows == [
        (4, ROW),
        (5, ["2026/04/10", "12345"]),
        (6, ["2025-04-01 00:00:00", "TRUE"]),
    ]
