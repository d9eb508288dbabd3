"""An edit through the personal link keeps the consent given at registration; the consent is
asked again, on the edit page itself with an unticked box, only when the privacy notice changed
since (portal.forms.privacy_consent_asked). The same rule for talent entries and registrations."""

from datetime import timedelta

import pytest
from django.urls import reverse

from registry.models import Registration
from registry.submission import PRIVACY_NOTICE_VERSION as REGISTRY_VERSION
from talent.models import Specialist
from talent.submission import PRIVACY_NOTICE_VERSION as TALENT_VERSION
from tests.factories import (
    draft_of,
    make_registration,
    make_specialist,
    registration_post,
    talent_post,
)
from tests.factories import edit_token as registration_token
from tests.factories import edit_token as talent_token

pytestmark = pytest.mark.django_db
CONSENT = 'name="privacy_consent"'


def _talent_edit(client, specialist, capture, **post):
    token = talent_token(specialist)
    form = client.post(reverse("talent:edit", args=[token]), post)
    if form.status_code != 302:
        return form
    with capture(execute=True):
        return client.post(reverse("talent:edit-confirm", args=[token]), {"draft": draft_of(form)})


def _consented_long_ago(model, entry, version):
    model.objects.filter(pk=entry.pk).update(
        privacy_notice_version=version, privacy_consented_at=entry.created_at - timedelta(days=1)
    )
    entry.refresh_from_db()
    return entry.privacy_consented_at


def test_a_talent_edit_under_the_same_notice_neither_asks_nor_records_the_consent_again(
    client, django_capture_on_commit_callbacks
):
    specialist = make_specialist()
    consented = _consented_long_ago(Specialist, specialist, TALENT_VERSION)

    page = client.get(reverse("talent:edit", args=[talent_token(specialist)])).content.decode()
    done = _talent_edit(
        client,
        specialist,
        django_capture_on_commit_callbacks,
        **talent_post(self_pr="変更した自己PR", privacy_consent=None),
    )

    assert CONSENT not in page
    assert done.url == reverse("talent:edit-complete")
    specialist.refresh_from_db()
    assert specialist.self_pr == "変更した自己PR"
    assert (specialist.privacy_notice_version, specialist.privacy_consented_at) == (
        TALENT_VERSION,
        consented,
    )


def test_a_talent_edit_after_the_notice_changed_asks_on_the_page_before_submitting(
    client, django_capture_on_commit_callbacks
):
    specialist = make_specialist()
    _consented_long_ago(Specialist, specialist, "2020-01-01")
    url = reverse("talent:edit", args=[talent_token(specialist)])

    page = client.get(url).content.decode()
    refused = _talent_edit(
        client, specialist, django_capture_on_commit_callbacks, **talent_post(privacy_consent=None)
    )
    done = _talent_edit(client, specialist, django_capture_on_commit_callbacks, **talent_post())

    assert CONSENT in page and "改めて同意をお願いします" in page
    assert 'name="privacy_consent" checked' not in page
    assert "個人情報の取扱いへの同意が必要です" not in page  # no error before submitting
    assert "個人情報の取扱いへの同意が必要です" in refused.content.decode()
    assert done.url == reverse("talent:edit-complete")
    specialist.refresh_from_db()
    assert specialist.privacy_notice_version == TALENT_VERSION


def _registry_edit(client, registration, capture, **post):
    token = registration_token(registration)
    page = client.get(reverse("registry:edit", args=[token])).content.decode()
    opened = page.split('name="opened" value="')[1].split('"')[0]
    form = client.post(reverse("registry:edit", args=[token]), {**post, "opened": opened})
    if form.status_code != 302:
        return page, form
    with capture(execute=True):
        done = client.post(
            reverse("registry:edit-confirm", args=[token]), {"draft": draft_of(form)}
        )
    return page, done


def test_a_company_edit_under_the_same_notice_keeps_the_consent_without_a_ticked_box(
    client, django_capture_on_commit_callbacks
):
    registration = make_registration()
    consented = _consented_long_ago(Registration, registration, REGISTRY_VERSION)

    page, done = _registry_edit(
        client,
        registration,
        django_capture_on_commit_callbacks,
        **registration_post(department="新しい部署", privacy_consent=None),
    )

    assert CONSENT not in page
    assert done.url == reverse("registry:edit-complete")
    registration.refresh_from_db()
    assert registration.department == "新しい部署"
    assert registration.privacy_consented_at == consented


def test_a_company_edit_after_the_notice_changed_asks_with_an_unticked_box(
    client, django_capture_on_commit_callbacks
):
    registration = make_registration()
    _consented_long_ago(Registration, registration, "2020-01-01")

    page, refused = _registry_edit(
        client,
        registration,
        django_capture_on_commit_callbacks,
        **registration_post(privacy_consent=None),
    )
    _, done = _registry_edit(
        client, registration, django_capture_on_commit_callbacks, **registration_post()
    )

    assert CONSENT in page and "改めて同意をお願いします" in page
    assert "checked" not in page.split(CONSENT)[1].split(">")[0]
    assert "個人情報の取扱いへの同意が必要です" not in page
    assert "個人情報の取扱いへの同意が必要です" in refused.content.decode()
    assert done.url == reverse("registry:edit-complete")
    registration.refresh_from_db()
    assert registration.privacy_notice_version == REGISTRY_VERSION
