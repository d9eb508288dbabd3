"""Follow-up dates on 打診: the default on sending, staff's changes (and bad dates), the overdue
query, the 打診 list's filters and orders, and the 今回は見送り reply."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Approach
from matching.workflow import (
    FOLLOW_UP_DAYS,
    MatchingError,
    approach_answer,
    approach_follow_up_set,
    approach_outcome,
    approaches_send,
)
from tests.factories import make_need, make_specialist

pytestmark = pytest.mark.django_db
LIST = reverse("matching:approaches")


def _person(name="打診　花子", code="01"):
    return make_specialist(status="listed", desired_prefectures=[code], name=name)


def _approach(need, person=None, **fields):
    person = person or _person()
    return Approach.objects.create(need=need, specialist=person, sent_by=need.created_by, **fields)


def _follow_up(client, approach, value):
    return client.post(
        reverse("matching:approach-follow-up", args=[approach.pk]), {"follow_up_on": value}
    )


def test_a_new_approach_gets_a_follow_up_date_fourteen_days_after_sending():
    need = make_need("01")
    sent, _ = approaches_send(need=need, by=need.created_by, specialist_ids=[_person().pk])
    expected = timezone.localdate() + timedelta(days=FOLLOW_UP_DAYS)
    assert FOLLOW_UP_DAYS == 14
    assert Approach.objects.get(pk=sent[0].pk).follow_up_on == expected


def test_approaches_stored_before_follow_up_dates_have_none_and_are_never_overdue():
    # The migration adds the column empty: an old 打診 has no date until staff set one.
    need = make_need("01")
    old = _approach(need, sent_at=timezone.now() - timedelta(days=400))
    assert old.follow_up_on is None
    assert not Approach.objects.overdue().exists()
    assert not old.is_overdue


def test_the_prefecture_changes_the_follow_up_date(clients):
    approach = _approach(make_need("01"))
    day = timezone.localdate() + timedelta(days=30)

    response = _follow_up(clients["prefecture_a"], approach, day.isoformat())

    assert response.status_code == 302
    approach.refresh_from_db()
    assert approach.follow_up_on == day
    assert approach.history.first().history_change_reason == f"次の確認日を{day:%Y/%m/%d}に変更"
    page = clients["prefecture_a"].get(reverse("matching:approach", args=[approach.pk]))
    assert f"{day:%Y/%m/%d}" in page.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "次の確認日を入力してください。"),
        ("来週", "日付"),
        ("2026-02-30", "日付"),
        ("9999-01-01", ""),
        ("before", "打診を送った日"),
        ("too_far", "1年後"),
    ],
)
def test_bad_follow_up_dates_are_refused_with_a_japanese_message_and_store_nothing(
    clients, value, message
):
    approach = _approach(make_need("01"), sent_at=timezone.now() - timedelta(days=3))
    value = {
        "before": (timezone.localdate() - timedelta(days=4)).isoformat(),
        "too_far": (timezone.localdate() + timedelta(days=366)).isoformat(),
    }.get(value, value)

    response = _follow_up(clients["prefecture_a"], approach, value)

    assert response.status_code == 200
    errors = response.context["follow_up_form"].errors["follow_up_on"]
    assert errors and message in errors[0]
    approach.refresh_from_db()
    assert approach.follow_up_on is None


def test_the_first_and_last_allowed_days_are_accepted(clients):
    approach = _approach(make_need("01"), sent_at=timezone.now() - timedelta(days=3))
    for day in (
        timezone.localdate(approach.sent_at),
        timezone.localdate() + timedelta(days=365),
    ):
        assert _follow_up(clients["prefecture_a"], approach, day.isoformat()).status_code == 302
        approach.refresh_from_db()
        assert approach.follow_up_on == day


@pytest.mark.parametrize(("who", "status"), [("prefecture_b", 404), ("mic", 403)])
def test_only_the_prefecture_changes_its_follow_up_dates(clients, who, status):
    approach = _approach(make_need("01"))
    day = timezone.localdate() + timedelta(days=5)

    assert _follow_up(clients[who], approach, day.isoformat()).status_code == status
    approach.refresh_from_db()
    assert approach.follow_up_on is None


def test_another_prefectures_staff_are_refused_by_the_rule_itself(mic_user):
    from tests.factories import make_prefecture_user

    approach = _approach(make_need("01"))
    day = timezone.localdate() + timedelta(days=5)
    for user in (make_prefecture_user("other", "02"), mic_user):
        with pytest.raises(MatchingError, match="その都道府県の職員だけ"):
            approach_follow_up_set(approach=approach, by=user, on=day)
    approach.refresh_from_db()
    assert approach.follow_up_on is None


def test_a_tampered_or_unknown_id_changes_nothing(clients):
    approach = _approach(make_need("01"))
    response = _follow_up(clients["prefecture_a"], Approach(pk=approach.pk + 999), "2030-01-01")
    assert response.status_code == 404
    response = clients["prefecture_a"].get(
        reverse("matching:approach-follow-up", args=[approach.pk])
    )
    assert response.status_code == 405


def test_overdue_is_past_the_date_with_no_hire_or_decline_in_an_open_need():
    need = make_need("01")
    yesterday = timezone.localdate() - timedelta(days=1)
    overdue = _approach(need, _person("期限切れ　一郎"), follow_up_on=yesterday)
    interview = _approach(
        need, _person("面談中　二郎"), follow_up_on=yesterday, outcome="interview"
    )
    _approach(need, _person("今日　三郎"), follow_up_on=timezone.localdate())
    _approach(need, _person("未来　四郎"), follow_up_on=timezone.localdate() + timedelta(days=1))
    _approach(need, _person("見送り　五郎"), follow_up_on=yesterday, outcome="declined",
              decline_reason="other")  # fmt: skip
    closed = make_need("01", status="closed")
    _approach(closed, _person("終了　六郎"), follow_up_on=yesterday)
    withdrawn = _person("取下げ　七郎")
    _approach(need, withdrawn, follow_up_on=yesterday)
    withdrawn.status = "withdrawn"
    withdrawn.save()

    found = set(Approach.objects.overdue())

    assert found == {overdue, interview}
    assert {a.pk for a in Approach.objects.select_related("need") if a.is_overdue} == {
        overdue.pk,
        interview.pk,
    }


def test_the_list_filters_overdue_and_sorts_by_follow_up_date_in_constant_queries(
    clients, django_assert_max_num_queries
):
    need = make_need("01")
    today = timezone.localdate()
    late = _approach(need, _person("遅れ　一郎"), follow_up_on=today - timedelta(days=3))
    later = _approach(need, _person("遅れ　二郎"), follow_up_on=today - timedelta(days=1))
    future = _approach(need, _person("先　三郎"), follow_up_on=today + timedelta(days=9))
    none = _approach(need, _person("なし　四郎"))
    other = _approach(
        make_need("02"), _person("青森　五郎", "02"), follow_up_on=today - timedelta(days=9)
    )

    response = clients["prefecture_a"].get(LIST, {"show": "overdue"})
    assert list(response.context["page"].object_list) == [late, later]

    response = clients["prefecture_a"].get(LIST, {"sort": "follow_up"})
    assert list(response.context["page"].object_list) == [late, later, future, none]
    assert other not in response.context["page"].object_list

    with django_assert_max_num_queries(12):
        clients["prefecture_a"].get(LIST, {"sort": "follow_up"})
    for n in range(10):
        _approach(need, _person(f"追加　{n}"), follow_up_on=today - timedelta(days=n + 1))
    with django_assert_max_num_queries(12):
        response = clients["prefecture_a"].get(LIST, {"show": "overdue", "sort": "follow_up"})
    assert response.context["page"].paginator.count == 12


def test_unknown_filters_and_orders_show_everything_in_sending_order(clients):
    need = make_need("01")
    first = _approach(need, _person("一　一郎"), sent_at=timezone.now() - timedelta(days=2))
    second = _approach(need, _person("二　二郎"))
    response = clients["prefecture_a"].get(LIST, {"show": "<script>", "sort": "pk;drop"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [second, first]


def test_mic_sees_every_prefectures_approaches_in_the_list(clients):
    a = _approach(make_need("01"), _person("北海道　一郎"))
    b = _approach(make_need("02"), _person("青森　二郎", "02"))
    assert set(clients["mic"].get(LIST).context["page"].object_list) == {a, b}
    assert list(clients["prefecture_b"].get(LIST).context["page"].object_list) == [b]


# 今回は見送り


def test_a_not_this_time_reply_records_declined_by_them():
    approach = _approach(make_need("01"))

    approach_answer(approach=approach, response="not_this_time", message="今回は時期が合いません")

    approach.refresh_from_db()
    assert (approach.outcome, approach.decline_reason) == ("declined", "declined_by_them")
    assert approach.response == "not_this_time"
    assert not Approach.objects.overdue().exists()


def test_an_interested_reply_leaves_the_outcome_to_staff():
    approach = _approach(make_need("01"))
    approach_answer(approach=approach, response="interested")
    approach.refresh_from_db()
    assert (approach.outcome, approach.decline_reason) == ("contacting", "")


def test_a_not_this_time_reply_does_not_undo_a_later_outcome():
    need = make_need("01")
    approach = _approach(need)
    approach_outcome(approach=approach, by=need.created_by, outcome="interview")

    with pytest.raises(MatchingError):
        approach_answer(approach=approach, response="not_this_time")

    approach.refresh_from_db()
    assert (approach.outcome, approach.decline_reason, approach.response) == ("interview", "", "")


def test_staff_may_still_change_a_declined_by_them(clients):
    approach = _approach(make_need("01"))
    approach_answer(approach=approach, response="not_this_time")

    clients["prefecture_a"].post(
        reverse("matching:approach", args=[approach.pk]), {"outcome": "contacting"}
    )
    approach.refresh_from_db()
    assert (approach.outcome, approach.decline_reason) == ("contacting", "")


def test_the_outcome_form_carries_the_script_that_hides_the_reason_fields(clients):
    approach = _approach(make_need("01"))
    page = clients["prefecture_a"].get(reverse("matching:approach", args=[approach.pk]))
    html = page.content.decode()
    assert "data-outcome-form" in html and "js/outcome-form.js" in html
    # Without the script the fields are there (the server checks them either way).
    assert 'id="div_id_decline_reason"' in html and 'id="div_id_decline_note"' in html
    response = clients["prefecture_a"].post(
        reverse("matching:approach", args=[approach.pk]), {"outcome": "declined"}
    )
    assert "見送りの理由を選んでください。" in response.content.decode()
    approach.refresh_from_db()
    assert approach.outcome == "contacting"
