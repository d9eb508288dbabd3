"""Yes-or-no values in the admin are words, never Django's ✔/✖ icons (a red ✖ reads as an error)."""

import pytest
from django.urls import reverse

from portal.admin import yes_no
from tests.factories import login_verified, make_need, make_nomination, make_specialist, make_user

pytestmark = pytest.mark.django_db
ICONS = ("icon-yes.svg", "icon-no.svg")


@pytest.fixture
def superuser_client(client):
    login_verified(client, make_user("root-words", superuser=True))
    return client


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert not any(icon in html for icon in ICONS), url
    return html


def test_yes_no_says_it_in_words():
    assert (yes_no(True), yes_no(False)) == ("はい", "いいえ")
    assert yes_no(False, yes="あり", no="―") == "―"


def test_the_specialist_list_flags_duplicates_in_words(superuser_client):
    make_specialist(email="same@example.jp")
    make_specialist(email="same@example.jp")

    html = _html(superuser_client, reverse("admin:talent_specialist_changelist"))

    assert html.count('<td class="field-duplicate_flag">あり</td>') == 2


def test_a_nomination_says_whether_the_main_duty_was_confirmed(superuser_client):
    nomination = make_nomination(main_duty_confirmed=False)

    html = _html(
        superuser_client, reverse("admin:accelerators_nomination_change", args=[nomination.pk])
    )

    assert '<div class="readonly">いいえ</div>' in html
    assert "市町村のDX支援を主たる業務とすることを確認しました" in html


def test_a_need_names_its_work_styles_in_one_row(superuser_client):
    need = make_need(wants_permanent=False, wants_fixed_term=True, wants_part_time=True)

    html = _html(superuser_client, reverse("admin:matching_need_change", args=[need.pk]))

    assert '<div class="readonly">任期付職員、非常勤</div>' in html


@pytest.mark.parametrize(
    "name",
    ["auth_user_changelist", "talent_specialty_changelist", "registry_registration_changelist"],
)
def test_other_lists_show_no_icons(superuser_client, name):
    make_user("someone")

    _html(superuser_client, reverse(f"admin:{name}"))
