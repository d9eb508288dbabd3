"""Uploading and confirming files in the admin's import, for the import tests."""

import csv
import io

from django.urls import reverse

from portal.models import PendingImport
from registry.import_rows import question_texts
from tests.spreadsheets import upload, xlsx_bytes

IMPORT = reverse("admin:registry_registration_import")

VALID_ROW = {
    1: "株式会社取込テスト",
    2: "DX推進部",
    3: "取込 太郎（とりこみ たろう）",
    4: "torikomi@example.jp",
    5: "03-5253-5111",
    6: "協力企業・団体として登録を希望する",
    7: "東京都",
    8: "北海道、青森",
    9: "常勤",
    10: "",
    11: "1～3年",
    12: "周知可能",
    13: "",
    14: "",
    15: "https://torikomi.example.jp/",
    16: "",
}
SECOND_ROW = {**VALID_ROW, 1: "二社目株式会社", 4: "second@example.jp"}


def answers_xlsx(rows, headers=None):
    return xlsx_bytes(
        [
            headers or list(question_texts().values()),
            *([row[number] for number in range(1, 17)] for row in rows),
        ]
    )


def answers_csv(rows, encoding, headers=None):
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(headers or [str(number) for number in range(1, 17)])
    for row in rows:
        writer.writerow([row[number] for number in range(1, 17)])
    return stream.getvalue().encode(encoding)


def previewed(client, content, name="answers.xlsx"):
    """Upload a file; the pending import and the preview page it leads to."""
    response = upload(client, IMPORT, content, name)
    assert response.status_code == 302, response.content.decode()
    pending = PendingImport.objects.get()
    return pending, client.get(response.url)


def confirm(client, pending, **data):
    url = reverse("admin:registry_registration_import_preview", args=[pending.pk])
    return client.post(url, {"action": "confirm", **data})


def messages_after(client, response):
    return client.get(response.url).content.decode()
