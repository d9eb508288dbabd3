import io
from datetime import datetime
from urllib.parse import unquote

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal.exports import CONDITIONS_SHEET
from portal.models import ExportLog, Prefecture
from registry.exports import LIST_SHEET, headers
from tests.factories import (
    login_verified,
    make_answers,
    make_prefecture_user,
    make_registration,
    make_user,
    reviewed,
    totp_device,
    totp_now,
)

pytestmark = pytest.mark.django_db
HOME = reverse("registry:prefecture-home")
LIST = reverse("registry:prefecture-companies")
XLSX = reverse("registry:prefecture-companies-xlsx")


def _prefs(*codes):
    return list(Prefecture.objects.filter(code__in=codes))


@pytest.fixture
def hokkaido(client):
    user = make_prefecture_user("hokkaido", "01")
    login_verified(client, user)
    return client


@pytest.fixture
def companies():
    """Registrations covering the visibility rule for 北海道."""
    return {
        "named": reviewed(
            make_registration(
                company_name="北海道指定", email="a@example.jp", dispatch_prefectures=_prefs("01")
            )
        ),
        "nationwide": reviewed(
            make_registration(
                company_name="全国対応",
                email="b@example.jp",
                dispatch_scope=["dispatch_nationwide"],
                dispatch_prefectures=[],
            ),
            publish=True,
        ),
        "undecided": reviewed(
            make_registration(
                company_name="未定",
                email="c@example.jp",
                dispatch_scope=["dispatch_undecided"],
                dispatch_prefectures=_prefs("13"),
            )
        ),
        "other": reviewed(
            make_registration(
                company_name="東京のみ", email="d@example.jp", dispatch_prefectures=_prefs("13")
            )
        ),
        "unreviewed": make_registration(
            company_name="未確認", email="e@example.jp", dispatch_prefectures=_prefs("01")
        ),
        "declined": reviewed(
            make_registration(
                **make_answers(
                    company_name="出向なし",
                    email="f@example.jp",
                    secondment="no",
                    base_prefectures=[],
                    dispatch_prefectures=[],
                    work_styles=[],
                    periods=[],
                )
            )
        ),
    }


def _names(response):
    return {row.company_name for row in response.context["page"]}


def _workbook(response):
    return openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def test_the_list_shows_own_prefecture_nationwide_and_undecided_only(hokkaido, companies):
    response = hokkaido.get(LIST)
    html = response.content.decode()

    assert _names(response) == {"北海道指定", "全国対応", "未定"}
    assert "指定あり" in html and "全国対応可能" in html and "未定・相談に応じて検討" in html


def test_only_companies_that_named_us(hokkaido, companies):
    assert _names(hokkaido.get(LIST, {"named_only": "on"})) == {"北海道指定"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"work_style": "work_part_time"}, {"全国対応"}),
        ({"work_days": "days_week_1_2"}, {"全国対応"}),
        ({"period": "period_over_3_years"}, {"全国対応"}),
        ({"retiree_outreach": "difficult"}, {"全国対応"}),
        ({"scheme": "scheme_chiiki_kigyojin"}, {"全国対応"}),
        ({"based_in": "27"}, {"全国対応"}),
        ({"registered_from": "2026-01-01", "registered_to": "2026-03-31"}, {"未定"}),
    ],
)
def test_filters(hokkaido, companies, query, expected):
    from django.utils import timezone

    nationwide = companies["nationwide"]
    for name, value in [
        ("work_part_time", True),
        ("days_week_1_2", True),
        ("period_over_3_years", True),
        ("retiree_outreach", "difficult"),
        ("scheme_chiiki_kigyojin", True),
    ]:
        setattr(nationwide, name, value)
    nationwide.save()
    nationwide.base_prefectures.set(_prefs("27"))
    companies["undecided"].__class__.objects.filter(pk=companies["undecided"].pk).update(
        created_at=timezone.make_aware(datetime(2026, 2, 1, 12))
    )

    assert _names(hokkaido.get(LIST, query)) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"status": "received"},
        {"dispatch_to": "13"},
        {"prefecture": "13"},
        {"based_in": "13", "named_only": "on"},
        {"work_style": "work_full_time", "page": "1"},
    ],
)
def test_no_parameter_reaches_other_prefectures_or_unreviewed_registrations(
    hokkaido, companies, query
):
    names = _names(hokkaido.get(LIST, query))

    assert not names & {"東京のみ", "未確認", "出向なし"}


