"""When a prefecture records 面談 or 任用決定 for a 打診, the company or person is told what happens
next and whom to contact (the prefecture and the 募集's 担当部署, with its contact): once per 打診
and kind, to their address, never when they withdrew or were erased."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from matching.mail import outcome_mail_queue
from matching.models import Approach, ApproachMail
from matching.workflow import MatchingError, approach_outcome
from portal.mail_texts import mail_kinds
from talent.self_service import specialist_erase
from tests.factories import (
    make_need,
    make_registration,
    make_specialist,
    prefectures,
    reviewed,
)
from tests.portal.test_mail_text import CONTACT, assert_suits_lgwan

pytestmark = pytest.mark.django_db

Kind = ApproachMail.Kind


@pytest.fixture
def need():
    return make_need(
        "01",
        title="窓口DXの推進",
        department="総合政策部 デジタル推進課",
        contact="デジタル推進課 担当：山田 011-231-4111",
    )


@pytest.fixture
def person():
    return make_specialist(status="listed", desired_prefectures=["01"], email="p@example.jp")


@pytest.fixture
def company():
    return reviewed(
        make_registration(company_name="協力株式会社", email="c@example.jp", dispatch_prefectures=prefectures("01"))
    )  # fmt: skip


def _approach(need, **recipient):
    return Approach.objects.create(need=need, sent_by=need.created_by, **recipient)


def _news(approach):
    return list(approach.mails.exclude(kind=Kind.APPROACH).values_list("kind", flat=True))


def test_an_interview_tells_the_person_what_comes_next_and_whom_to_contact(
    clients, need, person, settings, django_capture_on_commit_callbacks
):
    settings.CONTACT = {**settings.CONTACT, "office": "総務省 地域情報化企画室"}
    approach = _approach(need, specialist=person)

    with django_capture_on_commit_callbacks(execute=True):
        clients["prefecture_a"].post(
            reverse("matching:approach", args=[approach.pk]), {"outcome": "interview"}
        )

    assert [message.to for message in mail.outbox] == [["p@example.jp"]]
    message = mail.outbox[0]
    assert "【北海道 総合政策部 デジタル推進課】面談に進みます「窓口DXの推進」" in message.subject
    assert person.receipt_number in message.subject
    body = message.body
    joined = body.replace("\n", "")  # lines are wrapped for LGWAN
    assert "面談の日時や方法は、北海道 総合政策部 デジタル推進課から直接ご連絡します" in body
    assert "■ 応募・問合せ先（北海道 総合政策部 デジタル推進課）" in body
    assert "デジタル推進課 担当：山田 011-231-4111" in body  # the 募集's contact
    assert "総務省 地域情報化企画室からお送りしています" in joined  # who sends it
    assert "北海道 総合政策部 デジタル推進課の記録にもとづき" in joined
    assert "配信の停止はできません" in body  # why: a service mail about their own entry
    assert _news(approach) == [Kind.INTERVIEW]


def test_a_hire_of_a_company_says_how_many_are_seconded_and_what_follows(
    need, company, django_capture_on_commit_callbacks
):
    approach = _approach(need, registration=company)

    with django_capture_on_commit_callbacks(execute=True):
        approach_outcome(approach=approach, by=need.created_by, outcome="interview")
        approach_outcome(approach=approach, by=need.created_by, outcome="hired", seconded_count=2)

    assert [message.to for message in mail.outbox] == [["c@example.jp"]] * 2
    hired = mail.outbox[1]
    assert "任用が決まりました" in hired.subject
    assert "協力株式会社 ご担当者様" in hired.body
    assert "貴社・貴団体から2人の出向を受けることを決定" in hired.body
    assert "出向の時期や条件" in hired.body
    assert sorted(_news(approach)) == sorted([Kind.INTERVIEW, Kind.HIRED])


def test_a_person_hired_straight_from_contacting_gets_the_hire_mail_only(
    need, person, django_capture_on_commit_callbacks
):
    approach = _approach(need, specialist=person)

    with django_capture_on_commit_callbacks(execute=True):
        approach_outcome(approach=approach, by=need.created_by, outcome="hired")

    assert len(mail.outbox) == 1
    assert "あなたの任用を決定" in mail.outbox[0].body
    assert _news(approach) == [Kind.HIRED]


def test_an_interview_recorded_again_after_a_reopened_decline_is_not_told_twice(
    need, person, django_capture_on_commit_callbacks
):
    approach = _approach(need, specialist=person)
    by = need.created_by

    with django_capture_on_commit_callbacks(execute=True):
        approach_outcome(approach=approach, by=by, outcome="interview")
        approach_outcome(approach=approach, by=by, outcome="declined", decline_reason="other")
        approach_outcome(approach=approach, by=by, outcome="contacting")
        approach_outcome(approach=approach, by=by, outcome="interview")

    assert len(mail.outbox) == 1
    assert _news(approach) == [Kind.INTERVIEW]


def test_declines_and_reopenings_send_nothing(need, person, django_capture_on_commit_callbacks):
    approach = _approach(need, specialist=person)

    with django_capture_on_commit_callbacks(execute=True):
        approach_outcome(
            approach=approach, by=need.created_by, outcome="declined", decline_reason="other"
        )

    assert mail.outbox == []
    assert outcome_mail_queue(approach=approach, outcome="contacting") is None


def test_a_refused_outcome_sends_nothing(need, person, django_capture_on_commit_callbacks):
    approach = _approach(need, specialist=person)
    stranger = make_need("02").created_by

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(MatchingError):
        approach_outcome(approach=approach, by=stranger, outcome="interview")

    assert mail.outbox == []
    assert _news(approach) == []


def test_nobody_withdrawn_or_erased_is_told(need, person, company):
    to_person = _approach(need, specialist=person)
    to_company = _approach(need, registration=company)
    specialist_erase(specialist=person)
    from registry import workflow

    workflow.registration_transition(registration=company, to="withdrawn", by=None)

    for approach in (to_person, to_company):
        approach.refresh_from_db()
        assert outcome_mail_queue(approach=approach, outcome="interview") is None
        assert outcome_mail_queue(approach=approach, outcome="hired") is None
    assert not ApproachMail.objects.exclude(kind=Kind.APPROACH).exists()


def test_the_database_holds_one_mail_of_each_news_per_approach(need, person):
    approach = _approach(need, specialist=person)
    outcome_mail_queue(approach=approach, outcome="interview")

    with pytest.raises(IntegrityError), transaction.atomic():
        ApproachMail.objects.create(
            approach=approach, kind=Kind.INTERVIEW, to="x@example.jp", subject="s", body="b"
        )
    assert outcome_mail_queue(approach=approach, outcome="interview") is None


@pytest.mark.parametrize("outcome", ["interview", "hired"])
@pytest.mark.parametrize("recipient", ["company", "person"])
def test_the_outcome_mails_suit_lgwan(
    settings, need, company, person, outcome, recipient, django_capture_on_commit_callbacks
):
    settings.CONTACT = CONTACT
    entry = {"company": company, "person": person}[recipient]
    field = "registration" if recipient == "company" else "specialist"
    approach = _approach(need, **{field: entry}, seconded_count=1)

    with django_capture_on_commit_callbacks(execute=True):
        outcome_mail_queue(approach=approach, outcome=outcome)

    assert_suits_lgwan(mail.outbox[0].subject, mail.outbox[0].body, entry.receipt_number)


def test_the_new_texts_are_in_the_admins_mail_texts(mic_client):
    page = mic_client.get(reverse("admin:portal_mailtext_changelist")).content.decode()

    for key in ("matching.interview", "matching.hired", "registry.published", "talent.listed"):
        assert key in mail_kinds()
        assert mail_kinds()[key].label in page


def test_a_recipient_who_withdraws_before_the_mail_goes_is_not_told(
    need, person, django_capture_on_commit_callbacks
):
    from portal.outbox import WITHHELD_NOTE, outbox_resend
    from talent import workflow

    approach = _approach(need, specialist=person)
    with django_capture_on_commit_callbacks(execute=False):
        approach_outcome(approach=approach, by=need.created_by, outcome="interview")
    workflow.specialist_transition(specialist=person, to="withdrawn", by=None)
    mail.outbox.clear()

    outbox_resend()

    news = approach.mails.get(kind=Kind.INTERVIEW)
    assert (news.to, news.sent_at, news.last_error) == ("", None, WITHHELD_NOTE)
    assert not any("面談" in message.subject for message in mail.outbox)


def test_a_mail_that_is_still_due_goes_from_the_outbox_as_before(
    need, person, django_capture_on_commit_callbacks
):
    from portal.outbox import outbox_resend

    approach = _approach(need, specialist=person)
    with django_capture_on_commit_callbacks(execute=False):
        approach_outcome(approach=approach, by=need.created_by, outcome="interview")

    mail.outbox.clear()

    outbox_resend()

    assert approach.mails.get(kind=Kind.INTERVIEW).sent_at is not None
    assert [m.to for m in mail.outbox if "面談" in m.subject] == [["p@example.jp"]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_recording_an_interview_at_once_send_one_mail():
    from django.db import connection

    from tests.locks import at_once

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers and has no row locks; the race needs PostgreSQL")
    need = make_need("01")
    person = make_specialist(status="listed", desired_prefectures=["01"], email="race@example.jp")
    approach = _approach(need, specialist=person)

    def interview():
        return approach_outcome(
            approach=Approach.objects.get(pk=approach.pk), by=need.created_by, outcome="interview"
        )

    results, errors = at_once(interview, 2)

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], MatchingError)
    assert _news(approach) == [Kind.INTERVIEW]


def test_a_recipient_who_withdraws_before_the_approach_mail_goes_never_gets_its_link(
    need, person, django_capture_on_commit_callbacks
):
    from matching.workflow import approaches_send
    from portal.outbox import WITHHELD_NOTE, outbox_resend
    from talent import workflow

    with django_capture_on_commit_callbacks(execute=False):  # the mail server is down, say
        approaches_send(need=need, by=need.created_by, specialist_ids=[person.pk])
    workflow.specialist_transition(specialist=person, to="withdrawn", by=None)
    mail.outbox.clear()

    outbox_resend()

    invitation = ApproachMail.objects.get(kind=Kind.APPROACH)
    assert (invitation.to, invitation.sent_at, invitation.last_error) == ("", None, WITHHELD_NOTE)
    assert not any("/reply/" in message.body for message in mail.outbox)
