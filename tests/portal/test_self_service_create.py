"""Storing a new entry once per submission token (portal.self_service.entry_create), tried
through the two declarations that exist: registry's company registrations and talent's entries."""

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection

from portal import self_service
from portal.self_service import entry_by_submission_token, entry_create
from registry.company_edits import SELF_SERVICE as COMPANY
from registry.models import OutgoingMail
from talent.models import SpecialistMail
from talent.self_service import SELF_SERVICE as PERSON
from tests.factories import make_answers, talent_answers
from tests.locks import at_once

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    service: Any
    answers: Any  # (**changes) -> answers as the app's form gives them
    receipts: Any  # () -> the stored receipt mails
    relations: dict  # many-to-many answer -> the prefecture or specialty codes it holds
    other_answer: dict  # a change of one answer, to tell a second submission from the first


CASES = {
    "registry": Case(
        service=COMPANY,
        answers=make_answers,
        receipts=lambda: OutgoingMail.objects.filter(kind="receipt"),
        relations={"base_prefectures": ["13"], "dispatch_prefectures": ["13", "14"]},
        other_answer={"company_name": "別の会社"},
    ),
    "talent": Case(
        service=PERSON,
        answers=talent_answers,
        receipts=lambda: SpecialistMail.objects.filter(kind="receipt"),
        relations={"desired_prefectures": ["01", "13"], "specialties": ["front_yard", "security"]},
        other_answer={"name": "別の 人"},
    ),
}


@pytest.fixture(params=list(CASES))
def case(request):
    return CASES[request.param]


def _create(case, token, **changes):
    return entry_create(
        service=case.service, answers=case.answers(**changes), submission_token=token
    )


def test_an_entry_is_stored_numbered_and_sent_its_receipt(case):
    entry = _create(case, uuid.uuid4())

    entry.refresh_from_db()
    assert entry.receipt_number and entry.status == "received"
    assert entry.privacy_notice_version == case.service.privacy_notice_version
    assert entry.privacy_consented_at is not None
    assert [mail.to for mail in case.receipts()] == [entry.email]


def test_the_same_token_again_returns_the_stored_entry_and_mails_nothing_more(case):
    token = uuid.uuid4()

    first = _create(case, token)
    second = _create(case, token, **case.other_answer)

    assert first.pk == second.pk
    assert case.service.model.objects.count() == 1
    assert case.receipts().count() == 1


def test_the_first_history_entry_is_the_creation_with_every_answer(case):
    entry = _create(case, uuid.uuid4())

    first = entry.history.get()  # one entry for the whole creation
    assert (first.history_type, first.history_change_reason, first.history_user) == (
        "+",
        "登録フォームから登録",
        None,
    )
    assert first.receipt_number == entry.receipt_number
    assert first.email == entry.email
    for name, codes in case.relations.items():
        field = case.service.model._meta.get_field(name)
        column = field.m2m_reverse_field_name()  # the prefecture or specialty
        recorded = getattr(first, name).values_list(f"{column}_id", flat=True)
        assert sorted(recorded) == codes, name


def test_a_request_that_loses_the_race_returns_the_winners_entry(case, monkeypatch):
    """The first look finds nothing, as for two requests at once; the unique token stops the
    second insert, and the entry stored first is returned (no second receipt)."""
    token = uuid.uuid4()
    winner = _create(case, token)
    looks = []
    found = self_service.entry_by_submission_token

    def late_look(**arguments):
        looks.append(arguments)
        return None if len(looks) == 1 else found(**arguments)

    monkeypatch.setattr(self_service, "entry_by_submission_token", late_look)

    loser = _create(case, token, **case.other_answer)

    assert len(looks) == 2
    assert loser.pk == winner.pk
    assert case.service.model.objects.count() == 1
    assert case.receipts().count() == 1


def test_an_entry_is_found_by_its_submission_token(case):
    token = uuid.uuid4()
    entry = _create(case, token)

    assert entry_by_submission_token(service=case.service, token=token) == entry
    assert entry_by_submission_token(service=case.service, token=str(token)) == entry


@pytest.mark.parametrize("token", [None, "", "abc", "9d2b6c1e-0f4a-4b8e-9a57-3c1d2e4f5a6b"])
def test_no_token_a_malformed_or_an_unknown_one_finds_nothing(case, token):
    _create(case, uuid.uuid4())

    assert entry_by_submission_token(service=case.service, token=token) is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_of_one_token_store_one_entry(case):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs a server database")
    token = uuid.uuid4()
    answers = case.answers()
    clicks = 4

    results, errors = at_once(
        lambda: entry_create(service=case.service, answers=answers, submission_token=token).pk,
        clicks,
    )

    assert errors == []
    assert set(results) == {case.service.model.objects.get().pk}
    assert len(results) == clicks
    assert case.receipts().count() == 1