@pytest.mark.parametrize(
    "query",
    [{"work_style": "bogus"}, {"based_in": "99"}, {"registered_from": "昨日"}, {"order": "email"}],
)
def test_bad_filter_values_give_a_clear_message(hokkaido, companies, query):
    response = hokkaido.get(LIST, query)

    assert response.status_code == 200
    assert "絞り込みの条件に誤りがあります" in response.content.decode()
    assert not _names(response) & {"東京のみ", "未確認"}


def test_a_bad_filter_value_exports_nothing(hokkaido, companies):
    response = hokkaido.get(XLSX, {"work_style": "bogus"})

    assert response.status_code == 302
    assert not ExportLog.objects.exists()


def test_the_list_is_sortable_and_paginated(hokkaido, companies):
    ordered = [row.company_name for row in hokkaido.get(LIST, {"order": "company"}).context["page"]]
    reverse_ordered = [
        row.company_name for row in hokkaido.get(LIST, {"order": "-company"}).context["page"]
    ]

    assert ordered == list(reversed(reverse_ordered))
    assert hokkaido.get(LIST).context["page"].paginator.per_page == 50


def test_anonymous_users_are_sent_to_the_login_page(client):
    for url in (HOME, LIST, XLSX):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("portal:login"))


def test_a_user_without_a_prefecture_gets_a_clear_message(client):
    login_verified(client, make_user("mic-only"))

    for url in (HOME, LIST, XLSX):
        response = client.get(url)
        assert response.status_code == 403
        assert "所属する都道府県が設定されていません" in response.content.decode()


def test_prefecture_users_cannot_open_the_admin_registration_pages(hokkaido, companies):
    change = reverse("admin:registry_registration_change", args=[companies["named"].pk])

    for url in (change, reverse("admin:registry_registration_changelist")):
        response = hokkaido.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_login_asks_for_the_second_factor_then_lands_on_the_prefecture_page(client):
    user = make_prefecture_user("tokyo", "13")
    totp_device(user)
    login = reverse("portal:login")

    response = client.post(
        login, {"username": "tokyo", "password": "pass-for-tests-only"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{reverse('portal:two-factor')}?next=%2Fprefecture%2F"
    assert "認証アプリに表示されている6桁の数字" in response.content.decode()
    response = client.post(
        reverse("portal:two-factor"), {"token": totp_now(user), "next": HOME}, follow=True
    )

    assert response.redirect_chain[-1][0] == HOME
    assert "東京都のページ" in response.content.decode()


def test_a_wrong_second_factor_is_refused_and_then_throttled(client):
    user = make_prefecture_user("tokyo", "13")
    totp_device(user)
    client.post(reverse("portal:login"), {"username": "tokyo", "password": "pass-for-tests-only"})

    # The clock stands still, so "too soon" does not depend on how fast the test runs.
    with time_machine.travel(timezone.now(), tick=False):
        wrong = client.post(reverse("portal:two-factor"), {"token": "000000", "next": HOME})
        right_too_soon = client.post(
            reverse("portal:two-factor"), {"token": totp_now(user), "next": HOME}
        )

    assert "確認できませんでした" in wrong.content.decode()
    assert right_too_soon.status_code == 200  # django-otp makes the next try wait
    assert client.get(HOME).status_code == 302


def test_a_wrong_password_is_explained(client):
    make_prefecture_user("tokyo", "13")

    response = client.post(reverse("portal:login"), {"username": "tokyo", "password": "wrong"})

    assert "ユーザー名またはパスワードが正しくありません" in response.content.decode()


def test_the_excel_file_holds_exactly_the_filtered_rows(hokkaido, companies):
    response = hokkaido.get(XLSX, {"named_only": "on"})
    workbook = _workbook(response)
    sheet = workbook[LIST_SHEET]
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0] == tuple(headers())
    assert [row[1] for row in rows[1:]] == ["北海道指定"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(headers()))}2"
    assert sheet["A1"].font.b


