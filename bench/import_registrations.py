"""The admin's import of earlier answers: preview and confirm times for a large file, and bombs.

    .venv/bin/python bench/import_registrations.py [rows] [existing registrations]

Targets: a 5,000-row file is read, checked and previewed in under 10 s (well inside gunicorn's
30 s timeout, as is the confirmation); a file declaring the whole grid, or expanding past 50 MB,
is refused in under a second with bounded memory. Runs on a throw-away SQLite database unless
DATABASE_URL is set.
"""

import io
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


def bombs(header_file):
    whole_grid = io.BytesIO()
    expanding = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(header_file))
    with (
        zipfile.ZipFile(whole_grid, "w", zipfile.ZIP_DEFLATED) as grid,
        zipfile.ZipFile(expanding, "w", zipfile.ZIP_DEFLATED) as big,
    ):
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"<dimension ref=\"[^\"]*\"/>", b"", data).replace(
                    b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1
                )
            grid.writestr(entry.filename, data)
            big.writestr(entry.filename, data)
        big.writestr("xl/media/image1.png", b"\0" * (60 * 2**20))
    return {"whole grid declared": whole_grid.getvalue(), "60 MB expanded": expanding.getvalue()}


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

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        confirmed = client.post(uploaded.url, {"action": "confirm"})
    confirm_seconds = time.perf_counter() - start
    assert confirmed.status_code == 302
    assert Registration.objects.count() == existing + rows
    print(f"confirm  {rows:6d} rows: {confirm_seconds:5.2f} s, {len(queries)} queries")

    for label, bomb in bombs(answers_file(0)).items():
        tracemalloc.start()
        start = time.perf_counter()
        try:
            sheet_read(content=bomb, file_name="bomb.xlsx")
            outcome = "read"
        except SpreadsheetError as error:
            outcome = f"refused: {str(error)[:40]}…"
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"bomb ({label}, {len(bomb):,} bytes): {seconds * 1000:.0f} ms, "
            f"peak {peak / 2**20:.1f} MB (Python, measured with tracemalloc), {outcome}"
        )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 5_000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 10_000,
    )
