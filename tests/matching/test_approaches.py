"""打診: who may be sent one, the mail and its answer link, and the outcomes with their history."""

import re

import pytest
import time_machine
from django.urls import reverse

from matching.models import Approach
from talent.models import Specialist
from tests.factories import (
    make_need,
    make_nomination,
    make_registration,
    make_specialist,
    prefectures,
    reviewed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def need():
    return make_need("01", title="セキュリティ強化", specialties=["security"])


@pytest.fixture
def company():
    return reviewed(
        make_registration(company_name="協力株式会社", email="c@example.jp", dispatch_prefectures=prefectures("01"))
    )  # fmt: skip


@pytest.fixture
def person():
    return make_specialist(status="listed", desired_prefectures=["01"], email="p@example.jp")


def _send(client, need, **ids):
    return client.post(reverse("matching:need-send", args=[need.pk]), ids, follow=True)


def test_a_prefecture_sends_two_approaches_and_each_gets_a_plain_text_mail(
    clients, need, company, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = _send(
            clients["prefecture_a"], need, registrations=[company.pk], specialists=[person.pk]
        )

    assert "2件の打診を送りました。" in page.content.decode()
    assert Approach.objects.count() == 2
    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert set(mails) == {"c@example.jp", "p@example.jp"}
    body = mails["p@example.jp"].body
    for text in ["セキュリティ強化", "デジタル推進課 担当：山田 03-5253-5111", "北海道", "2人"]:
        assert text in body
    link = re.search(r"http://\S+(/reply/\S+/)", body).group(1)
    assert f"\n{link}" in body.replace("http://127.0.0.1:8000", "")
    assert "<" not in body


def test_the_same_recipient_gets_one_approach_per_need(clients, need, person):
    _send(clients["prefecture_a"], need, specialists=[person.pk])

    page = _send(clients["prefecture_a"], need, specialists=[person.pk])

    assert Approach.objects.count() == 1
    assert "すでに打診済みのため送りませんでした" in page.content.decode()


@pytest.mark.parametrize("kind", ["tampered", "withdrawn", "unreviewed", "other prefecture"])
def test_ids_outside_the_pool_refuse_the_whole_request(clients, need, company, person, kind):
    if kind == "withdrawn":
        from talent import workflow

        workflow.specialist_transition(specialist=person, to="withdrawn", by=None)
        target = {"specialists": [person.pk]}
    elif kind == "unreviewed":
        target = {"registrations": [make_registration(email="new@example.jp").pk]}
    elif kind == "other prefecture":
        target = {
            "specialists": [
                make_specialist(
                    status="listed", desired_prefectures=["13"], email="t@example.jp"
                ).pk
            ]
        }
    else:
        target = {"registrations": [company.pk, 999999]}

    page = _send(clients["prefecture_a"], need, **target)

    assert "打診できない相手が含まれています" in page.content.decode()
    assert not Approach.objects.exists()


def test_another_prefecture_cannot_send_or_even_see_the_need(clients, need, person):
    response = clients["prefecture_b"].post(
        reverse("matching:need-send", args=[need.pk]), {"specialists": [person.pk]}
    )

    assert response.status_code == 404
    assert not Approach.objects.exists()


def test_approaches_are_limited_per_user_and_day(clients, need, settings):
    settings.APPROACHES_PER_USER_PER_DAY = 2
    people = [
        make_specialist(status="listed", desired_prefectures=["01"], email=f"p{n}@example.jp")
        for n in range(3)
    ]
    _send(clients["prefecture_a"], need, specialists=[people[0].pk, people[1].pk])

    refused = _send(clients["prefecture_a"], need, specialists=[people[2].pk])

    assert "打診は1人1日2件までです" in refused.content.decode()
    assert Approach.objects.count() == 2


def test_a_draft_need_sends_nothing(clients, person):
    draft = make_need("01", status="draft")

    page = _send(clients["prefecture_a"], draft, specialists=[person.pk])

    assert "打診できるのは「募集中」の募集だけです。" in page.content.decode()


def _answer_link(mailoutbox):
    return re.search(r"http://\S+(/reply/\S+/)", mailoutbox[-1].body).group(1)


def test_the_recipient_answers_through_the_link_without_an_account(
    client, clients, need, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(clients["prefecture_a"], need, specialists=[person.pk])
    link = _answer_link(mailoutbox)

    page = client.get(link)
    done = client.post(link, {"response": "interested", "message": "ぜひお話を伺いたいです。"})

    assert "セキュリティ強化" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert "回答を受け付けました" in done.content.decode()
    approach = Approach.objects.get()
    assert (approach.response, approach.response_message) == (
        "interested",
        "ぜひお話を伺いたいです。",
    )
    assert approach.responded_at is not None
    assert client.post(link, {"response": "maybe"}).status_code == 200
    assert Approach.objects.get().response == "interested"


def test_a_forged_answer_link_is_refused(client):
    assert client.get("/reply/not-a-token/").status_code == 403


def _outcome(client, approach, **data):
    return client.post(reverse("matching:approach", args=[approach.pk]), data, follow=True)


def test_outcomes_move_on_and_a_hired_person_is_marked_hired(clients, need, person):
    _send(clients["prefecture_a"], need, specialists=[person.pk])
    approach = Approach.objects.get()
    client = clients["prefecture_a"]

    _outcome(client, approach, outcome="interview")
    page = _outcome(client, approach, outcome="hired")

    approach.refresh_from_db()
    assert approach.outcome == "hired" and approach.hired_at
    assert Specialist.objects.get(pk=person.pk).hired_display == "任用済（北海道）"
    assert "自治体DXアクセラレータの推薦を作成する" in page.content.decode()
    reasons = list(approach.history.values_list("history_change_reason", flat=True))
    assert "進み具合を「面談」に変更" in reasons and "進み具合を「任用決定」に変更" in reasons


def test_a_hired_company_records_its_seconded_staff_and_own_nominations(clients, need, company):
    _send(clients["prefecture_a"], need, registrations=[company.pk])
    approach = Approach.objects.get()
    own = make_nomination("01")
    other = make_nomination("02")

    missing = _outcome(clients["prefecture_a"], approach, outcome="hired")
    tampered = _outcome(
        clients["prefecture_a"], approach, outcome="hired", seconded_count=2, nominations=[other.pk]
    )
    _outcome(
        clients["prefecture_a"], approach, outcome="hired", seconded_count=2, nominations=[own.pk]
    )

    assert "出向を受ける人数を入力してください" in missing.content.decode()
    assert "nominations" in tampered.context["form"].errors
    approach.refresh_from_db()
    assert (approach.outcome, approach.seconded_count) == ("hired", 2)
    assert list(approach.nominations.all()) == [own]


def test_declining_needs_a_reason(clients, need, person):
    _send(clients["prefecture_a"], need, specialists=[person.pk])
    approach = Approach.objects.get()

    refused = _outcome(clients["prefecture_a"], approach, outcome="declined")
    _outcome(
        clients["prefecture_a"],
        approach,
        outcome="declined",
        decline_reason="conditions",
        decline_note="時期",
    )

    assert "見送りの理由を選んでください。" in refused.content.decode()
    approach.refresh_from_db()
    assert (approach.outcome, approach.decline_reason) == ("declined", "conditions")


def test_only_the_needs_prefecture_records_outcomes(clients, need, person):
    _send(clients["prefecture_a"], need, specialists=[person.pk])
    approach = Approach.objects.get()

    mic_page = clients["mic"].get(reverse("matching:approach", args=[approach.pk]))
    mic_post = _outcome(clients["mic"], approach, outcome="interview")

    assert mic_page.status_code == 200 and mic_page.context["form"] is None
    assert Approach.objects.get().outcome == "contacting"
    assert mic_post.status_code == 200
    assert (
        clients["prefecture_b"].get(reverse("matching:approach", args=[approach.pk])).status_code
        == 404
    )


def test_the_daily_limit_counts_the_users_own_day(need, settings):
    from django.test import Client

    from tests.factories import login_verified, make_prefecture_user

    settings.APPROACHES_PER_USER_PER_DAY = 1
    user = make_prefecture_user("daily", "01")
    first, second = (
        make_specialist(status="listed", desired_prefectures=["01"], email=f"d{n}@example.jp")
        for n in range(2)
    )
    for day, person in [("2026-11-28", first), ("2026-11-29", second)]:
        with time_machine.travel(f"{day} 10:00 +0900", tick=False):
            _send(login_verified(Client(), user), need, specialists=[person.pk])

    assert Approach.objects.count() == 2
    assert {a.sent_by for a in Approach.objects.all()} == {user}


def test_a_post_after_the_outcome_is_final_says_why_and_changes_nothing(clients, need, person):
    """A page opened before a colleague recorded 任用決定, posted afterwards."""
    _send(clients["prefecture_a"], need, specialists=[person.pk])
    approach = Approach.objects.get()
    _outcome(clients["prefecture_a"], approach, outcome="hired")

    page = _outcome(clients["prefecture_a"], approach, outcome="declined", decline_reason="other")

    assert (
        "この打診は「任用決定」と記録済みのため、進み具合は変えられません。"
        in page.content.decode()
    )
    assert Approach.objects.get().outcome == "hired"


def test_a_tampered_outcome_is_a_visible_error(clients, need, person):
    _send(clients["prefecture_a"], need, specialists=[person.pk])
    approach = Approach.objects.get()

    page = _outcome(clients["prefecture_a"], approach, outcome="appointed")

    assert page.context["form"].errors["outcome"]
    assert page.context["form"].errors["outcome"][0] in page.content.decode()
    assert Approach.objects.get().outcome == "contacting"
