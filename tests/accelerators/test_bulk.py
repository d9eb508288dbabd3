"""Bulk load of the appointments made before the portal (accelerators.bulk)."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accelerators.bulk import HISTORY_COMMENT
from accelerators.models import IpaPass, Nomination
from portal.models import PendingImport
from tests.factories import login_verified, make_appointed, make_prefecture_user
from tests.spreadsheets import appointments_xlsx, upload

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "existing_appointments.xlsx"
IMPORT = reverse("admin:accelerators_nomination_import")
TEMPLATE = reverse("admin:accelerators_nomination_import_template")


def _preview(client, content):
    response = upload(client, IMPORT, content, "appointments.xlsx")
    assert response.status_code == 302, response.content.decode()
    pending = PendingImport.objects.get()
    return pending, client.get(response.url).content.decode()


def _confirm(client, pending, **data):
    url = reverse("admin:accelerators_nomination_import_preview", args=[pending.pk])
    response = client.post(url, {"action": "confirm", **data})
    return client.get(response.url).content.decode()


def test_the_template_has_the_columns_lists_and_notes(mic_client):
    response = mic_client.get(TEMPLATE)

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert "filename*=UTF-8''%E6%97%A2%E5%AD%98" in response["Content-Disposition"]
    assert [cell.value for cell in sheet[1]] == [
        "都道府県", "氏名", "ふりがな", "任用形態", "任用開始日", "任命日", "任命番号", "要件",
        "要件の根拠", "主たる業務の確認", "年間の人件費（円）",
    ]  # fmt: skip
    assert workbook.sheetnames == ["既存の任命", "選択肢", "記入方法"]
    lists = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    assert lists == {"A2", "D2", "H2", "J2"}
    assert workbook["選択肢"]["A48"].value == "沖縄県"


def test_only_staff_allowed_to_import_get_the_template(client):
    login_verified(client, make_prefecture_user("pref", "01"))

    assert client.get(TEMPLATE).status_code != 200


def test_the_shipped_sample_loads_60_appointees_in_23_prefectures(mic_client, mic_user):
    pending, preview = _preview(mic_client, SAMPLE.read_bytes())
    assert "60行を読み込みました。" in preview and "誤り" not in preview

    message = _confirm(mic_client, pending)

    assert "60件を取り込みました。" in message
    appointed = Nomination.objects.filter(status="appointed", source="bulk")
    assert appointed.count() == 60
    assert appointed.values("prefecture").distinct().count() == 23
    dashboard = mic_client.get(reverse("accelerators:dashboard")).content.decode()
    assert "任命状況 60名（23都道府県）" in dashboard
    first = appointed.filter(appointment_number__startswith="DXA-2026-").order_by(
        "appointment_date", "appointment_number"
    )
    assert first[0].appointment_number == "DXA-2026-0001"
    transition = first[0].transitions.get()
    assert (transition.comment, transition.changed_by, transition.to_status) == (
        HISTORY_COMMENT,
        mic_user,
        "appointed",
    )
    assert IpaPass.objects.filter(nomination__in=appointed.filter(existing_basis="exam")).count()
    equivalence = appointed.filter(existing_basis="equivalence").first()
    assert equivalence.equivalence_accepted_by == mic_user


def test_numbers_continue_after_those_in_use_and_given_ones_are_kept(mic_client):
    make_appointed("13", appointment_date=None, appointment_number=None)
    Nomination.objects.update(appointment_number="DXA-2025-0007")
    content = appointments_xlsx(
        {"氏名": "番号　あり", "任命番号": "DXA-2025-0012"},
        {"氏名": "番号　なし"},
    )

    pending, _ = _preview(mic_client, content)
    _confirm(mic_client, pending)

    numbers = dict(
        Nomination.objects.filter(source="bulk").values_list("name", "appointment_number")
    )
    # Names are stored as written, as every answer on the site is (the ideographic space stays).
    assert numbers == {"番号　あり": "DXA-2025-0012", "番号　なし": "DXA-2025-0013"}


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"都道府県": "東京府"}, "都道府県", "「東京府」は都道府県名として認識できません。"),
        ({"氏名": ""}, "氏名", "氏名を入力してください。"),
        ({"ふりがな": "Ikkatsu"}, "ふりがな", "ふりがなはひらがなで入力してください。"),
        ({"任用形態": "業務委託"}, "任用形態", "業務委託で確保した人材はアクセラレータではないため"),
        ({"任命日": "2099/04/01"}, "任命日", "任命日に将来の日付は指定できません。"),
        ({"任命日": "2999/04/01"}, "任命日", "年は1900年から2100年の間で入力してください。"),
        ({"任命日": "来年"}, "任命日", "「来年」を日付として読めません"),
        ({"任命番号": "A-1"}, "任命番号", "任命番号は DXA-2025-0001 の形で入力するか"),
        ({"任命番号": "DXA-2024-0001"}, "任命番号", "任命番号の年と任命日の年（2025年）が違います。"),
        ({"要件": "④"}, "要件", "要件は ①、② または ③ で入力してください。"),
        ({"要件": "②", "要件の根拠": "IPAの試験に合格"}, "要件の根拠", "試験名と合格年（西暦）を書いてください"),
        ({"要件": "②", "要件の根拠": "情報セキュリティアドミニストレータ試験 2005年"}, "要件の根拠", "要件②には当たりません"),
        ({"要件": "②", "要件の根拠": "情報処理安全確保支援士試験 2010年"}, "要件の根拠", "情報処理安全確保支援士試験は2017年に始まった試験です。"),
        ({"主たる業務の確認": "未確認"}, "主たる業務の確認", "確認した場合だけ登録できます。"),
        ({"年間の人件費（円）": "三百万"}, "年間の人件費（円）", "円単位の数字で入力してください"),
    ],
)  # fmt: skip
def test_each_bad_value_is_named_and_nothing_is_loaded(mic_client, change, column, message):
    pending, preview = _preview(mic_client, appointments_xlsx({"氏名": "正しい　人"}, change))

    row = preview.split('id="row-3"')[1].split("</tr>")[0]
    assert f"誤り：{column}：" in row  # beside its row
    assert message in row
    assert 'id="import-submit"' not in preview
    assert "何も取り込んでいません" in _confirm(mic_client, pending)
    assert not Nomination.objects.exists()


def test_a_number_in_use_or_twice_in_the_file_is_refused(mic_client):
    make_appointed("13")
    Nomination.objects.update(appointment_number="DXA-2025-0001")
    content = appointments_xlsx(
        {"氏名": "一人目　さん", "任命番号": "DXA-2025-0001"},
        {"氏名": "二人目　さん", "任命番号": "DXA-2025-0002"},
        {"氏名": "三人目　さん", "任命番号": "DXA-2025-0002"},
    )

    _, preview = _preview(mic_client, content)

    assert "任命番号 DXA-2025-0001 はすでに使われています。" in preview
    assert "任命番号 DXA-2025-0002 は3行目と同じです。" in preview


def test_a_file_without_the_required_columns_is_refused(mic_client):
    csv = "都道府県,氏名\n北海道,一括　太郎\n".encode()

    response = upload(mic_client, IMPORT, csv, "appointments.csv")

    assert response.status_code == 400
    assert "見出し行に次の列がありません: 任用形態、任命日、要件、要件の根拠、主たる業務の確認" in (
        response.content.decode()
    )


def test_the_same_person_already_stored_is_a_possible_duplicate(mic_client):
    make_appointed("01", name="一括　太郎")
    content = appointments_xlsx({}, {"氏名": "別の　人"}, {"氏名": "別の 人"})

    pending, preview = _preview(mic_client, content)

    assert "重複の可能性（2行）" in preview
    assert "登録済みの推薦（DXA-TEST-" in preview and "と都道府県・氏名が同じ" in preview
    assert "このファイルの3行目と都道府県・氏名が同じ" in preview
    assert "1件を取り込みました。重複の可能性がある2行は取り込んでいません。" in _confirm(
        mic_client, pending
    )
    assert Nomination.objects.filter(source="bulk").get().name == "別の　人"


def test_a_bulk_appointment_shows_its_basis_on_the_detail_page(mic_client):
    pending, _ = _preview(mic_client, appointments_xlsx({}))
    _confirm(mic_client, pending)
    nomination = Nomination.objects.get()

    page = mic_client.get(reverse("accelerators:detail", args=[nomination.pk])).content.decode()

    assert "一括登録（既存の任命）" in page
    assert "① 実務経験5年以上" in page
    assert "株式会社デジタルで開発に従事" in page


def test_a_csv_cell_with_a_nul_byte_loads_and_japanese_text_stays_as_written(mic_client):
    import csv

    from tests.spreadsheets import APPOINTMENT_ROW

    row = {
        **APPOINTMENT_ROW,
        "氏名": "一括\x00　太郎",
        "任命番号": "ＤＸＡ－２０２５－０００３",
        "要件": "①",
        "要件の根拠": "株式会社デジタル（1名出向）で開発に従事（2015年4月～2025年3月）",
        "年間の人件費（円）": "３，６００，０００円",
    }
    stream = io.StringIO()
    csv.writer(stream).writerows([list(row), list(row.values())])

    response = upload(mic_client, IMPORT, stream.getvalue().encode(), "appointments.csv")
    assert response.status_code == 302, response.content.decode()
    _confirm(mic_client, PendingImport.objects.get())

    nomination = Nomination.objects.get()
    assert (nomination.name, nomination.appointment_number) == ("一括　太郎", "DXA-2025-0003")
    assert nomination.existing_basis == Nomination.Basis.EXPERIENCE
    assert nomination.existing_evidence == row["要件の根拠"]
    assert nomination.annual_cost_yen == 3_600_000


def _page(client, pending, query=""):
    url = reverse("admin:accelerators_nomination_import_preview", args=[pending.pk])
    response = client.get(url + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_preview_shows_every_row_of_a_60_row_file_over_two_pages(mic_client):
    pending, first = _preview(mic_client, SAMPLE.read_bytes())
    second = _page(mic_client, pending, "?page=2")

    shown = [n for n in range(2, 62) if f'id="row-{n}"' in first or f'id="row-{n}"' in second]
    assert shown == list(range(2, 62))  # every data row (row 1 is the headings), each once
    assert 'id="row-51"' in first and 'id="row-52"' not in first  # 50 a page, the page alone
    assert "全60行のうち51～60行を表示" in second
    assert 'href="?page=2"' in first and 'href="?page=1"' in second


def test_a_page_past_the_end_shows_the_last_and_a_tampered_page_the_first(mic_client):
    pending, _ = _preview(mic_client, SAMPLE.read_bytes())

    assert 'id="row-61"' in _page(mic_client, pending, "?page=99")
    assert 'id="row-2"' in _page(mic_client, pending, "?page=abc")
    assert 'id="row-2"' in _page(mic_client, pending, "?page=-3")
    assert 'id="row-2"' in _page(mic_client, pending, "?page=1e9")


def test_each_row_shows_its_problems_beside_it_and_a_filter_keeps_those_rows(mic_client):
    good = {"氏名": "正しい　行"}
    rows = [{**good, "氏名": f"正しい　行{n}"} for n in range(55)]
    rows[52] = {"氏名": "", "都道府県": "東京都"}  # row 54: no name
    pending, first = _preview(mic_client, appointments_xlsx(*rows))

    assert "誤り（1件・1行）" in first
    assert 'id="row-54"' not in first  # on the second page, with its problem
    second = _page(mic_client, pending, "?page=2")
    row = second.split('id="row-54"')[1].split("</tr>")[0]
    assert "誤り：氏名：" in row
    only = _page(mic_client, pending, "?rows=problems")
    assert 'id="row-54"' in only and 'id="row-2"' not in only
    assert "誤りのある1行だけを表示しています。" in only


def test_the_preview_page_does_not_read_the_stored_rows(mic_client):
    pending, _ = _preview(mic_client, SAMPLE.read_bytes())

    with CaptureQueriesContext(connection) as queries:
        _page(mic_client, pending, "?page=2")
    read = [q["sql"] for q in queries.captured_queries if "portal_pendingimport" in q["sql"]]
    assert read and all('"rows"' not in sql for sql in read)
