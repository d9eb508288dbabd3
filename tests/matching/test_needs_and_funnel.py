"""Needs (募集) by prefecture staff, who sees which page, and the funnel toward 500."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.funnel import funnel_rows, unmet_by_specialty
from matching.models import Approach, Need
from matching.workflow import approach_outcome
from portal.exports import CONDITIONS_SHEET
from portal.models import ExportLog
from tests.factories import make_appointed, make_need, make_specialist, workbook_of

pytestmark = pytest.mark.django_db


def _need_post(**overrides):
    data = {
        "title": "ＡＩ活用の推進",
        "duties": "生成AIの業務利用を\r\n市町村と進める。",
        "specialties": ["ai_rpa"],
        "work_styles": ["wants_part_time"],
        "workplace": "",
        "period": "under_1_year",
        "headcount": "1",
        "start_month": "2027-04",
        "department": "デジタル推進課",
        "contact": "デジタル推進課 03-5253-5111",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_prefecture_creates_a_need_that_starts_as_a_draft(clients):
    response = clients["prefecture_a"].post(reverse("matching:need-create"), _need_post())

    need = Need.objects.get()
    assert response.url == reverse("matching:need", args=[need.pk])
    assert (need.prefecture_id, need.status, need.title) == ("01", "draft", "AI活用の推進")
    assert need.duties == "生成AIの業務利用を\n市町村と進める。"
    assert (need.wants_part_time, need.wants_permanent) == (True, False)
    assert need.start_month == date(2027, 4, 1)
    assert [s.code for s in need.specialties.all()] == ["ai_rpa"]
    assert need.history.first().history_user.username == "pref-a"


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"work_styles": None}, "work_styles"), ({"headcount": "0"}, "headcount"),
     ({"start_month": "来年"}, "start_month"), ({"title": ""}, "title"),
     ({"period": "forever"}, "period"), ({"specialties": ["nope"]}, "specialties")],
)  # fmt: skip
def test_a_need_needs_its_answers(clients, changes, field):
    response = clients["prefecture_a"].post(reverse("matching:need-create"), _need_post(**changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Need.objects.exists()


def test_mic_and_staff_without_a_prefecture_cannot_create_needs(clients):
    assert clients["mic"].get(reverse("matching:need-create")).status_code == 403


def test_a_need_opens_and_fills_and_is_then_read_only(clients):
    need = make_need("01", status="draft")
    status = reverse("matching:need-status", args=[need.pk])

    clients["prefecture_a"].post(status, {"to": "open"})
    clients["prefecture_a"].post(status, {"to": "filled"})
    clients["prefecture_a"].post(status, {"to": "open"})

    need.refresh_from_db()
    assert need.status == "filled" and need.opened_at
    assert (
        clients["prefecture_a"].get(reverse("matching:need-edit", args=[need.pk])).status_code
        == 403
    )


def _urls(need, approach):
    return {
        "list": reverse("matching:needs"),
        "create": reverse("matching:need-create"),
        "need": reverse("matching:need", args=[need.pk]),
        "edit": reverse("matching:need-edit", args=[need.pk]),
        "approach": reverse("matching:approach", args=[approach.pk]),
        "funnel": reverse("matching:funnel"),
        "funnel export": reverse("matching:funnel-export"),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", dict.fromkeys(["list", "create", "need", "edit", "approach", "funnel", "funnel export"], 302)),
        ("prefecture_a", dict.fromkeys(["list", "create", "need", "edit", "approach", "funnel", "funnel export"], 200)),
        ("prefecture_b", {"list": 200, "create": 200, "need": 404, "edit": 404, "approach": 404,
                          "funnel": 200, "funnel export": 200}),
        ("mic", {"list": 200, "create": 403, "need": 200, "edit": 403, "approach": 200,
                 "funnel": 200, "funnel export": 200}),
    ],
)  # fmt: skip
def test_the_access_matrix(clients, who, expected):
    need = make_need("01")
    person = make_specialist(status="listed", desired_prefectures=["01"])
    approach = Approach.objects.create(need=need, specialist=person, sent_by=need.created_by)

    statuses = {
        name: clients[who].get(url).status_code for name, url in _urls(need, approach).items()
    }

    assert statuses == expected


def test_prefecture_b_never_sees_as_needs_in_its_list(clients):
    make_need("01", title="北海道の募集")
    make_need("02", title="青森の募集")

    a = {n.title for n in clients["prefecture_a"].get(reverse("matching:needs")).context["page"]}
    mic = {n.title for n in clients["mic"].get(reverse("matching:needs")).context["page"]}

    assert a == {"北海道の募集"}
    assert mic == {"北海道の募集", "青森の募集"}


@pytest.fixture
def progress():
    """Two needs in 北海道 and one in 青森, with 打診 at every step."""
    hokkaido = make_need("01", specialties=["security"])
    unmet = make_need("01", title="未充足", specialties=["el_qr"])
    aomori = make_need("02")
    people = [
        make_specialist(status="listed", desired_scope=["desires_anywhere"], desired_prefectures=None, email=f"f{n}@example.jp")
        for n in range(4)
    ]  # fmt: skip
    steps = [
        (hokkaido, people[0], {"response": "interested", "outcome": "hired"}),
        (hokkaido, people[1], {"response": "interested", "outcome": "interview"}),
        (
            unmet,
            people[2],
            {"response": "not_this_time", "outcome": "declined", "decline_reason": "conditions"},
        ),
        (aomori, people[3], {}),
    ]
    for need, person, fields in steps:
        hired = fields.get("outcome") == "hired"
        if hired:  # through the workflow, which records the hire on the person
            fields = {**fields, "outcome": "contacting"}
        approach = Approach.objects.create(
            need=need, specialist=person, sent_by=need.created_by, **fields
        )
        if hired:
            approach_outcome(approach=approach, by=need.created_by, outcome="hired")
            Approach.objects.filter(pk=approach.pk).update(
                hired_at=need.opened_at + timedelta(days=12)
            )
    make_appointed("01")
    make_appointed(
        "01",
        appointment_date=timezone.localdate() - timedelta(days=400),
        end_date=timezone.localdate() - timedelta(days=1),
    )  # retired: not counted
    return hokkaido, unmet, aomori


def test_the_funnel_counts_each_step_per_prefecture_and_nationwide(progress):
    rows, total = funnel_rows()
    hokkaido = next(row for row in rows if row["prefecture"].code == "01")

    assert {k: hokkaido[k] for k in ["open_needs", "sent", "interested", "interviewed", "hired", "appointed"]} == {
        "open_needs": 2, "sent": 3, "interested": 2, "interviewed": 2, "hired": 1, "appointed": 1,
    }  # fmt: skip
    assert hokkaido["days_to_first_hire"] == 12
    assert (total["sent"], total["target"]) == (4, 500)
    assert len(rows) == 47


def test_unmet_needs_are_counted_by_specialty(progress):
    assert unmet_by_specialty() == [("eL-QR", 1), ("指定なし", 1)]


def test_a_prefecture_sees_only_its_own_funnel(clients, progress):
    page = clients["prefecture_b"].get(reverse("matching:funnel"))

    assert [row["prefecture"].code for row in page.context["rows"]] == ["02"]
    assert page.context["total"]["sent"] == 1


def test_the_funnel_exports_through_the_one_writer(clients, progress):
    response = clients["mic"].get(reverse("matching:funnel-export"))

    workbook = workbook_of(response)
    rows = list(workbook["募集から任用まで"].iter_rows(values_only=True))
    assert rows[0][:3] == ("都道府県", "募集中の募集", "打診")
    assert rows[-1][0] == "合計" and rows[-1][2] == 4
    assert {row[0]: row[1] for row in workbook[CONDITIONS_SHEET].iter_rows(values_only=True)}[
        "範囲"
    ] == "全国"
    assert ExportLog.objects.get().kind_label == "募集から任用までの状況"


def test_the_funnel_runs_a_constant_number_of_queries(
    clients, progress, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        clients["mic"].get(reverse("matching:funnel"))
    make_need("13")
    make_need("47")

    with django_assert_max_num_queries(len(few.captured_queries)):
        clients["mic"].get(reverse("matching:funnel"))


def test_each_funnel_states_its_own_target(clients):
    """The nation's target is 500, a prefecture's 10: neither page calls 10 the nation's."""
    mic = clients["mic"].get(reverse("matching:funnel")).content.decode()
    hokkaido = clients["prefecture_a"].get(reverse("matching:funnel")).content.decode()

    assert "目標は全国500名（各都道府県10名以上）です。" in mic
    assert "目標は全国10名" not in hokkaido
    assert "北海道の目標は10名以上です（全国の目標は500名）。" in hokkaido
