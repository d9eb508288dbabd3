"""A pending import is stored only once its file is read and checked."""

import pytest

from portal.imports import Check, Importer, pending_import_create
from portal.models import PendingImport

pytestmark = pytest.mark.django_db

CSV = "名前,メモ\nテスト（1名出向）,A\x00B\n".encode()


def _importer(check):
    return Importer(
        kind="registrations",
        read=lambda sheet: [
            [row, dict(zip(sheet.header, cells, strict=False))] for row, cells in sheet.rows
        ],
        check=check,
        store=lambda **kwargs: 0,
    )


def test_a_file_that_fails_its_check_leaves_no_pending_import(mic_user):
    def failing(rows):
        raise RuntimeError("an app's check went wrong")

    with pytest.raises(RuntimeError):
        pending_import_create(
            importer=_importer(failing), user=mic_user, file_name="a.csv", content=CSV
        )

    assert not PendingImport.objects.exists()


def test_a_checked_file_is_stored_with_its_rows_and_preview_in_the_text_rule(mic_user):
    pending = pending_import_create(
        importer=_importer(lambda rows: Check(columns=["名前"], sample=[])),
        user=mic_user,
        file_name="a.csv",
        content=CSV,
    )

    pending.refresh_from_db()
    assert pending.rows == [[2, {"名前": "テスト（1名出向）", "メモ": "AB"}]]
    assert pending.preview["row_count"] == 1 and not pending.checking
