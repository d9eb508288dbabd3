"""Spreadsheets for the import tests: files to upload, hostile ones included."""


def xlsx_bytes(rows):
    """An .xlsx whose first sheet holds `rows` (lists of cell values)."""
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def xlsx_rewritten(content, *, sheet=None, extra=None):
    """An .xlsx with its first sheet's XML replaced by `sheet(xml) -> xml`, and `extra` entries
    ({name: bytes}) added: hostile files, as a 1.6 KB bomb would be made."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if sheet and entry.filename == "xl/worksheets/sheet1.xml":
                data = sheet(data)
            target.writestr(entry.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return stream.getvalue()


def upload(client, url, content, name="file.xlsx"):
    """Post a file to an import page as a browser would."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"file": SimpleUploadedFile(name, content)})


APPOINTMENT_ROW = {
    "都道府県": "北海道",
    "氏名": "一括　太郎",
    "ふりがな": "いっかつ　たろう",
    "任用形態": "任期付職員",
    "任用開始日": "2025/04/01",
    "任命日": "2025/04/01",
    "任命番号": "",
    "要件": "①",
    "要件の根拠": "株式会社デジタルで開発に従事（2015年4月～2025年3月）",
    "主たる業務の確認": "確認済",
    "年間の人件費（円）": "",
}


def appointments_xlsx(*rows):
    """The bulk-appointment template filled in: APPOINTMENT_ROW with each row's changes."""
    headers = list(APPOINTMENT_ROW)
    return xlsx_bytes(
        [headers, *([{**APPOINTMENT_ROW, **row}[h] for h in headers] for row in rows)]
    )
