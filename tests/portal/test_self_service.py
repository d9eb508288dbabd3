"""The self-service functions every app with entries runs (portal.self_service), tried through
the two declarations that exist: registry's company registrations and talent's entries."""

from dataclasses import dataclass
from typing import Any

import pytest

from portal.links import LinkError
from portal.self_service import (
    EDIT_LINK_MAIL,
    UNUSABLE_MESSAGE,
    WITHDRAWN_MAIL,
    ChangedByStaff,
    edit_link_issue,
    edit_links_request,
    entry_locked,
    entry_opened_mark,
    entry_update,
    entry_withdraw,
)
from registry import workflow as registry_workflow
from registry.company_edits import SELF_SERVICE as COMPANY
from registry.models import OutgoingMail
from talent import workflow as talent_workflow
from talent.models import SpecialistMail
from talent.self_service import SELF_SERVICE as PERSON
from tests.factories import make_answers, make_registration, make_specialist, talent_answers

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    service: Any
    make: Any  # (email) -> a stored entry, 受付
    answers: Any  # (**changes) -> answers as the app's form gives them
    mails: Any  # (entry, kind) -> its stored mails of that kind
    returned: Any  # (entry) -> send it back (差戻し)
    changed_field: str


CASES = {
    "registry": Case(
        service=COMPANY,
        make=lambda email: make_registration(email=email),
        answers=lambda **changes: make_answers(**changes),
        mails=lambda entry, kind: OutgoingMail.objects.filter(registration=entry, kind=kind),
        returned=lambda entry: registry_workflow.registration_transition(
            registration=entry, to="returned", by=None, comment="部署名を確認してください。"
        ),
        changed_field="department",
    ),
    "talent": Case(
        service=PERSON,
        make=lambda email: make_specialist(email=email),
        answers=lambda **changes: talent_answers(**changes),
        mails=lambda entry, kind: SpecialistMail.objects.filter(specialist=entry, kind=kind),
        returned=lambda entry: talent_workflow.specialist_transition(
            specialist=entry, to="returned", by=None, comment="経歴を確認してください。"
        ),
        changed_field="self_pr",
    ),
}


@pytest.fixture(params=list(CASES))
def case(request):
    return CASES[request.param]


def test_a_replaced_or_closed_link_is_refused_with_one_message(case):
    entry = case.make("a@example.jp")

    with pytest.raises(LinkError) as replaced:
        entry_locked(service=case.service, entry=entry, version=entry.edit_link_version + 1)
    entry_withdraw(service=case.service, entry=entry, version=entry.edit_link_version)
    with pytest.raises(LinkError) as closed:
        entry_locked(service=case.service, entry=entry, version=entry.edit_link_version)

    assert str(replaced.value) == str(closed.value) == UNUSABLE_MESSAGE
    assert replaced.value.entry_id == closed.value.entry_id == entry.pk


def test_issuing_a_link_replaces_the_older_ones_and_stores_its_mail(case):
    entry = case.make("a@example.jp")
    before = entry.edit_link_version

    mail = edit_link_issue(service=case.service, entry=entry, deliver=False)

    assert entry.edit_link_version == before + 1
    assert list(case.mails(entry, EDIT_LINK_MAIL)) == [mail]


def test_a_link_request_mails_each_open_entry_of_the_address_only(case):
    mine, withdrawn = case.make("Same@Example.jp"), case.make("same@example.jp")
    other = case.make("other@example.jp")
    entry_withdraw(service=case.service, entry=withdrawn, version=withdrawn.edit_link_version)

    mails = edit_links_request(service=case.service, email="same@example.jp")

    assert [mail.pk for mail in mails] == [mail.pk for mail in case.mails(mine, EDIT_LINK_MAIL)]
    assert not case.mails(other, EDIT_LINK_MAIL).exists()
    assert (
        edit_links_request(service=case.service, email="same@example.jp", receipt_number="X") == []
    )


def test_an_update_is_one_history_entry_with_the_apps_reason_and_reopens_a_returned_entry(case):
    entry = case.make("a@example.jp")
    case.returned(entry)
    entry.refresh_from_db()
    version, history = entry.edit_link_version, entry.history.count()

    updated = entry_update(
        service=case.service,
        entry=entry,
        answers=case.answers(**{case.changed_field: "本人が直しました。"}),
        version=version,
    )

    assert getattr(updated, case.changed_field) == "本人が直しました。"
    assert updated.status == "received"
    assert updated.edit_link_version == version + 1
    assert updated.last_confirmed_at is not None
    reasons = list(
        updated.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )[history:]
    assert reasons[0] == case.service.change_reason
    assert len(reasons) == 2  # the change, then the move back to 受付
    assert case.mails(updated, EDIT_LINK_MAIL).count() == 1


def test_an_update_from_a_page_opened_before_staff_changed_the_answers_saves_nothing():
    entry = make_registration(department="旧部署")
    opened = entry_opened_mark(service=COMPANY, entry=entry)
    entry.department = "職員が直した部署"
    entry.save()

    with pytest.raises(ChangedByStaff):
        entry_update(
            service=COMPANY,
            entry=entry,
            answers=make_answers(department="企業が直した部署"),
            version=entry.edit_link_version,
            opened=opened,
        )

    entry.refresh_from_db()
    assert entry.department == "職員が直した部署"
    assert entry_update(
        service=COMPANY,
        entry=entry,
        answers=make_answers(department="企業が直した部署"),
        version=entry.edit_link_version,
        opened=entry_opened_mark(service=COMPANY, entry=entry),
    ).department == ("企業が直した部署")


def test_a_withdrawal_closes_the_entry_keeps_the_reason_where_declared_and_mails(case):
    entry = case.make("a@example.jp")

    withdrawn = entry_withdraw(
        service=case.service, entry=entry, version=entry.edit_link_version, reason=" 転職のため "
    )

    assert withdrawn.status == "withdrawn"
    assert case.mails(withdrawn, WITHDRAWN_MAIL).count() == 1
    change = withdrawn.status_changes.order_by("-pk").first()
    assert (change.to_status, change.changed_by) == ("withdrawn", None)
    assert change.comment == f"{case.service.withdrawn_comment}転職のため"
    if case.service.withdrawal_reason_field:
        assert getattr(withdrawn, case.service.withdrawal_reason_field) == "転職のため"
