"""Two 総務省 officials deciding the same entry at once (PostgreSQL, real threads): one decision
is recorded, the other writes nothing and is told the entry changed since it was shown."""

import pytest
from django.db import connection

from portal.review import ChangedSinceShown, entry_version, review_decide, review_kind
from portal.roles import MIC_GROUP, roles_apply
from registry.models import OutgoingMail, Registration, StatusChange
from talent.models import Specialist, SpecialistStatusChange
from tests.factories import make_registration, make_specialist, make_user
from tests.locks import at_once

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers and has no row locks; the race needs PostgreSQL")


@pytest.mark.parametrize("kind", ["companies", "people"])
def test_a_publish_and_a_return_at_once_record_one_decision(kind):
    roles_apply()
    officials = [make_user(f"race-{n}", groups=[MIC_GROUP]) for n in range(2)]
    entry = make_registration() if kind == "companies" else make_specialist()
    shown = entry_version(entry)
    decisions = iter([("publish", officials[0]), ("return", officials[1])])

    def decide():
        decision, official = next(decisions)
        return review_decide(
            kind=review_kind(kind),
            entry=type(entry).objects.get(pk=entry.pk),
            decision=decision,
            opened_version=shown,
            reason="確認のため" if decision == "return" else "",
            by=official,
        )

    results, errors = at_once(decide, 2)

    assert len(results) == 1, (results, errors)
    assert len(errors) == 1 and isinstance(errors[0], ChangedSinceShown), errors
    entry.refresh_from_db()
    if kind == "companies":
        changes = StatusChange.objects.filter(registration=entry)
        mails = OutgoingMail.objects.filter(registration=entry, kind__in=["published", "returned"])
        expected = {"published": 2, "returned": 1}[entry.status]
    else:
        changes = SpecialistStatusChange.objects.filter(specialist=entry)
        mails = entry.mails.filter(kind__in=["listed", "returned"])
        expected = {"listed": 2, "returned": 1}[entry.status]
    assert changes.count() == expected  # 確認済 and 掲載, or the 差戻し alone
    assert mails.count() == 1
    assert {change.changed_by for change in changes} in ({officials[0]}, {officials[1]})
    assert type(entry) in (Registration, Specialist)
