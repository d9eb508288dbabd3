"""The admin's import of earlier answers: preview and confirm times for a large file, and bombs.

    .venv/bin/python bench/import_registrations.py [rows] [existing registrations]

Targets: a 5,000-row file is read, checked and previewed in under 10 s (in production a file over
IMPORT_QUEUE_BYTES is read and checked by the worker, and one over IMPORT_QUEUE_ROWS confirmed
there; this script runs both in its own process, with the immediate backend); a file declaring the whole grid, or expanding past 50 MB,
is refused in under a second with bounded memory. Runs on a throw-away SQLite database unless
DATABASE_URL is set.
"""

import contextlib
import io
import itertools
import re
import sys
import time
import tracemalloc
import zipfile

from common import django_setup, fill_registrations

ROW = [
    "2026/04/10 9:15:00",
    "株式会社ベンチ取込{n:05d}",
    "公共営業部",
    "取込 太郎（とりこみ たろう）",
    "import{n}@example.jp",
    "03-5253-5111",
    "協力企業・団体として登録を希望する",
    "東京都、神奈川県",
    "北海道、青森、岩手、宮城、秋田、山形、福島、茨城",
    "常勤、非常勤",
    "週1～2日程度",
    "1年未満、1～3年",
    "周知可能",
    "地域活性化起業人（総務省）、県のDXアドバイザー制度",
    "E市で庁内DX研修を実施",
    "https://bench{n}.example.jp/",
    "自治体の窓口DXの経験者がいます。",
]


def answers_file(rows):
    import openpyxl

    from registry.import_rows import question_texts

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["タイムスタンプ", *question_texts().values()])
    for n in range(rows):
        sheet.append([cell.format(n=n) for cell in ROW])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _rewritten(content, *, sheet=lambda xml: xml, extra=None):
    source = zipfile.ZipFile(io.BytesIO(content))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename.startswith("xl/worksheets/sheet"):
                data = sheet(data)
            target.writestr(entry.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return stream.getvalue()


def _whole_grid(xml):
    xml = re.sub(rb"<dimension ref=\"[^\"]*\"/>", b"", xml)
    return xml.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1)


def _appended(rows):
    return lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>")


def bombs(one_row_file):
    """Hostile or accidental files: what each does to the reader."""
    names = "abcdefghi"  # each entity is ten of the one before
    entities = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {n} "{f"&{p};" * 10}">' for p, n in itertools.pairwise(names)
    )
    empty_rows = b"".join(b'<row r="%d" s="1" customFormat="1"/>' % n for n in range(3, 1_048_577))
    far_cells = b"".join(
        b'<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
        for n in range(3, 10_002)
    )
    return {
        "whole grid declared": _rewritten(one_row_file, sheet=_whole_grid),
        "60 MB once expanded": _rewritten(
            one_row_file, extra={"xl/media/image1.png": b"\0" * (60 * 2**20)}
        ),
        "formatted empty rows to row 1,048,576": _rewritten(
            one_row_file, sheet=_appended(empty_rows)
        ),
        "10,000 cells in column XFD": _rewritten(one_row_file, sheet=_appended(far_cells)),
        "entity expansion (10^9 characters)": _rewritten(
            one_row_file,
            sheet=lambda xml: (
                (entities + "]>").encode() + xml.replace(b"import0@example.jp", b"&i;")
            ),
        ),
    }


def main(rows, existing):
    django_setup()
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.models import PendingImport
    from portal.spreadsheets import SpreadsheetError, sheet_read
    from registry.models import Registration
    from tests.factories import login_verified

    fill_registrations(existing)
    client = Client()
    login_verified(client, User.objects.create_superuser("bench", password="bench-only"))
    content = answers_file(rows)
    url = "/admin/registry/registration/import/"

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        uploaded = client.post(url, {"file": SimpleUploadedFile("bench.xlsx", content)})
        page = client.get(uploaded.url)
    preview_seconds = time.perf_counter() - start
    assert page.status_code == 200 and "取り込む行" in page.content.decode(), page.status_code
    pending = PendingImport.objects.get()
    assert not pending.preview["problems"], pending.preview["problems"][:3]
    print(
        f"preview  {rows:6d} rows: {preview_seconds:5.2f} s, {len(queries)} queries "
        f"(file {len(content) / 2**20:.1f} MB, {existing} registrations already stored, "
        f"{connection.vendor})"
    )

    # Each page of the preview (every row, 50 a page) draws only its own rows.
    last = (rows + 49) // 50
    for number in (2, last):
        start = time.perf_counter()
        shown = client.get(uploaded.url, {"page": number})
        seconds = time.perf_counter() - start
        assert shown.status_code == 200
        assert number != last or f'id="row-{rows + 1}"' in shown.content.decode()  # the last row
        print(f"preview page {number:4d} of {last}: {seconds * 1000:6.0f} ms")

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        confirmed = client.post(uploaded.url, {"action": "confirm"})
    confirm_seconds = time.perf_counter() - start
    assert confirmed.status_code == 302
    assert Registration.objects.count() == existing + rows
    print(f"confirm  {rows:6d} rows: {confirm_seconds:5.2f} s, {len(queries)} queries")

    for label, bomb in bombs(answers_file(1)).items():
        start = time.perf_counter()
        try:
            sheet = sheet_read(content=bomb, file_name="bomb.xlsx")
            outcome = f"read {len(sheet.rows)} data row(s) only"
        except SpreadsheetError as error:
            outcome = f"refused: {str(error)[:30]}…"
        seconds = time.perf_counter() - start
        tracemalloc.start()
        with contextlib.suppress(SpreadsheetError):
            sheet_read(content=bomb, file_name="bomb.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        start = time.perf_counter()
        page = client.post(url, {"file": SimpleUploadedFile("bomb.xlsx", bomb)})
        through_admin = time.perf_counter() - start
        print(
            f"bomb: {label} ({len(bomb):,} bytes): read {seconds * 1000:.0f} ms, "
            f"upload to answer through the admin {through_admin * 1000:.0f} ms "
            f"(HTTP {page.status_code}), Python peak {peak / 2**20:.1f} MB, {outcome}"
        )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 5_000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 10_000,
    )
