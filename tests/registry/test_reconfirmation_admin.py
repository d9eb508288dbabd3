"""The yearly reconfirmation in the admin: starting a round, its report, the list's column."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from registry.company_edits import registration_company_withdraw
from registry.links import CLOSED
from registry.models import ReconfirmationRequest, ReconfirmationRound
from registry.reconfirmation import reconfirmation_answer, reconfirmation_round_start
from tests.factories import login_verified, make_registration, make_user

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")
START = reverse("admin:registry_reconfirmationround_add")
ROUNDS = reverse("admin:registry_reconfirmationround_changelist")
REGISTRATIONS = reverse("admin:registry_registration_changelist")


@pytest.fixture
def a_year_on():
    """Four registrations made on 2025-04-01; the clock then stands on 2026-05-11."""
    with time_machine.travel(datetime(2025, 4, 1, 10, 0, tzinfo=JST), tick=False) as clock:
        registrations = [
            make_registration(company_name=f"年次{n}株式会社", email=f"n{n}@example.jp")
            for n in range(4)
        ]
        clock.move_to(datetime(2026, 5, 11, 9, 0, tzinfo=JST))
        yield clock, registrations


def test_mic_staff_see_who_would_be_asked_and_start_the_round(a_year_on, mic_client, mic_user):
    preview = mic_client.get(START).url  # the preview: who will be asked, and the mail
    page = mic_client.get(preview).content.decode()
    assert "対象: <strong>4件</strong>" in page
    assert "回答期限: 2026年6月22日" in page

    response = mic_client.post(START, {"preview": preview.split("preview=")[1]})

    assert response.url == preview  # now the result
    assert "4件の登録に年次確認のメールを送ります。" in mic_client.get(preview).content.decode()
    assert ReconfirmationRound.objects.get().started_by == mic_user
    assert ReconfirmationRequest.objects.count() == 4


def test_staff_without_the_permission_cannot_start_a_round(a_year_on, client):
    login_verified(client, make_user("viewer"))

    assert client.post(START).status_code == 403
    assert not ReconfirmationRound.objects.exists()


def test_the_round_report_gives_sent_unchanged_changed_and_unconfirmed(a_year_on, client, mic_user):
    clock, registrations = a_year_on
    reconfirmation_round_start(by=mic_user)
    reconfirmation_answer(registration=registrations[0], answer="unchanged")
    reconfirmation_answer(registration=registrations[1], answer="changed")
    clock.shift(timedelta(days=43))
    mic_client = login_verified(client, mic_user)  # signed in after the wait

    row = ReconfirmationRound.objects.with_report(entry_field="registration", closed=CLOSED).get()
    html = mic_client.get(ROUNDS).content.decode()

    assert (row.sent, row.unchanged, row.changed, row.waiting, row.unconfirmed) == (4, 1, 1, 0, 2)
    for heading in ["送付", "変更なし", "変更あり", "回答待ち", "未確認（期限切れ）"]:
        assert heading in html
    assert '<td class="field-unconfirmed">2件</td>' in html


def test_the_round_list_runs_a_constant_number_of_queries(
    a_year_on, mic_client, mic_user, django_assert_max_num_queries
):
    reconfirmation_round_start(by=mic_user)
    with django_assert_max_num_queries(15) as few:
        assert mic_client.get(ROUNDS).status_code == 200
    for others in range(5):
        ReconfirmationRound.objects.create(
            started_by=make_user(f"mic-{others}"), months=12, deadline_days=42
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = mic_client.get(ROUNDS)
    assert page.content.decode().count('class="field-sent"') == 6


def test_the_registration_list_shows_and_filters_the_reconfirmation(a_year_on, client, mic_user):
    clock, registrations = a_year_on
    reconfirmation_round_start(by=mic_user)
    reconfirmation_answer(registration=registrations[0], answer="unchanged")
    clock.shift(timedelta(days=43))
    mic_client = login_verified(client, mic_user)

    everything = mic_client.get(REGISTRATIONS).content.decode()
    unconfirmed = mic_client.get(REGISTRATIONS, {"reconfirmation": "unconfirmed"})

    assert "最終確認日（年次確認）" in everything
    assert "2025/04/01（未確認・期限 2026/06/22）" in everything
    assert "2026/05/11" in everything
    assert {r.company_name for r in unconfirmed.context["cl"].result_list} == {
        "年次1株式会社",
        "年次2株式会社",
        "年次3株式会社",
    }


def test_an_entry_withdrawn_after_its_deadline_is_not_unconfirmed(a_year_on, client, mic_user):
    """It needs no answer any more: not in the 未確認 filter, the column or the report's 未確認."""
    clock, registrations = a_year_on
    reconfirmation_round_start(by=mic_user)
    clock.shift(timedelta(days=43))
    withdrawn = registrations[3]
    withdrawn.refresh_from_db()
    registration_company_withdraw(
        registration=withdrawn, reason="", expected_version=withdrawn.edit_link_version
    )
    mic_client = login_verified(client, mic_user)

    unconfirmed = mic_client.get(REGISTRATIONS, {"reconfirmation": "unconfirmed"})
    everything = mic_client.get(REGISTRATIONS).content.decode()
    row = ReconfirmationRound.objects.with_report(entry_field="registration", closed=CLOSED).get()
    rounds = mic_client.get(ROUNDS).content.decode()

    assert {r.company_name for r in unconfirmed.context["cl"].result_list} == {
        "年次0株式会社",
        "年次1株式会社",
        "年次2株式会社",
    }
    assert everything.count("（未確認・期限 2026/06/22）") == 3
    assert (row.sent, row.waiting, row.unconfirmed, row.closed) == (4, 0, 3, 1)
    assert "回答不要（その後取下げ）" in rounds
    assert '<td class="field-closed">1件</td>' in rounds
