"""Staff pages: who sees whom, filters, the Excel list, constant queries, and every URL's access."""

import pytest
from django.urls import reverse

from accelerators.models import Nomination
from portal.exports import CONDITIONS_SHEET
from portal.models import ExportLog
from talent.exports import LIST_SHEET
from talent.models import Specialist
from tests.factories import make_specialist, workbook_of

pytestmark = pytest.mark.django_db
LIST = reverse("talent:staff-list")
XLSX = reverse("talent:staff-export")


@pytest.fixture
def people():
    """Entries that cover the rule for 北海道 (prefecture A) and 青森県 (B)."""
    return {
        "hokkaido": make_specialist(status="listed", name="北海道 希望", email="a@example.jp", desired_prefectures=["01"]),
        "anywhere": make_specialist(status="listed", name="全国 可能", email="b@example.jp", desired_prefectures=None, desired_scope=["desires_anywhere"]),
        "on_request": make_specialist(status="listed", name="相談 可能", email="c@example.jp", desired_prefectures=["47"], desired_scope=["desires_on_request"]),
        "tokyo": make_specialist(status="listed", name="東京 希望", email="d@example.jp", desired_prefectures=["13"]),
        "confirmed": make_specialist(status="confirmed", name="確認 済み", email="e@example.jp", desired_prefectures=["01"]),
        "received": make_specialist(name="受付 中", email="f@example.jp", desired_prefectures=["01"]),
        "withdrawn": make_specialist(status="withdrawn", name="取下 済み", email="g@example.jp", desired_prefectures=["01"]),
    }  # fmt: skip


def _names(response):
    return {specialist.name for specialist, _ in response.context["page"].object_list}


def test_a_prefecture_sees_listed_people_who_chose_it_anywhere_or_on_request(clients, people):
    assert _names(clients["prefecture_a"].get(LIST)) == {"北海道 希望", "全国 可能", "相談 可能"}
    assert _names(clients["prefecture_b"].get(LIST)) == {"全国 可能", "相談 可能"}


def test_mic_sees_every_listed_person(clients, people):
    assert _names(clients["mic"].get(LIST)) == {
        "北海道 希望",
        "全国 可能",
        "相談 可能",
        "東京 希望",
    }


def _urls(people):
    person = people["hokkaido"]
    return {
        "list": LIST,
        "export": XLSX,
        "detail": reverse("talent:staff-detail", args=[person.pk]),
        "hire": reverse("talent:staff-hire", args=[person.pk]),
        "detail of another prefecture's": reverse("talent:staff-detail", args=[people["tokyo"].pk]),
        "detail of an unreviewed entry": reverse(
            "talent:staff-detail", args=[people["received"].pk]
        ),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", {"list": 302, "export": 302, "detail": 302, "hire": 302,
                       "detail of another prefecture's": 302, "detail of an unreviewed entry": 302}),
        ("prefecture_a", {"list": 200, "export": 200, "detail": 200, "hire": 200,
                          "detail of another prefecture's": 404, "detail of an unreviewed entry": 404}),
        ("prefecture_b", {"list": 200, "export": 200, "detail": 404, "hire": 404,
                          "detail of another prefecture's": 404, "detail of an unreviewed entry": 404}),
        ("mic", {"list": 200, "export": 200, "detail": 200, "hire": 403,
                 "detail of another prefecture's": 200, "detail of an unreviewed entry": 404}),
    ],
)  # fmt: skip
def test_the_access_matrix(clients, people, who, expected):
    statuses = {name: clients[who].get(url).status_code for name, url in _urls(people).items()}

    assert statuses == expected
    if who == "anonymous":
        assert clients[who].get(LIST).url.startswith(reverse("portal:login"))


