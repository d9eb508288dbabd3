"""Invitations under real concurrency (PostgreSQL, real threads): one link opened in two tabs
makes one account, and two 総務省 staff inviting one address at once make one invitation."""

import pytest
from django.contrib.auth.models import User
from django.db import connection

from portal.links import LinkError, link_token
from portal.models import StaffInvitation, StaffInvitationMail
from portal.roles import MIC_GROUP, roles_apply
from portal.staff_accounts import (
    INVITATION_LINK,
    InvitationRefused,
    invitation_accept,
    invitation_create,
)
from tests.factories import make_user
from tests.locks import at_once

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers and has no row locks; the race needs PostgreSQL")


@pytest.fixture
def mic():
    roles_apply()
    return make_user("race-mic", groups=[MIC_GROUP])


def test_one_link_accepted_twice_at_once_makes_one_account(mic):
    invitation = invitation_create(
        name="競合　一郎", email="race@example.jp", prefecture=None, by=mic
    )
    token = link_token(INVITATION_LINK, invitation)

    results, errors = at_once(
        lambda: invitation_accept(token=token, password="Race-pass-2026-one"), 4
    )

    assert len(results) == 1, errors
    assert len(errors) == 3 and all(isinstance(error, LinkError) for error in errors), errors
    assert User.objects.filter(email="race@example.jp").count() == 1
    assert StaffInvitation.objects.get().user == results[0]


def test_one_address_invited_twice_at_once_gives_one_invitation_and_one_mail(mic):
    results, errors = at_once(
        lambda: invitation_create(name="同時", email="same@example.jp", prefecture=None, by=mic), 3
    )

    assert len(results) == 1, errors
    assert len(errors) == 2 and all(isinstance(e, InvitationRefused) for e in errors), errors
    assert StaffInvitation.objects.count() == 1
    assert StaffInvitationMail.objects.count() == 1
