"""A company or person who withdrew (or was found a duplicate, or erased) disappears from the
staff's 打診 pages: 「取下げ済み」 and no contact data; the funnel keeps its counts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.funnel import funnel_rows
from matching.models import Approach, ApproachMail
from registry import workflow as registry_workflow
from talent import workflow as talent_workflow
from talent.models import Specialist
from tests.factories import (
    edit_token,
    make_need,
    make_registration,
    make_specialist,
    prefectures,
    reviewed,
)

pytestmark = pytest.mark.django_db
WITHDRAWN = "取下げ済み"


@pytest.fixture
def sent(clients):
    """A need with a 打診 to a person and one to a company, both answered."""
    person = make_specialist(
        status="listed", name="打診 太郎", email="taro@example.jp", desired_prefectures=["01"]
    )
    company = reviewed(
        make_registration(
            company_name="協力合同会社",
            contact_name="連絡 花子",
            email="hanako@example.co.jp",
            dispatch_prefectures=prefectures("01"),
        )
    )
    need = make_need("01", title="窓口DX")
    clients["prefecture_a"].post(
        reverse("matching:need-send", args=[need.pk]),
        {"specialists": [person.pk], "registrations": [company.pk]},
    )
    for mail in ApproachMail.objects.all():
        link = re.search(r"https?://[^/\s]+(/reply/[^\s]+/)", mail.body).group(1)
        clients["anonymous"].post(link, {"response": "interested", "message": "ぜひお話を"})
    return need, person, company


def _pages(clients, need, approach):
    pages = [
        clients["prefecture_a"].get(reverse("matching:approach", args=[approach.pk])),
        clients["prefecture_a"].get(reverse("matching:need", args=[need.pk])),
        clients["mic"].get(reverse("matching:approach", args=[approach.pk])),
        clients["mic"].get(reverse("admin:matching_approach_change", args=[approach.pk])),
        clients["mic"].get(reverse("admin:matching_approach_changelist")),
        clients["mic"].get(
            reverse("admin:matching_approachmail_change", args=[approach.mails.get().pk])
        ),
        clients["mic"].get(reverse("admin:matching_approachmail_changelist")),
    ]
    assert {page.status_code for page in pages} == {200}
    return [page.content.decode() for page in pages]


@pytest.mark.parametrize("how", ["withdrawn", "erased"])
def test_a_person_who_withdrew_shows_as_withdrawn_without_contact_data(clients, sent, how):
    need, person, _ = sent
    if how == "withdrawn":
        talent_workflow.specialist_transition(specialist=person, to="withdrawn", by=None)
    else:
        clients["anonymous"].post(
            reverse("talent:erase", args=[edit_token(person)]), {"confirm": "on"}
        )
    approach = Approach.objects.get(specialist=person)

    for html in _pages(clients, need, approach):
        assert "打診 太郎" not in html and "taro@example.jp" not in html
        assert "ぜひお話を" not in html
    detail = _pages(clients, need, approach)[0]
    assert WITHDRAWN in detail
    assert reverse("talent:staff-detail", args=[person.pk]) not in detail


@pytest.mark.parametrize("to", ["withdrawn", "duplicate"])
def test_a_company_that_withdrew_or_is_a_duplicate_shows_no_contact(clients, sent, to):
    need, _, company = sent
    kept = make_registration(company_name="残る会社", email="kept@example.jp") if to else None
    registry_workflow.registration_transition(
        registration=company, to=to, by=None, duplicate_of=kept if to == "duplicate" else None
    )
    approach = Approach.objects.get(registration=company)

    for html in _pages(clients, need, approach):
        assert "hanako@example.co.jp" not in html and "連絡 花子" not in html
        assert "協力合同会社" not in html
    assert WITHDRAWN in _pages(clients, need, approach)[1]


def test_the_funnel_keeps_counting_a_withdrawn_recipient(clients, sent):
    _, person, company = sent
    before = funnel_rows(prefecture=None)

    talent_workflow.specialist_transition(specialist=person, to="withdrawn", by=None)
    registry_workflow.registration_transition(registration=company, to="withdrawn", by=None)

    assert funnel_rows(prefecture=None) == before


def test_the_reply_link_stops_working_once_the_recipient_withdrew(clients, sent):
    _, person, _ = sent
    mail = Approach.objects.get(specialist=person).mails.get()
    link = re.search(r"https?://[^/\s]+(/reply/[^\s]+/)", mail.body).group(1)

    talent_workflow.specialist_transition(specialist=person, to="withdrawn", by=None)
    page = clients["anonymous"].get(link)

    assert page.status_code == 403
    assert "打診 太郎" not in page.content.decode()


def test_no_outcome_is_recorded_for_a_recipient_who_withdrew(clients, sent):
    _, person, _ = sent
    approach = Approach.objects.get(specialist=person)
    talent_workflow.specialist_transition(specialist=person, to="withdrawn", by=None)
    url = reverse("matching:approach", args=[approach.pk])

    page = clients["prefecture_a"].get(url).content.decode()
    clients["prefecture_a"].post(url, {"outcome": "hired"})

    assert "進み具合を記録する" not in page and "進み具合は記録できません" in page
    approach.refresh_from_db()
    assert approach.outcome == "contacting"


def test_a_refused_outcome_is_said_once(clients, sent):
    _, person, _ = sent
    approach = Approach.objects.get(specialist=person)
    # 未確認 (a yearly reconfirmation unanswered): the hire is refused by the workflow.
    Specialist.objects.filter(pk=person.pk).update(
        reconfirmation_deadline=timezone.now() - timedelta(days=1)
    )
    url = reverse("matching:approach", args=[approach.pk])

    page = clients["prefecture_a"].post(url, {"outcome": "hired"}).content.decode()

    assert page.count("本人が確認するまで任用済にできません") == 1


def test_a_reply_link_of_an_erased_person_says_the_replies_are_closed(clients, sent):
    _, person, _ = sent
    mail_body = Approach.objects.get(specialist=person).mails.get().body
    link = re.search(r"https?://[^/\s]+(/reply/[^\s]+/)", mail_body).group(1)

    clients["anonymous"].post(reverse("talent:erase", args=[edit_token(person)]), {"confirm": "on"})
    page = clients["anonymous"].get(link)

    assert page.status_code == 403
    assert "このご相談への回答の受付は終了しました" in page.content.decode()