def test_a_posted_hire_for_another_prefectures_person_is_refused(clients, people):
    response = clients["prefecture_b"].post(
        reverse("talent:staff-hire", args=[people["hokkaido"].pk]),
        {"employment_type": "fixed_term", "start_date": "2026-04-01"},
    )

    assert response.status_code == 404
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"work_style": ["style_permanent"]}, set()),
        ({"work_style": ["style_part_time"]}, {"北海道 希望", "全国 可能", "相談 可能"}),
        ({"specialty": ["ai_rpa"]}, {"全国 可能"}),
        ({"hint": "experience"}, {"北海道 希望", "相談 可能"}),
        ({"hint": "exam"}, {"北海道 希望", "全国 可能", "相談 可能"}),
        ({"hint": "neither"}, set()),
        ({"start": "0"}, {"北海道 希望", "全国 可能"}),
        ({"start": "12"}, {"北海道 希望", "全国 可能", "相談 可能"}),
    ],
)
def test_the_list_filters(clients, people, query, expected):
    anywhere = people["anywhere"]
    anywhere.specialties.add("ai_rpa")
    anywhere.experiences.all().delete()
    Specialist.objects.filter(pk=people["on_request"].pk).update(
        available_now=False, available_from="2027-06-01"
    )

    assert _names(clients["prefecture_a"].get(LIST, query)) == expected


def test_a_bad_filter_value_is_an_error_and_exports_nothing(clients, people):
    page = clients["prefecture_a"].get(LIST, {"hint": "all-of-them"})
    export = clients["prefecture_a"].get(XLSX, {"hint": "all-of-them"})

    assert "絞り込みの条件に誤りがあります" in page.content.decode()
    assert export.status_code == 302
    assert not ExportLog.objects.exists()


def test_the_list_and_the_export_run_a_constant_number_of_queries(
    clients, people, django_assert_max_num_queries
):
    client = clients["mic"]
    with django_assert_max_num_queries(40) as few:
        client.get(LIST)
        client.get(XLSX)
    for index in range(20):
        make_specialist(status="listed", name=f"追加 {index}", email=f"x{index}@example.jp")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)
        client.get(XLSX)


def test_the_excel_list_holds_the_visible_people_and_is_logged(clients, people):
    response = clients["prefecture_a"].get(XLSX, {"specialty": ["front_yard"]})

    workbook = workbook_of(response)
    rows = list(workbook[LIST_SHEET].iter_rows(values_only=True))
    conditions = {row[0]: row[1] for row in workbook[CONDITIONS_SHEET].iter_rows(values_only=True)}
    assert rows[0][:3] == ("受付番号", "氏名", "メールアドレス")
    assert {row[1].split("（")[0] for row in rows[1:]} == {"北海道 希望", "全国 可能", "相談 可能"}
    assert conditions["範囲"] == "北海道"
    assert conditions["得意分野"] == "フロントヤード改革"
    log = ExportLog.objects.get()
    assert (log.kind, log.kind_label, log.row_count) == ("talent_list", "協力可能人材一覧", 3)
    assert (
        "協力可能人材一覧_北海道_" in response["Content-Disposition"]
        or "filename*" in (response["Content-Disposition"])
    )
    assert "no-store" in response["Cache-Control"]


def test_the_detail_page_shows_every_answer_and_the_hints(clients, people):
    page = (
        clients["prefecture_a"]
        .get(reverse("talent:staff-detail", args=[people["hokkaido"].pk]))
        .content.decode()
    )

    for shown in [
        "北海道 希望（じんざい　はなこ）",
        "090-1234-5678",
        "自治体の窓口DXを支援してきました。",
        "要件①（実務経験5年以上）を満たす見込み",
        "任用した（アクセラレータの推薦を作成する）",
    ]:
        assert shown in page


def test_people_registered_at_the_same_moment_keep_one_order(clients, people):
    """Newest first, then the higher id: a page break never shows one person twice."""
    Specialist.objects.update(created_at="2026-06-01T01:00:00Z")

    listed = clients["prefecture_a"].get(LIST).context["page"].object_list

    assert [specialist.pk for specialist, _ in listed] == sorted(
        (people[key].pk for key in ["hokkaido", "anywhere", "on_request"]), reverse=True
    )
