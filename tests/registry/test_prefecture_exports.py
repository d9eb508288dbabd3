"""Prefecture staff's Excel downloads, and 総務省's export of the admin list."""

from datetime import datetime
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from portal.exports import CONDITIONS_SHEET
from portal.models import ExportLog
from registry.exports import LIST_SHEET, headers
from tests.factories import (
    login_verified,
    make_prefecture_user,
    make_registration,
    prefectures,
    reviewed,
    workbook_of,
)

pytestmark = pytest.mark.django_db
LIST = reverse("registry:prefecture-companies")
XLSX = reverse("registry:prefecture-companies-xlsx")


def test_a_bad_filter_value_exports_nothing(hokkaido, companies):
    response = hokkaido.get(XLSX, {"work_style": "bogus"})

    assert response.status_code == 302
    assert not ExportLog.objects.exists()


def test_the_excel_file_holds_exactly_the_filtered_rows(hokkaido, companies):
    response = hokkaido.get(XLSX, {"named_only": "on"})
    workbook = workbook_of(response)
    sheet = workbook[LIST_SHEET]
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0] == tuple(headers())
    assert [row[1] for row in rows[1:]] == ["北海道指定"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(headers()))}2"
    assert sheet["A1"].font.b


def test_the_excel_file_joins_answers_and_writes_real_dates(hokkaido, companies):
    rows = list(
        workbook_of(hokkaido.get(XLSX, {"named_only": "on"}))[LIST_SHEET].iter_rows(
            values_only=True
        )
    )
    row = dict(zip(headers(), rows[1], strict=True))
    registration = companies["named"]

    assert row["問8 職員を出向させることが可能な都道府県"] == "北海道"
    assert row["メールアドレス"] == "a@example.jp"
    assert row["状態"] == "確認済"
    assert isinstance(row["登録日時"], datetime)

    assert row["登録日時"] == timezone.localtime(registration.created_at).replace(
        tzinfo=None, microsecond=row["登録日時"].microsecond
    )


def test_the_conditions_sheet_describes_the_export(hokkaido, companies):
    sheet = workbook_of(
        hokkaido.get(XLSX, {"named_only": "on", "work_style": ["work_full_time", "work_part_time"]})
    )[CONDITIONS_SHEET]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}

    assert values["都道府県"] == "北海道"
    assert values["勤務形態"] == "常勤、非常勤"
    assert values["件数"] == "1件"
    assert values["出力した人"] == "hokkaido"
    assert isinstance(values["出力日時"], datetime)


@pytest.mark.parametrize(
    "payload", ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_cells_that_look_like_formulas_are_written_as_text(hokkaido, payload):
    reviewed(
        make_registration(
            company_name=payload, message=payload, dispatch_prefectures=prefectures("01")
        )
    )

    sheet = workbook_of(hokkaido.get(XLSX))[LIST_SHEET]

    for cell in (
        sheet["B2"],
        sheet[
            f"{openpyxl.utils.get_column_letter(headers().index('問16 備考欄／自治体向けのメッセージ') + 1)}2"
        ],
    ):
        assert cell.data_type == "s"
        # XML turns a carriage return into a newline when the file is read back.
        assert cell.value.strip() == payload.strip()


def test_the_file_name_is_japanese_with_an_ascii_fallback(hokkaido, companies):

    disposition = hokkaido.get(XLSX)["Content-Disposition"]
    today = timezone.localdate().strftime("%Y%m%d")

    assert disposition.startswith(f'attachment; filename="kyoryoku-kigyo_01_{today}.xlsx"; ')
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == f"協力企業一覧_北海道_{today}.xlsx"
    assert encoded.isascii()


def test_every_download_is_logged(hokkaido, companies):
    hokkaido.get(XLSX, {"named_only": "on"})

    log = ExportLog.objects.get()
    assert (log.user.username, log.prefecture.code, log.row_count, log.kind) == (
        "hokkaido",
        "01",
        1,
        "prefecture_list",
    )
    assert "貴都道府県を出向可能先として指定した企業・団体のみ: はい" in log.conditions


def test_the_export_runs_a_fixed_number_of_queries(hokkaido, django_assert_max_num_queries):
    for index in range(30):
        reviewed(
            make_registration(
                company_name=f"社{index}",
                email=f"q{index}@example.jp",
                dispatch_prefectures=prefectures("01", "02"),
            )
        )

    hokkaido.get(LIST)  # the session's idle timer is refreshed at most once a minute
    with django_assert_max_num_queries(10):
        hokkaido.get(XLSX)


def test_mic_staff_export_the_admin_changelist_with_its_filters(mic_client, companies):
    url = reverse("admin:registry_registration_export_xlsx")

    response = mic_client.get(url, {"status__exact": "received"})
    rows = list(workbook_of(response)[LIST_SHEET].iter_rows(values_only=True))
    conditions = {
        row[0]: row[1]
        for row in workbook_of(response)[CONDITIONS_SHEET].iter_rows(min_row=2, values_only=True)
    }

    assert [row[1] for row in rows[1:]] == ["未確認"]
    assert conditions["状態"] == "受付"
    assert ExportLog.objects.get().kind == "admin_list"
    assert "協力企業一覧_総務省_" in unquote(response["Content-Disposition"])


def test_export_logs_are_read_only_for_mic_staff(mic_client, companies):
    from django.test import Client

    prefecture_client = Client()
    login_verified(prefecture_client, make_prefecture_user("hokkaido", "01"))
    prefecture_client.get(XLSX)
    log = ExportLog.objects.get()

    assert mic_client.get(reverse("admin:portal_exportlog_changelist")).status_code == 200
    assert (
        mic_client.post(
            reverse("admin:portal_exportlog_delete", args=[log.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert ExportLog.objects.count() == 1


def test_phone_numbers_are_shown_with_hyphens_in_the_list_and_excel(hokkaido):
    reviewed(make_registration(phone="0112212111", dispatch_prefectures=prefectures("01")))

    page = hokkaido.get(LIST).content.decode()
    rows = list(workbook_of(hokkaido.get(XLSX))[LIST_SHEET].iter_rows(values_only=True))

    assert "011-221-2111" in page
    assert "011-221-2111" in rows[1]
