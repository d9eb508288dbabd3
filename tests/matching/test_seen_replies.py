"""A reply counts as seen once a member of its prefecture opened the 打診 page (not 総務省, not
another prefecture); a changed reply is unseen again; the 募集 list counts unseen replies."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from matching.models import Approach, Need
from matching.workflow import approach_answer, approach_reply_seen
from tests.factories import make_need, make_prefecture_user, make_specialist

pytestmark = pytest.mark.django_db
NEEDS = reverse("matching:needs")


def _person(name="返答　花子", code="01"):
    return make_specialist(status="listed", desired_prefectures=[code], name=name)


def _approach(need, person=None):
    person = person or _person()
    return Approach.objects.create(need=need, specialist=person, sent_by=need.created_by)


def _open(client, approach):
    return client.get(reverse("matching:approach", args=[approach.pk]))


def _unseen():
    return set(Approach.objects.reply_unseen())


def test_a_reply_is_unseen_until_the_prefecture_opens_the_page(clients):
    approach = _approach(make_need("01"))
    assert _unseen() == set()  # no reply yet: nothing to see
    _open(clients["prefecture_a"], approach)
    approach.refresh_from_db()
    assert approach.reply_seen_at is None  # opened before any reply: marks nothing

    approach_answer(approach=approach, response="interested", message="ぜひ")
    assert _unseen() == {approach}

    _open(clients["prefecture_a"], approach)

    approach.refresh_from_db()
    assert approach.reply_seen_at is not None
    assert _unseen() == set()
    # Looking is not a change: no history row for it.
    assert approach.history.count() == 2


@pytest.mark.parametrize("who", ["mic", "prefecture_b"])
def test_mic_or_another_prefecture_do_not_mark_a_reply_seen(clients, who):
    approach = _approach(make_need("01"))
    approach_answer(approach=approach, response="interested")

    status = _open(clients[who], approach).status_code

    assert status == (200 if who == "mic" else 404)
    approach.refresh_from_db()
    assert approach.reply_seen_at is None
    assert _unseen() == {approach}


def test_the_rule_itself_refuses_others(mic_user):
    approach = Approach.objects.select_related("need").get(pk=_approach(make_need("01")).pk)
    approach_answer(approach=approach, response="interested")
    approach.refresh_from_db()
    for user in (mic_user, make_prefecture_user("other", "02")):
        assert approach_reply_seen(approach=approach, by=user) is False
    assert approach_reply_seen(approach=approach, by=approach.need.created_by) is True
    assert _unseen() == set()


def test_a_changed_reply_is_unseen_again(clients):
    approach = _approach(make_need("01"))
    approach_answer(approach=approach, response="interested")
    _open(clients["prefecture_a"], approach)
    assert _unseen() == set()

    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        approach_answer(approach=approach, response="interested", message="日程の相談をしたいです")

    assert _unseen() == {approach}


def test_a_reply_that_arrives_while_the_page_is_shown_stays_unseen():
    approach = _approach(make_need("01"))
    approach_answer(approach=approach, response="interested")
    shown = Approach.objects.select_related("need").get(pk=approach.pk)
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        approach_answer(approach=approach, response="interested", message="追記")

    assert approach_reply_seen(approach=shown, by=approach.need.created_by) is False
    assert _unseen() == {approach}


def test_a_withdrawn_persons_reply_is_not_waiting_for_anyone():
    person = _person()
    approach = _approach(make_need("01"), person)
    approach_answer(approach=approach, response="interested")
    person.status = "withdrawn"
    person.save()
    assert _unseen() == set()


def test_the_needs_list_shows_unseen_replies_per_need_in_constant_queries(
    clients, django_assert_max_num_queries
):
    first, second, quiet = make_need("01", title="一"), make_need("01", title="二"), make_need("01")
    for n in range(3):
        approach_answer(approach=_approach(first, _person(f"一　{n}")), response="interested")
    seen = _approach(second, _person("見た　人"))
    approach_answer(approach=seen, response="not_this_time")
    approach_answer(approach=_approach(second, _person("未確認　人")), response="interested")
    _approach(quiet, _person("未回答　人"))
    _open(clients["prefecture_a"], seen)

    with django_assert_max_num_queries(10):
        response = clients["prefecture_a"].get(NEEDS)

    counts = {need.pk: need.unseen_replies for need in response.context["page"].object_list}
    assert counts == {first.pk: 3, second.pk: 1, quiet.pk: 0}
    assert counts == {
        need.pk: Approach.objects.reply_unseen().filter(need=need).count()
        for need in Need.objects.filter(prefecture_id="01")
    }
    assert "3件" in response.content.decode()
    for n in range(5):
        make_need("01", title=f"追加{n}")
    with django_assert_max_num_queries(10):
        clients["prefecture_a"].get(NEEDS)


def test_the_approach_list_filters_unseen_replies(clients):
    need = make_need("01")
    unseen = _approach(need, _person("未確認　人"))
    approach_answer(approach=unseen, response="interested")
    seen = _approach(need, _person("確認済み　人"))
    approach_answer(approach=seen, response="interested")
    _approach(need, _person("未回答　人"))
    _open(clients["prefecture_a"], seen)

    response = clients["prefecture_a"].get(reverse("matching:approaches"), {"show": "unseen"})

    assert list(response.context["page"].object_list) == [unseen]
    assert "未確認" in response.content.decode()
