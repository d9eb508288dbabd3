"""The "your turn" panel on /staff/: for each role, counts of what waits for it, each linking to
a list filtered to exactly the rows counted; the counts equal the database, in constant queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accelerators.models import Nomination
from matching.models import Approach
from matching.workflow import approach_answer
from registry.models import Registration
from talent.models import Specialist
from tests.factories import (
    make_need,
    make_nomination,
    make_registration,
    make_specialist,
    reviewed,
)

pytestmark = pytest.mark.django_db
HOME = reverse("portal:staff-home")


def _turn(client):
    return {item.label: (item.count, item.url) for item in client.get(HOME).context["your_turn"]}


def _approach(need, name, code="01", **fields):
    person = make_specialist(status="listed", desired_prefectures=[code], name=name)
    return Approach.objects.create(need=need, specialist=person, sent_by=need.created_by, **fields)


def _world():
    """Something waiting for each role, in two prefectures."""
    yesterday = timezone.localdate() - timedelta(days=1)
    for code, n in (("01", 2), ("02", 1)):
        need = make_need(code)
        for i in range(n):
            approach_answer(
                approach=_approach(need, f"返答　{code}{i}", code), response="interested"
            )
            _approach(need, f"期限　{code}{i}", code, follow_up_on=yesterday)
        make_nomination(code, status="returned", name=f"差戻し　{code}")
        make_nomination(code, status="submitted", name=f"推薦　{code}")
    make_nomination("01", status="in_review", name="審査中　一")
    make_registration(company_name="受付の会社")
    make_registration(company_name="受付の会社二")
    reviewed(make_registration(company_name="確認済の会社"))
    make_specialist(name="受付　人")


def test_prefecture_staff_see_their_own_counts_equal_to_the_database(clients):
    _world()
    turn = _turn(clients["prefecture_a"])
    approaches = Approach.objects.filter(need__prefecture_id="01")

    assert turn["未確認の返答"][0] == approaches.reply_unseen().count() == 2
    assert turn["確認日を過ぎた打診"][0] == approaches.overdue().count() == 2
    assert turn["差し戻された推薦"][0] == (
        Nomination.objects.filter(prefecture_id="01", status="returned").count()
    ) == 1  # fmt: skip
    assert set(turn) == {"未確認の返答", "確認日を過ぎた打診", "差し戻された推薦"}
    assert _turn(clients["prefecture_b"])["未確認の返答"][0] == 1


def test_mic_sees_entries_and_nominations_waiting_for_it(clients):
    _world()
    turn = _turn(clients["mic"])

    assert turn["確認を待つ企業・団体の登録"][0] == (
        Registration.objects.filter(status="received").count()
    ) == 2  # fmt: skip
    assert turn["確認を待つ人材の登録"][0] == Specialist.objects.filter(status="received").count()
    assert turn["決定を待つ推薦"][0] == (
        Nomination.objects.filter(status__in=["submitted", "in_review"]).count()
    ) == 3  # fmt: skip
    assert set(turn) == {"確認を待つ企業・団体の登録", "確認を待つ人材の登録", "決定を待つ推薦"}


@pytest.mark.parametrize("who", ["prefecture_a", "mic"])
def test_each_count_links_to_a_list_of_exactly_those_rows(clients, who):
    _world()
    client = clients[who]
    for label, (count, url) in _turn(client).items():
        response = client.get(url)
        assert response.status_code == 200, label
        context = response.context
        if "cl" in context:  # the admin's list
            shown = context["cl"].result_count
        elif "page" in context:
            shown = context["page"].paginator.count
        else:
            shown = len(context["nominations"])
        assert shown == count, label


@pytest.mark.parametrize("who", ["prefecture_a", "mic"])
def test_the_panel_runs_a_constant_number_of_queries(clients, who, django_assert_max_num_queries):
    client = clients[who]
    client.get(HOME)
    with django_assert_max_num_queries(40) as few:
        client.get(HOME)
    _world()
    more_needs = [make_need("01") for _ in range(3)]
    for i, need in enumerate(more_needs):
        _approach(need, f"追加　{i}", follow_up_on=timezone.localdate() - timedelta(days=2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(HOME)


def test_the_panel_shows_the_counts_and_links_on_the_page(clients):
    _world()
    html = clients["prefecture_a"].get(HOME).content.decode()
    assert "対応を待っているもの" in html
    assert f'href="{reverse("matching:approaches")}?show=unseen"' in html
    assert "未確認の返答 <strong>2件</strong>" in html
