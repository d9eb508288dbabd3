"""Staff's saves in the admin go through registry.staff_edits: locked, checked against the
version the page opened with, and recorded as one history entry."""

import pytest
from django.db import connection

from portal.models import Prefecture
from registry import staff_edits
from registry.admin import registrations as registration_admin
from registry.models import PublicListVersion, Registration
from registry.staff_edits import (
    COMPANY_CHANGE_READ,
    ChangedSinceOpened,
    registration_opened_version,
    registration_staff_update,
    registrations_company_change_read,
)
from tests.factories import make_answers, make_registration, reviewed
from tests.locks import at_once
from tests.registry.test_admin import _change_post, _change_url

pytestmark = pytest.mark.django_db


def _staff_answers(registration, **changes):
    return {
        **make_answers(**changes),
        "company_name_kana": registration.company_name_kana,
        "changed_by_company": registration.changed_by_company,
    }


def test_an_edit_is_one_history_entry_by_the_staff_member_with_the_new_prefectures(mic_user):
    registration = make_registration()
    osaka = list(Prefecture.objects.filter(code="27"))

    changed = registration_staff_update(
        registration=registration,
        answers=_staff_answers(registration, department="新しい部署", base_prefectures=osaka),
        opened_version=registration_opened_version(registration),
        by=mic_user,
    )

    assert changed
    latest = registration.history.first()
    assert (latest.history_type, latest.history_change_reason, latest.history_user) == (
        "~",
        "管理画面で回答を編集",
        mic_user,
    )
    assert latest.department == "新しい部署"
    assert [row.prefecture_id for row in latest.base_prefectures.all()] == ["27"]
    assert registration.history.count() == 2


def test_an_edit_that_changes_nothing_writes_nothing(mic_user):
    registration = make_registration()
    opened = registration_opened_version(registration)

    changed = registration_staff_update(
        registration=registration,
        answers=_staff_answers(registration),
        opened_version=opened,
        by=mic_user,
    )

    assert not changed
    assert registration.history.count() == 1
    assert registration_opened_version(Registration.objects.get(pk=registration.pk)) == opened


def test_an_edit_of_a_registration_changed_since_the_page_opened_saves_nothing(mic_user):
    registration = make_registration()
    opened = registration_opened_version(registration)
    Registration.objects.get(pk=registration.pk).save()  # the company's edit, say

    with pytest.raises(ChangedSinceOpened, match="この画面を開いた後に変更されています"):
        registration_staff_update(
            registration=registration,
            answers=_staff_answers(registration, department="古い画面からの部署"),
            opened_version=opened,
            by=mic_user,
        )

    assert Registration.objects.get(pk=registration.pk).department == "公共事業部"


def test_a_change_between_the_forms_check_and_the_save_reopens_the_page(mic_client, monkeypatch):
    registration = make_registration()

    def company_saves_first(**kwargs):
        Registration.objects.get(pk=registration.pk).save()
        return staff_edits.registration_staff_update(**kwargs)

    monkeypatch.setattr(registration_admin, "registration_staff_update", company_saves_first)
    response = mic_client.post(
        _change_url(registration), _change_post(registration, department="職員が直した部署")
    )

    assert response.status_code == 302 and response.url == _change_url(registration)
    assert "この画面を開いた後に変更されています" in mic_client.get(response.url).content.decode()
    assert Registration.objects.get(pk=registration.pk).department == "公共事業部"
    assert registration.history.count() == 1


def test_an_edit_of_a_published_registration_changes_the_public_lists_version(mic_user):
    registration = reviewed(make_registration(), publish=True)
    before = PublicListVersion.objects.get(pk=1).version

    registration_staff_update(
        registration=registration,
        answers=_staff_answers(registration, department="新しい部署"),
        opened_version=registration_opened_version(registration),
        by=mic_user,
    )

    # Raised by the database's triggers (each write to a listed row), not by the service.
    assert PublicListVersion.objects.get(pk=1).version > before


def test_reading_a_companys_change_takes_the_flag_off_with_a_history_entry(mic_user):
    flagged = make_registration()
    Registration.objects.filter(pk=flagged.pk).update(changed_by_company=True)
    other = make_registration(email="other@example.jp")

    count = registrations_company_change_read(
        registrations=Registration.objects.filter(pk__in=[flagged.pk, other.pk]), by=mic_user
    )

    assert count == 1
    assert not Registration.objects.get(pk=flagged.pk).changed_by_company
    entry = flagged.history.first()
    assert (entry.history_change_reason, entry.history_user) == (COMPANY_CHANGE_READ, mic_user)
    assert other.history.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_of_two_staff_saving_at_once_from_the_same_page_only_one_saves(mic_user):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs a server database")
    registration = make_registration()
    opened = registration_opened_version(registration)

    def save(department):
        return registration_staff_update(
            registration=registration,
            answers=_staff_answers(registration, department=department),
            opened_version=opened,
            by=mic_user,
        )

    names = iter(["一人目の部署", "二人目の部署"])
    results, errors = at_once(lambda: save(next(names)), 2)

    assert results == [True]
    assert [type(error) for error in errors] == [ChangedSinceOpened]
    assert registration.history.count() == 2
