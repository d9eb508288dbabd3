"""The signed links every app declares on portal.links: one set of rules for all kinds."""

import time
from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import signing
from django.urls import reverse

from matching.links import REPLY_LINK
from portal.links import (
    LinkError,
    LinkExpired,
    PersonalLink,
    link_entry,
    link_token,
    link_url,
)
from registry.links import EDIT_LINK as REGISTRY_EDIT_LINK
from talent.links import EDIT_LINK as TALENT_EDIT_LINK
from tests.factories import make_registration, make_specialist, make_user

ENTRIES = {
    1: SimpleNamespace(pk=1, edit_link_version=3, closed=False),
    2: SimpleNamespace(pk=2, edit_link_version=0, closed=True),
}


def _closed(entry):
    return LinkError("閉じています。") if entry.closed else None


LINK = PersonalLink(
    salt="tests.link",
    lifetime_days=lambda: 30,
    url_name="registry:edit",
    find=ENTRIES.get,
    expired_message=lambda: "期限切れです。",
    refusal=_closed,
)


def test_a_token_opens_its_entry_and_its_url_is_absolute(settings):
    settings.SITE_URL = "https://example.jp/"

    token = link_token(LINK, ENTRIES[1])

    assert link_entry(LINK, token) is ENTRIES[1]
    assert link_url(LINK, ENTRIES[1]) == "https://example.jp" + reverse(
        "registry:edit", args=[token]
    )


def test_a_forged_token_is_refused():
    token = link_token(LINK, ENTRIES[1])

    with pytest.raises(LinkError) as refused:
        link_entry(LINK, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert not isinstance(refused.value, LinkExpired)
    assert str(refused.value).startswith("このリンクは正しくありません。")
    # Another kind of link (another salt) does not open this one's entries either.
    with pytest.raises(LinkError):
        link_entry(replace(LINK, salt="tests.other"), token)


def test_an_expired_token_says_where_to_turn_and_carries_its_payload(monkeypatch):
    token = link_token(LINK, ENTRIES[1])
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + timedelta(days=29).total_seconds())
    assert link_entry(LINK, token) is ENTRIES[1]

    monkeypatch.setattr(time, "time", lambda: now + timedelta(days=31).total_seconds())
    with pytest.raises(LinkExpired) as expired:
        link_entry(LINK, token)
    assert str(expired.value) == "期限切れです。"
    assert expired.value.payload == (1, 3)
    assert expired.value.renewable


def test_the_lifetime_is_read_when_the_link_is_opened():
    days = []
    link = replace(LINK, lifetime_days=lambda: days[-1])
    days.append(30)
    token = link_token(link, ENTRIES[1])
    days.append(-1)

    with pytest.raises(LinkExpired):
        link_entry(link, token)


def test_a_replaced_token_is_refused_but_a_new_one_may_be_requested():
    token = link_token(LINK, ENTRIES[1])
    newer = SimpleNamespace(pk=1, edit_link_version=4, closed=False)

    with pytest.raises(LinkError) as refused:
        link_entry(replace(LINK, find={1: newer}.get), token)

    assert str(refused.value).startswith("このリンクは、新しいリンクをお送りしたため")
    assert refused.value.entry_id == 1
    assert refused.value.renewable


def test_a_closed_entry_is_refused_with_its_reason_and_no_new_link_helps():
    with pytest.raises(LinkError) as refused:
        link_entry(LINK, link_token(LINK, ENTRIES[2]))

    assert str(refused.value) == "閉じています。"
    assert refused.value.entry_id == 2
    assert not refused.value.renewable


def test_an_unknown_entry_is_refused():
    token = signing.dumps({"r": 99, "v": 0}, salt=LINK.salt)

    with pytest.raises(LinkError) as refused:
        link_entry(LINK, token)

    assert str(refused.value) == "この登録は見つかりません。"
    assert refused.value.entry_id is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("link", "make", "salt"),
    [
        (REGISTRY_EDIT_LINK, make_registration, "registry.edit-link"),
        (TALENT_EDIT_LINK, make_specialist, "talent.edit-link"),
    ],
)
def test_links_mailed_before_the_declarations_still_open(link, make, salt):
    entry = make()
    mailed = signing.dumps({"r": entry.pk, "v": entry.edit_link_version}, salt=salt)

    assert link_entry(link, mailed).pk == entry.pk
    assert link.salt == salt


def test_the_reply_link_keeps_its_salt_and_version():
    assert (REPLY_LINK.salt, REPLY_LINK.version_field) == ("matching.approach", "link_version")
    assert not REPLY_LINK.renewable


@pytest.mark.django_db
def test_a_reconfirmation_link_mailed_before_the_declarations_still_opens_its_request():
    from django.utils import timezone

    from registry.models import ReconfirmationRequest, ReconfirmationRound
    from registry.reconfirmation import RECONFIRMATION

    registration = make_registration()
    now = timezone.now()
    round_ = ReconfirmationRound.objects.create(
        started_at=now, started_by=make_user(), months=12, deadline_days=30
    )
    asked = ReconfirmationRequest.objects.create(
        round=round_, registration=registration, sent_at=now, deadline=now
    )
    mailed = signing.dumps({"q": asked.pk}, salt="registry.reconfirm")

    assert link_entry(RECONFIRMATION.link, mailed) == asked


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("link", "setting", "button"),
    [
        (REGISTRY_EDIT_LINK, "REGISTRATION_EDIT_LINK_DAYS", "「変更用リンクを請求する」"),
        (TALENT_EDIT_LINK, "TALENT_EDIT_LINK_DAYS", "「新しい変更用リンクを請求する」"),
    ],
)
def test_an_expired_edit_link_names_its_lifetime_and_the_button_for_a_new_one(
    settings, link, setting, button
):
    """portal.links.edit_link: the lifetime is the app's setting, read when the link is opened."""
    setattr(settings, setting, 7)

    message = link.expired_message()

    assert link.lifetime_days() == 7
    assert "（有効期間は7日です）" in message and button in message


@pytest.mark.django_db
def test_an_edit_link_of_a_closed_entry_says_why_in_its_apps_words():
    from registry.models import Registration
    from talent.models import Specialist

    company = make_registration()
    Registration.objects.filter(pk=company.pk).update(status=Registration.Status.WITHDRAWN)
    person = make_specialist()
    Specialist.objects.filter(pk=person.pk).update(status=Specialist.Status.WITHDRAWN)

    with pytest.raises(LinkError) as company_refused:
        link_entry(REGISTRY_EDIT_LINK, link_token(REGISTRY_EDIT_LINK, company))
    with pytest.raises(LinkError) as person_refused:
        link_entry(TALENT_EDIT_LINK, link_token(TALENT_EDIT_LINK, person))

    assert str(company_refused.value) == "この登録は取り下げられているため、変更できません。"
    assert str(person_refused.value) == "この登録は取り下げられているため、開けません。"
    assert not company_refused.value.renewable and not person_refused.value.renewable
    assert REGISTRY_EDIT_LINK.url_name == "registry:edit"
    assert TALENT_EDIT_LINK.url_name == "talent:edit"
