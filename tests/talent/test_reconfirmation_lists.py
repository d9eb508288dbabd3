"""未確認 talent entries leave every list a prefecture (or 総務省's staff pages) reads, the Excel
file and the matching pool until the person confirms; they are never deleted. And the admin:
starting a round, the round report, the 最終確認日 column and the 年次確認 filter."""

import importlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import reverse

from matching import criteria
from talent.exports import LIST_SHEET
from talent.hiring import HireError, specialist_mark_hired
from talent.links import CLOSED
from talent.models import (
    Specialist,
    SpecialistReconfirmationRequest,
    SpecialistReconfirmationRound,
)
from talent.reconfirmation import (
    RECONFIRMATION,
    specialist_reconfirmation_answer,
    specialist_reconfirmation_round_start,
)
from talent.self_service import specialist_withdraw
from tests.factories import (
    login_verified,
    make_need,
    make_prefecture_user,
    make_specialist,
    make_user,
    workbook_of,
)

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")
REGISTERED = datetime(2025, 4, 1, 10, 0, tzinfo=JST)
ROUND = datetime(2026, 5, 11, 9, 0, tzinfo=JST)
LIST = reverse("talent:staff-list")
XLSX = reverse("talent:staff-export")
START = reverse("admin:talent_specialistreconfirmationround_add")
ROUNDS = reverse("admin:talent_specialistreconfirmationround_changelist")
ENTRIES = reverse("admin:talent_specialist_changelist")


@pytest.fixture
def lapsed():
    """Two listed people of 北海道 asked on ROUND; one answers, the other lets 43 days pass."""
    with time_machine.travel(REGISTERED, tick=False) as clock:
        kept = make_specialist(status="listed", name="確認 済み", email="kept@example.jp")
        lapses = make_specialist(status="listed", name="未確認 太郎", email="lapse@example.jp")
        clock.move_to(ROUND)
        round_ = specialist_reconfirmation_round_start(by=make_user("mic-round"))
        clock.shift(timedelta(days=3))
        specialist_reconfirmation_answer(specialist=kept, answer="unchanged")
        clock.move_to(ROUND + timedelta(days=43))
        yield clock, kept, lapses, round_


def _signed_in(user):
    return login_verified(Client(), user)


def _names(client):
    return {s.name for s, _ in client.get(LIST).context["page"].object_list}


def _exported(client):
    rows = list(workbook_of(client.get(XLSX))[LIST_SHEET].iter_rows(values_only=True))
    return {row[1].split("（")[0] for row in rows[1:]}


def test_an_unconfirmed_entry_leaves_every_list_and_comes_back_once_confirmed(lapsed, mic_user):
    _, kept, lapses, _ = lapsed
    prefecture = _signed_in(make_prefecture_user("pref-hokkaido", "01"))
    mic = _signed_in(mic_user)
    need = make_need("01")
    detail = reverse("talent:staff-detail", args=[lapses.pk])

    for client in (prefecture, mic):
        assert _names(client) == {"確認 済み"}
        assert _exported(client) == {"確認 済み"}
        assert client.get(detail).status_code == 404
    assert list(Specialist.objects.for_prefecture_staff("01")) == [kept]
    assert list(criteria.people_pool(need)) == [kept]
    assert list(Specialist.objects.unconfirmed()) == [lapses]
    assert Specialist.objects.filter(pk=lapses.pk, status="listed").exists()  # not deleted

    specialist_reconfirmation_answer(specialist=lapses, answer="unchanged")

    for client in (prefecture, mic):
        assert _names(client) == {"確認 済み", "未確認 太郎"}
        assert _exported(client) == {"確認 済み", "未確認 太郎"}
        assert client.get(detail).status_code == 200
    assert set(criteria.people_pool(need)) == {kept, lapses}


def test_before_the_deadline_a_waiting_entry_stays_on_the_lists(lapsed):
    clock, kept, lapses, _ = lapsed
    clock.move_to(ROUND + timedelta(days=41))

    assert set(Specialist.objects.for_prefecture_staff("01")) == {kept, lapses}


def test_an_approach_to_an_unconfirmed_person_is_refused(lapsed):
    _, _, lapses, _ = lapsed
    prefecture = _signed_in(make_prefecture_user("pref-hokkaido", "01"))
    need = make_need("01")

    page = prefecture.post(
        reverse("matching:need-send", args=[need.pk]), {"specialists": [lapses.pk]}, follow=True
    )

    assert "打診できない相手が含まれています" in page.content.decode()


def test_mic_staff_see_who_would_be_asked_and_start_a_round(mic_user):
    with time_machine.travel(REGISTERED, tick=False) as clock:
        for n in range(3):
            make_specialist(name=f"年次 {n}", email=f"n{n}@example.jp")
        make_specialist(status="withdrawn", name="取下 済み", email="gone@example.jp")
        clock.move_to(ROUND)
        mic = _signed_in(mic_user)
        preview = mic.get(START).url  # the preview: who will be asked, and the mail
        page = mic.get(preview).content.decode()
        assert "対象: <strong>3件</strong>（取下げ・重複・消去済を除き" in page
        assert "回答期限: 2026年6月22日" in page
        assert "年次 0" in page and "取下 済み" not in page

        response = mic.post(START, {"preview": preview.split("preview=")[1]})

        assert response.url == preview  # now the result
        message = "3件の人材の登録に年次確認のメールを送ります。"
        assert message in mic.get(preview).content.decode()
    assert SpecialistReconfirmationRound.objects.get().started_by == mic_user
    assert SpecialistReconfirmationRequest.objects.count() == 3


