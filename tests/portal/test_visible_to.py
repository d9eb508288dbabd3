"""Who sees which rows on the staff pages, decided once (portal.access.visible_to): 総務省 all, a
prefecture's staff their own prefecture's, anyone else (no role, or both roles) none. Every app's
`visible_to` is this helper with its own fields."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from accelerators.contracts import contracted_staffing_visible_to
from accelerators.models import ContractedStaffing, Nomination
from matching.models import Approach, Need
from portal.access import visible_to
from portal.roles import MIC_GROUP
from talent.models import Specialist
from tests.factories import (
    make_contracted_staffing,
    make_need,
    make_nomination,
    make_prefecture_user,
    make_specialist,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(mic_user):
    both = make_prefecture_user("both", "02")
    both.groups.add(Group.objects.get(name=MIC_GROUP))
    return {
        "mic": mic_user,
        "hokkaido": make_prefecture_user("hokkaido-staff", "01"),
        "no role": make_user("nobody"),
        "both roles": both,
        "anonymous": AnonymousUser(),
    }


@pytest.fixture
def needs():
    return {"01": make_need("01"), "02": make_need("02")}


def _prefectures(rows):
    return sorted(row.prefecture_id for row in rows)


def test_mic_sees_every_row(users, needs):
    assert _prefectures(visible_to(Need.objects.all(), users["mic"])) == ["01", "02"]


def test_a_prefectures_staff_see_their_own_prefectures_rows(users, needs):
    assert _prefectures(visible_to(Need.objects.all(), users["hokkaido"])) == ["01"]


@pytest.mark.parametrize("who", ["no role", "both roles", "anonymous"])
def test_anyone_else_sees_none(users, needs, who):
    assert list(visible_to(Need.objects.all(), users[who])) == []


def test_the_prefecture_may_be_reached_through_a_relation_and_each_audience_narrowed(users, needs):
    for need in needs.values():
        Approach.objects.create(need=need, specialist=make_specialist(), sent_by=need.created_by)
    approaches = Approach.objects.all()

    def mic_open(queryset):
        return queryset.filter(status=Need.Status.DRAFT)

    def prefecture_open(queryset, prefecture):
        return queryset.filter(prefecture=prefecture, status=Need.Status.DRAFT)

    assert len(visible_to(approaches, users["mic"], prefecture_field="need__prefecture")) == 2
    hokkaido = visible_to(approaches, users["hokkaido"], prefecture_field="need__prefecture")
    assert [approach.need.prefecture_id for approach in hokkaido] == ["01"]
    assert list(Approach.objects.visible_to(users["hokkaido"])) == list(hokkaido)
    assert list(Approach.objects.visible_to(users["no role"])) == []
    assert list(visible_to(Need.objects.all(), users["mic"], for_mic=mic_open)) == []
    assert (
        list(visible_to(Need.objects.all(), users["hokkaido"], for_prefecture=prefecture_open))
        == []
    )


def test_every_apps_named_query_follows_the_one_rule(users):
    rows = {
        "needs": (Need.objects, [make_need("01"), make_need("02")]),
        "nominations": (Nomination.objects, [make_nomination("01"), make_nomination("02")]),
        "contracted": (
            ContractedStaffing.objects,
            [make_contracted_staffing("01"), make_contracted_staffing("02")],
        ),
    }
    for name, (manager, _) in rows.items():
        visible = contracted_staffing_visible_to if name == "contracted" else manager.visible_to
        assert _prefectures(visible(users["mic"])) == ["01", "02"], name
        assert _prefectures(visible(users["hokkaido"])) == ["01"], name
        assert list(visible(users["no role"])) == [], name
        assert list(visible(users["both roles"])) == [], name


def test_talent_shows_mic_the_provided_entries_and_a_prefecture_those_choosing_it(users):
    chose_hokkaido = make_specialist(
        status="listed", email="a@example.jp", desired_prefectures=["01"]
    )
    chose_aomori = make_specialist(
        status="listed", email="b@example.jp", desired_prefectures=["02"]
    )
    make_specialist(status="confirmed", email="c@example.jp", desired_prefectures=["01"])

    assert set(Specialist.objects.visible_to(users["mic"])) == {chose_hokkaido, chose_aomori}
    assert list(Specialist.objects.visible_to(users["hokkaido"])) == [chose_hokkaido]
    assert list(Specialist.objects.visible_to(users["no role"])) == []
