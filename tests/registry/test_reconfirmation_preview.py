"""Starting a yearly reconfirmation round shows what it will do: every entry that will get mail
(paginated) and the mail itself with its personal link masked; the round then mails exactly the
previewed entries still due (portal.reconfirmation's preview, PendingReconfirmationRound)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import PendingReconfirmationRound
from portal.reconfirmation import (
    PREVIEW_EXPIRED,
    PREVIEW_GONE,
    PREVIEW_USED,
    RoundRefused,
    round_preview_confirm,
    round_preview_create,
)
from registry.company_edits import registration_company_withdraw
from registry.models import OutgoingMail, ReconfirmationRequest, ReconfirmationRound, Registration
from registry.reconfirmation import RECONFIRMATION, reconfirmation_answer
from talent.models import Specialist
from tests.factories import login_verified, make_registration, make_specialist, make_user

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")
START = reverse("admin:registry_reconfirmationround_add")
TALENT_START = reverse("admin:talent_specialistreconfirmationround_add")
SIGNED_TOKEN = re.compile(r"[A-Za-z0-9_-]+:[A-Za-z0-9]+:[A-Za-z0-9_-]{43}")


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


def _preview(client, url=START):
    response = client.get(url)
    assert response.status_code == 302
    preview_id = response.url.split("preview=")[1]
    return preview_id, client.get(response.url).content.decode()


def _nothing_sent():
    return not ReconfirmationRound.objects.exists() and not _reconfirmation_mails()


def _reconfirmation_mails():
    return OutgoingMail.objects.filter(kind="reconfirmation").count()


def _table(html):
    """The list of entries that will get mail (the example mail names the first of them)."""
    return html.split('id="round-entries"')[1].split("</table>")[0]


def _mailed():
    return set(ReconfirmationRequest.objects.values_list("registration__company_name", flat=True))


def test_the_preview_lists_every_entry_and_the_mail_without_a_usable_link(a_year_on, mic_client):
    _, registrations = a_year_on
    preview_id, page = _preview(mic_client)

    assert "対象: <strong>4件</strong>" in page
    for registration in registrations:
        assert f"<td>{registration.receipt_number}</td><td>{registration.company_name}</td>" in page
    assert "<td>2025/04/01</td>" in page
    first = registrations[0]
    assert f"メールの例（一覧の1件目「{first.company_name}」へのメール）" in page
    example = page.split('id="round-example"')[1].split("</dl>")[0]
    assert first.receipt_number in example  # the real text, for the first entry
    assert "（個人用リンク）" in example
    assert "/register/reconfirm/" not in page and "/register/edit/" not in page
    assert not SIGNED_TOKEN.search(page)
    assert f'name="preview" value="{preview_id}"' in page
    assert "4件に年次確認のメールを送る" in page
    assert _nothing_sent()


def test_the_preview_pages_through_a_long_list(a_year_on, mic_client, monkeypatch):
    monkeypatch.setattr("portal.reconfirmation.PREVIEW_PAGE_ENTRIES", 3)
    preview_id, first = _preview(mic_client)

    def page(number):
        return mic_client.get(START, {"preview": preview_id, "page": number}).content.decode()

    assert "年次2株式会社" in _table(first) and "年次3株式会社" not in _table(first)
    assert "（4件。1～3件目を表示）" in first
    assert f'href="?preview={preview_id}&amp;page=2"' in first
    assert "年次3株式会社" in _table(page(2)) and "年次0株式会社" not in _table(page(2))
    assert "年次3株式会社" in _table(page(99))  # past the end: the last page
    assert "年次0株式会社" in _table(page("abc"))  # not a number: the first page
    assert "年次0株式会社" in _table(page("-1"))


def test_the_preview_runs_a_constant_number_of_queries(
    a_year_on, mic_client, django_assert_max_num_queries
):
    preview_id, _ = _preview(mic_client)
    with CaptureQueriesContext(connection) as few:
        mic_client.get(START, {"preview": preview_id})
    four = len(few.captured_queries)  # now: the next request clears the log it reads
    for n in range(6):
        make_registration(company_name=f"追加{n}株式会社", email=f"m{n}@example.jp")
    Registration.objects.update(last_confirmed_at=datetime(2025, 4, 1, 10, 0, tzinfo=JST))
    preview_id, page = _preview(mic_client)
    assert "対象: <strong>10件</strong>" in page

    with django_assert_max_num_queries(four):
        page = mic_client.get(START, {"preview": preview_id}).content.decode()
    assert _table(page).count("<tr>") == 11  # the heading and ten entries


def test_confirming_mails_the_previewed_entries_and_says_so(a_year_on, mic_client, mic_user):
    preview_id, _ = _preview(mic_client)

    response = mic_client.post(START, {"preview": preview_id})

    assert response.url == f"{START}?preview={preview_id}"
    result = mic_client.get(response.url).content.decode()
    assert "4件の登録に年次確認のメールを送ります。" in result
    assert ReconfirmationRound.objects.get().started_by == mic_user
    assert _reconfirmation_mails() == 4


@pytest.mark.parametrize(
    "forged",
    ["", "not-a-uuid", "1 OR 1=1", "0b7c5f0e-3c2a-4d6e-9f1a-2b8c4d6e8f10"],
)
def test_a_forged_preview_is_refused_in_japanese_and_sends_nothing(a_year_on, mic_client, forged):
    _preview(mic_client)

    response = mic_client.post(START, {"preview": forged})

    assert response.status_code == 400
    assert PREVIEW_GONE in response.content.decode()
    assert _nothing_sent()


def test_another_persons_or_another_apps_preview_is_refused(a_year_on, client, mic_user):
    make_specialist(status="listed", name="年次 人材", email="talent@example.jp")
    Specialist.objects.update(last_confirmed_at=datetime(2025, 4, 1, tzinfo=JST))
    other = make_user("mic-other", groups=["総務省"])
    theirs = round_preview_create(reconfirmation=RECONFIRMATION, by=other)
    mic_client = login_verified(client, mic_user)
    talent_id, _ = _preview(mic_client, TALENT_START)

    for forged in [str(theirs.pk), talent_id]:
        response = mic_client.post(START, {"preview": forged})
        assert response.status_code == 400
        assert PREVIEW_GONE in response.content.decode()
        assert mic_client.get(START, {"preview": forged}).status_code == 400
    assert _nothing_sent()


def test_a_preview_older_than_an_hour_is_refused(a_year_on, client, mic_user):
    clock, _ = a_year_on
    preview_id, _ = _preview(login_verified(client, mic_user))
    clock.shift(timedelta(minutes=61))
    mic_client = login_verified(client, mic_user)  # signed in again after the wait

    response = mic_client.post(START, {"preview": preview_id})

    assert response.status_code == 400
    assert PREVIEW_EXPIRED in response.content.decode()
    assert not ReconfirmationRound.objects.exists()


def test_an_entry_due_only_after_the_preview_waits_for_the_next_round(a_year_on, mic_client):
    late = make_registration(company_name="後から株式会社", email="late@example.jp")
    preview_id, page = _preview(mic_client)
    assert "後から株式会社" not in page
    Registration.objects.filter(pk=late.pk).update(
        last_confirmed_at=datetime(2025, 4, 1, 10, 0, tzinfo=JST)
    )

    mic_client.post(START, {"preview": preview_id})

    assert "後から株式会社" not in _mailed() and len(_mailed()) == 4
    result = mic_client.get(START, {"preview": preview_id}).content.decode()
    assert (
        "確認画面の後に対象になった1件の登録には送っていません（次の年次確認で送ります）。"
        in result
    )


def test_an_entry_withdrawn_or_confirmed_after_the_preview_is_left_out_and_counted(
    a_year_on, mic_client
):
    _, registrations = a_year_on
    preview_id, _ = _preview(mic_client)
    withdrawn, confirmed = registrations[1], registrations[2]
    withdrawn.refresh_from_db()
    registration_company_withdraw(
        registration=withdrawn, reason="", expected_version=withdrawn.edit_link_version
    )
    reconfirmation_answer(registration=confirmed, answer="unchanged")
    page = mic_client.get(START, {"preview": preview_id}).content.decode()
    assert page.count("この画面の後に対象から外れました（送りません）") == 2

    mic_client.post(START, {"preview": preview_id})

    assert _mailed() == {"年次0株式会社", "年次3株式会社"}
    result = mic_client.get(START, {"preview": preview_id}).content.decode()
    assert "2件の登録に年次確認のメールを送ります。" in result
    assert "確認画面の4件のうち2件には送っていません" in result
    assert "確認画面の後に取下げになった: 1件" in result
    assert "確認画面の後に本人が確認・変更した: 1件" in result


def test_a_second_press_of_the_button_starts_nothing(a_year_on, mic_client):
    preview_id, _ = _preview(mic_client)

    mic_client.post(START, {"preview": preview_id})
    again = mic_client.post(START, {"preview": preview_id}, follow=True)

    assert PREVIEW_USED in again.content.decode()
    assert ReconfirmationRound.objects.count() == 1
    assert _reconfirmation_mails() == 4


def test_a_round_that_fails_can_be_confirmed_again_from_the_same_preview(
    a_year_on, mic_client, monkeypatch
):
    preview_id, _ = _preview(mic_client)
    real = RECONFIRMATION.__class__.round_start

    def broken(*args, **kwargs):
        raise RuntimeError("the task broke")

    monkeypatch.setattr("portal.reconfirmation.Reconfirmation.round_start", broken)
    failed = mic_client.post(START, {"preview": preview_id}, follow=True).content.decode()
    assert "年次確認を始められませんでした。" in failed
    assert not ReconfirmationRound.objects.exists()

    monkeypatch.setattr("portal.reconfirmation.Reconfirmation.round_start", real)
    mic_client.post(START, {"preview": preview_id})
    assert ReconfirmationRequest.objects.count() == 4


def test_the_talent_preview_masks_the_personal_links_too(mic_client):
    person = make_specialist(status="listed", name="年次 確認", email="nenji@example.jp")
    Specialist.objects.filter(pk=person.pk).update(
        last_confirmed_at=datetime(2025, 1, 1, tzinfo=JST)
    )

    _, page = _preview(mic_client, TALENT_START)

    assert "メールの例（一覧の1件目「年次 確認」へのメール）" in page
    assert "（個人用リンク）" in page
    assert "/talent/reconfirm/" not in page and "/talent/edit/" not in page
    assert not SIGNED_TOKEN.search(page)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_presses_at_once_start_one_round(mic_user):
    """Two requests confirming the same preview at the same moment (PostgreSQL, real threads):
    the second's claim waits for the first's row lock, then finds it claimed."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers and has no row locks; the race needs PostgreSQL")
    import threading

    from django.db import transaction

    from tests.locks import wait_for_lock_waiters

    with time_machine.travel(datetime(2025, 4, 1, 10, 0, tzinfo=JST), tick=False):
        make_registration(company_name="同時株式会社", email="same@example.jp")
    pending = round_preview_create(reconfirmation=RECONFIRMATION, by=mic_user)
    outcomes = []

    def second_press():
        try:
            round_preview_confirm(reconfirmation=RECONFIRMATION, pk=pending.pk, by=mic_user)
            outcomes.append("claimed")
        except RoundRefused as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    thread = threading.Thread(target=second_press)
    with transaction.atomic():
        claimed = round_preview_confirm(reconfirmation=RECONFIRMATION, pk=pending.pk, by=mic_user)
        thread.start()
        wait_for_lock_waiters(1)
        RECONFIRMATION.previewed_round_start(
            pending_id=claimed.pk, entry_ids=claimed.entry_ids, by=mic_user
        )
    thread.join(timeout=60)

    assert not thread.is_alive() and outcomes == [PREVIEW_USED]
    assert ReconfirmationRound.objects.count() == 1
    assert PendingReconfirmationRound.objects.get().asked == 1