def test_staff_without_the_permission_cannot_start_a_round(client):
    login_verified(client, make_user("viewer"))

    assert client.post(START).status_code == 403
    assert not SpecialistReconfirmationRound.objects.exists()


def test_the_round_report_gives_sent_unchanged_changed_and_unconfirmed(
    lapsed, mic_user, django_assert_max_num_queries
):
    *_, round_ = lapsed
    with time_machine.travel(ROUND + timedelta(days=1), tick=False):
        extra = make_specialist(status="listed", name="変更 あり", email="changed@example.jp")
    SpecialistReconfirmationRequest.objects.create(
        round=round_, specialist=extra, sent_at=ROUND, deadline=ROUND + timedelta(days=42)
    )
    specialist_reconfirmation_answer(specialist=extra, answer="changed")
    mic = _signed_in(mic_user)

    row = SpecialistReconfirmationRound.objects.with_report(
        entry_field="specialist", closed=CLOSED
    ).get()
    with django_assert_max_num_queries(15):
        html = mic.get(ROUNDS).content.decode()

    assert (row.sent, row.unchanged, row.changed, row.waiting, row.unconfirmed) == (3, 1, 1, 0, 1)
    for heading in ["送付", "変更なし", "変更あり", "回答待ち", "未確認（期限切れ）"]:
        assert heading in html
    assert '<td class="field-unconfirmed">1件</td>' in html
    assert '<td class="field-sent">3件</td>' in html


def test_the_admin_list_shows_the_last_confirmed_date_and_filters_by_reconfirmation(
    lapsed, mic_user
):
    mic = _signed_in(mic_user)

    html = mic.get(ENTRIES).content.decode()
    assert "最終確認日（年次確認）" in html
    assert "2026/05/14" in html  # 確認 済み answered three days after the round
    assert "2025/04/01（未確認・期限 2026/06/22）" in html
    unconfirmed = mic.get(ENTRIES, {"reconfirmation": "unconfirmed"})
    assert [s.name for s in unconfirmed.context["cl"].result_list] == ["未確認 太郎"]
    due = mic.get(ENTRIES, {"reconfirmation": "due"})
    assert [s.name for s in due.context["cl"].result_list] == ["未確認 太郎"]
    assert RECONFIRMATION.due().get().name == "未確認 太郎"


def test_a_person_who_withdrew_after_the_deadline_is_not_unconfirmed(lapsed, mic_user):
    lapses = lapsed[2]
    lapses.refresh_from_db()
    specialist_withdraw(specialist=lapses, expected_version=lapses.edit_link_version)
    mic = _signed_in(mic_user)

    html = mic.get(ENTRIES).content.decode()
    unconfirmed = mic.get(ENTRIES, {"reconfirmation": "unconfirmed"})
    row = SpecialistReconfirmationRound.objects.with_report(
        entry_field="specialist", closed=CLOSED
    ).get()

    assert "未確認・期限" not in html
    assert list(unconfirmed.context["cl"].result_list) == []
    assert (row.sent, row.unconfirmed, row.closed) == (2, 0, 1)


def test_the_migration_dates_existing_entries_by_registration_or_own_last_edit():
    migration = importlib.import_module("talent.migrations.0003_reconfirmation")
    with time_machine.travel(REGISTERED, tick=False) as clock:
        untouched = make_specialist(name="登録 のみ", email="only@example.jp")
        edited = make_specialist(name="変更 した", email="edited@example.jp")
        clock.move_to(ROUND)
        edited.name_kana = "へんこう した"
        edited._change_reason = "本人による変更"
        edited.save()
        clock.shift(timedelta(days=10))
        edited._change_reason = "状態を「確認済」に変更"  # 総務省's move: not the person's
        edited.save()
    Specialist.objects.update(last_confirmed_at=ROUND + timedelta(days=99))

    migration.confirmed_when_registered_or_edited(apps, None)

    untouched.refresh_from_db()
    edited.refresh_from_db()
    assert untouched.last_confirmed_at == REGISTERED
    assert edited.last_confirmed_at == ROUND


def test_an_unconfirmed_person_cannot_be_marked_hired_until_confirmed(lapsed):
    _, _, lapses, _ = lapsed
    staff = make_prefecture_user("pref-hokkaido", "01")

    with pytest.raises(HireError, match="年次確認に回答がなく「未確認」のため"):
        specialist_mark_hired(specialist=lapses, by=staff)
    specialist_reconfirmation_answer(specialist=lapses, answer="unchanged")

    assert specialist_mark_hired(specialist=lapses, by=staff).hired_by_id == "01"