def test_the_excel_file_joins_answers_and_writes_real_dates(hokkaido, companies):
    rows = list(
        _workbook(hokkaido.get(XLSX, {"named_only": "on"}))[LIST_SHEET].iter_rows(values_only=True)
    )
    row = dict(zip(headers(), rows[1], strict=True))
    registration = companies["named"]

    assert row["問8 職員を出向させることが可能な都道府県"] == "北海道"
    assert row["メールアドレス"] == "a@example.jp"
    assert row["状態"] == "確認済"
    assert isinstance(row["登録日時"], datetime)
    from django.utils import timezone

    assert row["登録日時"] == timezone.localtime(registration.created_at).replace(
        tzinfo=None, microsecond=row["登録日時"].microsecond
    )


def test_the_conditions_sheet_describes_the_export(hokkaido, companies):
    sheet = _workbook(
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
        make_registration(company_name=payload, message=payload, dispatch_prefectures=_prefs("01"))
    )

    sheet = _workbook(hokkaido.get(XLSX))[LIST_SHEET]

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
    from django.utils import timezone

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
                dispatch_prefectures=_prefs("01", "02"),
            )
        )

    hokkaido.get(LIST)  # the session's idle timer is refreshed at most once a minute
    with django_assert_max_num_queries(10):
        hokkaido.get(XLSX)


def test_the_list_runs_a_constant_number_of_queries(hokkaido, django_assert_max_num_queries):
    reviewed(make_registration(dispatch_prefectures=_prefs("01")))
    with django_assert_max_num_queries(20) as few:
        hokkaido.get(LIST)
    for index in range(30):
        reviewed(
            make_registration(
                company_name=f"社{index}",
                email=f"q{index}@example.jp",
                dispatch_prefectures=_prefs("01"),
            )
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        hokkaido.get(LIST)


def test_mic_staff_export_the_admin_changelist_with_its_filters(mic_client, companies):
    url = reverse("admin:registry_registration_export_xlsx")

    response = mic_client.get(url, {"status__exact": "received"})
    rows = list(_workbook(response)[LIST_SHEET].iter_rows(values_only=True))
    conditions = {
        row[0]: row[1]
        for row in _workbook(response)[CONDITIONS_SHEET].iter_rows(min_row=2, values_only=True)
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


def test_page_links_keep_the_filters(hokkaido):
    for index in range(51):
        reviewed(
            make_registration(
                company_name=f"指定{index:02d}",
                email=f"n{index}@example.jp",
                dispatch_prefectures=_prefs("01"),
            )
        )

    html = hokkaido.get(LIST, {"named_only": "on", "sort": "name"}).content.decode()

    assert 'href="?named_only=on&amp;sort=name&amp;page=2"' in html
    assert f'href="{XLSX}?named_only=on&amp;sort=name"' in html


def test_a_registration_that_declined_secondment_never_reaches_a_prefecture(hokkaido):
    declined = reviewed(
        make_registration(
            company_name="出向しない",
            secondment="no",
            retiree_outreach="possible",
            dispatch_prefectures=[],
            base_prefectures=[],
            work_styles=[],
            periods=[],
        ),
        publish=True,
    )
    # Even with prefectures left on it by some other path, it must not be listed.
    declined.dispatch_prefectures.set(_prefs("01"))

    page = hokkaido.get(LIST).content.decode()
    workbook = _workbook(hokkaido.get(XLSX))

    assert "出向しない" not in page
    assert "出向しない" not in [row[1] for row in workbook[LIST_SHEET].iter_rows(values_only=True)]
    assert hokkaido.get(HOME).context["company_count"] == 0


def test_phone_numbers_are_shown_with_hyphens_in_the_list_and_excel(hokkaido):
    reviewed(make_registration(phone="0112212111", dispatch_prefectures=_prefs("01")))

    page = hokkaido.get(LIST).content.decode()
    rows = list(_workbook(hokkaido.get(XLSX))[LIST_SHEET].iter_rows(values_only=True))

    assert "011-221-2111" in page
    assert "011-221-2111" in rows[1]


@pytest.mark.parametrize("url", [HOME, LIST, XLSX])
def test_prefecture_pages_and_exports_are_never_cached(hokkaido, url):
    cache_control = hokkaido.get(url)["Cache-Control"]

    assert "private" in cache_control and "no-store" in cache_control
