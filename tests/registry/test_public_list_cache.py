"""The public list is kept whole (portal.page_cache) and its HTML per version (registry.public_list):
whatever path changes what it shows, the next anonymous visitor sees the change.

Each test fills the "pages" cache with /companies/ and a prefecture's page, writes through one
path, and reads both pages again as a new visitor without a session. No path calls anything to
say the list changed: the database's triggers (registry migration 0023) raise the version.
"""

import re
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import Prefecture
from portal.retention import entries_erase, retention_apply
from registry import workflow
from registry.company_edits import (
    registration_company_update,
    registration_company_withdraw,
    registration_retiree_info_send,
)
from registry.models import PublicListVersion, Registration
from registry.public_list import public_list_version
from registry.reconfirmation import reconfirmation_answer, reconfirmation_round_start
from registry.retention import RETENTION
from registry.submission import registration_build, registrations_insert
from tests.factories import (
    make_answers,
    make_registration,
    prefectures,
    reviewed,
    submit_edit,
    submit_registration,
)
from tests.registry.import_helpers import VALID_ROW, answers_xlsx, confirm, previewed

pytestmark = pytest.mark.django_db
COMPANIES = reverse("registry:companies")
ROW = re.compile(
    r'<th scope="row">([^<]+)</th>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>'
    r'\s*<td[^>]*><a href="([^"]*)"'
)


def _rows(**params):
    """(name, 協力方法, 出向可能地域, URL) of each row, as a new visitor without a session sees them."""
    response = Client().get(COMPANIES, params)
    assert response.status_code == 200
    return ROW.findall(response.content.decode())


def _names(**params):
    return [row[0] for row in _rows(**params)]


def _shown():
    """The whole list and 神奈川県's page (the make_answers default reaches 東京都 and 神奈川県)."""
    return {"all": _rows(), "14": _rows(prefecture="14")}


def _kept():
    """Read both pages twice, so that both are surely in the cache before the write."""
    _shown()
    return _shown()


def _listed(name, **answers):
    return reviewed(
        make_registration(company_name=name, email=f"{uuid.uuid4().hex[:8]}@example.jp", **answers),
        publish=True,
    )


def _change_url(registration):
    return reverse("admin:registry_registration_change", args=[registration.pk])


def _change_post(registration, **changes):
    """The admin's change form as it opens for this registration, with `changes` applied."""
    from registry.answers import registration_form_initial

    data = {
        **registration_form_initial(registration),
        "company_name_kana": registration.company_name_kana,
        "opened_version": registration.updated_at.isoformat(),
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "mails-TOTAL_FORMS": "0",
        "mails-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- the admin -------------------------------------------------------------------------------


def test_a_staff_edit_in_the_admin_shows_at_once(mic_client):
    registration = _listed("管理編集前株式会社")
    assert _kept()["all"][0][0] == "管理編集前株式会社"

    response = mic_client.post(
        _change_url(registration),
        _change_post(registration, company_name="管理編集後株式会社", dispatch_prefectures=["13"]),
    )

    assert response.status_code == 302
    assert _names() == ["管理編集後株式会社"]
    assert _names(prefecture="14") == []


def test_publishing_from_the_admin_shows_the_company_at_once(mic_client):
    change_page = reviewed(make_registration(company_name="管理掲載株式会社"))
    action = reviewed(make_registration(company_name="一括掲載株式会社", email="b@example.jp"))
    assert _kept() == {"all": [], "14": []}

    mic_client.post(_change_url(change_page), _change_post(change_page, next_status="published"))
    assert _names() == ["管理掲載株式会社"]
    assert _names(prefecture="14") == ["管理掲載株式会社"]

    mic_client.post(
        reverse("admin:registry_registration_changelist"),
        {"action": "publish_selected", "_selected_action": [action.pk]},
    )
    assert sorted(_names()) == ["一括掲載株式会社", "管理掲載株式会社"]
    assert sorted(_names(prefecture="14")) == ["一括掲載株式会社", "管理掲載株式会社"]


def test_unpublishing_from_the_admin_removes_the_company_at_once(mic_client):
    kept = _listed("残す株式会社")
    registration = _listed("重複株式会社")
    assert sorted(name for name, *_ in _kept()["14"]) == ["残す株式会社", "重複株式会社"]

    response = mic_client.post(
        _change_url(registration),
        _change_post(
            registration, next_status="duplicate", kept_receipt_number=kept.receipt_number
        ),
    )

    assert response.status_code == 302
    assert _names() == ["残す株式会社"]
    assert _names(prefecture="14") == ["残す株式会社"]


# --- the company, through its edit link ----------------------------------------------------


def test_a_company_edit_through_its_link_shows_at_once(client, django_capture_on_commit_callbacks):
    registration = _listed("旧名株式会社")
    assert _kept()["14"][0][0] == "旧名株式会社"

    submit_edit(
        client,
        registration,
        django_capture_on_commit_callbacks,
        company_name="新名株式会社",
        dispatch_prefectures=["13"],
        retiree_outreach="difficult",
    )

    assert _rows() == [("新名株式会社", "出向", "東京都", "https://example.co.jp/public-sector")]
    assert _names(prefecture="14") == []


def test_a_company_edit_through_the_service_shows_at_once():
    registration = _listed("旧名株式会社")
    _kept()

    registration_company_update(
        registration=registration,
        answers=make_answers(company_name="新名株式会社", dispatch_prefectures=[]),
        expected_version=registration.edit_link_version,
    )

    assert _names() == ["新名株式会社"]
    assert _names(prefecture="14") == []


def test_withdrawing_through_the_link_removes_the_company_at_once(client):
    from tests.factories import edit_token

    registration = _listed("取下げ株式会社")
    assert _kept()["all"][0][0] == "取下げ株式会社"

    withdraw = reverse("registry:withdraw", args=[edit_token(registration)])
    client.post(withdraw, {"reason": "", "confirm": "on"})

    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.WITHDRAWN

    assert _shown() == {"all": [], "14": []}


def test_withdrawing_through_the_service_removes_the_company_at_once():
    registration = _listed("取下げ株式会社")
    _kept()

    registration_company_withdraw(
        registration=registration, reason="", expected_version=registration.edit_link_version
    )

    assert _shown() == {"all": [], "14": []}


# --- QuerySet.update() paths -----------------------------------------------------------------


def test_an_update_written_here_shows_at_once():
    """A write no service knows of: QuerySet.update(), which no signal sees, and raw SQL."""
    registration = _listed("更新前株式会社")
    _kept()

    Registration.objects.filter(pk=registration.pk).update(company_name="更新後株式会社")
    assert _names() == ["更新後株式会社"]
    assert _names(prefecture="14") == ["更新後株式会社"]

    through = Registration.dispatch_prefectures.through
    through.objects.filter(registration=registration, prefecture_id="14").delete()
    assert _names(prefecture="14") == []

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Registration._meta.db_table} SET status = %s WHERE id = %s",
            [Registration.Status.WITHDRAWN, registration.pk],
        )
    assert _shown() == {"all": [], "14": []}


def test_a_prefecture_answer_added_alone_shows_at_once():
    registration = _listed("追加株式会社", dispatch_prefectures=prefectures("13"))
    assert _kept()["14"] == []

    registration.dispatch_prefectures.add("14")

    assert _names(prefecture="14") == ["追加株式会社"]
    assert _rows()[0][2] == "東京都 他1"


def test_a_renamed_prefecture_shows_at_once():
    _listed("県名株式会社", dispatch_prefectures=prefectures("14"))
    assert _kept()["all"][0][2] == "神奈川県"

    Prefecture.objects.filter(code="14").update(name="神奈川")

    assert _rows()[0][2] == "神奈川"
    html = Client().get(COMPANIES).content.decode()
    assert '<option value="14">神奈川</option>' in html


def test_a_reconfirmation_answer_brings_an_unconfirmed_company_back_at_once():
    """`.update()` in portal.reconfirmation (the entry is confirmed, its deadline cleared)."""
    registration = _listed("未確認株式会社")
    Registration.objects.filter(pk=registration.pk).update(
        reconfirmation_deadline=timezone.now() - timedelta(days=1)
    )
    assert _kept() == {"all": [], "14": []}

    reconfirmation_answer(registration=registration, answer="unchanged")

    assert _names() == ["未確認株式会社"]
    assert _names(prefecture="14") == ["未確認株式会社"]


def test_a_round_that_sets_a_deadline_is_seen_by_the_kept_list(settings, mic_user):
    """`.update()` in portal.reconfirmation's round start: the kept list's expiry was the next
    deadline before the round; the new, sooner one must count at once."""
    settings.RECONFIRMATION_DEADLINE_DAYS = 0  # the deadline is the moment the round starts
    registration = _listed("期限株式会社")
    Registration.objects.filter(pk=registration.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=400)
    )
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert _kept()["all"][0][0] == "期限株式会社"  # kept for an hour: no deadline yet
        reconfirmation_round_start(by=mic_user)

    with time_machine.travel(start + timedelta(seconds=1), tick=False):
        assert _shown() == {"all": [], "14": []}


def test_a_passed_reconfirmation_deadline_removes_the_company_without_any_write():
    registration = _listed("未確認株式会社")
    deadline = timezone.now() + timedelta(minutes=10)
    # Set behind the workflow's back, as a round started long ago would have.
    Registration.objects.filter(pk=registration.pk).update(reconfirmation_deadline=deadline)
    assert _kept()["all"][0][0] == "未確認株式会社"
    version = public_list_version()

    with time_machine.travel(deadline + timedelta(seconds=1), tick=False):
        assert _shown() == {"all": [], "14": []}
        assert public_list_version() == version  # the kept list's expiry, not a write
        reconfirmation_answer(registration=registration, answer="unchanged")
        assert _names() == ["未確認株式会社"]


def test_the_mail_codes_update_of_a_listed_registration_raises_the_version():
    """registry.company_edits' `.update()` (the retiree details' date) writes no column the list shows, but the version need not
    know which columns those are: every write to a listed row counts."""
    registration = _listed("周知株式会社")
    Registration.objects.filter(pk=registration.pk).update(retiree_info_sent_at=None)
    registration.refresh_from_db()
    _kept()
    version = public_list_version()

    registration_retiree_info_send(registration=registration)

    assert public_list_version() > version
    assert _names() == ["周知株式会社"]


# --- retention and erasure -------------------------------------------------------------------


def test_the_retention_run_and_an_erasure_show_at_once(settings):
    listed = _listed("掲載中株式会社")
    closed = _listed("取下げ済株式会社")
    registration_company_withdraw(
        registration=closed, reason="", expected_version=closed.edit_link_version
    )
    assert _kept()["all"] == [
        (
            "掲載中株式会社",
            "出向・退職者への周知",
            "東京都 他1",
            "https://example.co.jp/public-sector",
        )
    ]

    with time_machine.travel(
        timezone.now() + timedelta(days=settings.REGISTRATION_RETENTION_DAYS + 2)
    ):
        assert retention_apply().part("協力企業・団体の登録")["entries"] == 1
        assert _names() == ["掲載中株式会社"]

        # The erasure's bulk `.update()` of a listed row (were a shown column personal data).
        erasing_urls = replace(
            RETENTION, personal_fields={**RETENTION.personal_fields, "website": "URL"}
        )
        entries_erase(retention=erasing_urls, pks=[listed.pk], now=timezone.now())

        assert [url for *_, url in _rows()] == [""]
        assert [url for *_, url in _rows(prefecture="14")] == [""]


# --- imports -------------------------------------------------------------------------------


def test_an_import_leaves_the_list_and_its_version_alone_and_a_published_bulk_insert_shows(
    mic_client,
):
    _listed("既存株式会社")
    before = _kept()
    version = public_list_version()

    pending, _ = previewed(mic_client, answers_xlsx([VALID_ROW]))
    confirm(mic_client, pending)

    assert Registration.objects.filter(company_name="株式会社取込テスト").exists()  # in 受付
    assert public_list_version() == version
    assert _shown() == before

    # The import's writer with rows that are published at once: bulk_create, no signal.
    answers = make_answers(company_name="一括株式会社", dispatch_prefectures=prefectures("14"))
    registrations_insert(
        registrations=[
            registration_build(
                answers=answers,
                status=Registration.Status.PUBLISHED,
                source=Registration.Source.IMPORT,
                privacy_notice_version="x",
                privacy_consented_at=timezone.now(),
            )
        ],
        answers=[answers],
        reason="一括",
        by=None,
    )

    assert sorted(_names()) == ["一括株式会社", "既存株式会社"]
    assert sorted(_names(prefecture="14")) == ["一括株式会社", "既存株式会社"]


# --- what does not change the list ---------------------------------------------------------


def test_a_new_registration_does_not_touch_the_version(client, django_capture_on_commit_callbacks):
    """Fifty companies registering at once must not queue on the version's row."""
    _listed("既存株式会社")
    version = public_list_version()

    submit_registration(client, django_capture_on_commit_callbacks)
    registration = Registration.objects.get(company_name="株式会社デジタル協力")
    registration.dispatch_prefectures.add("01")
    Registration.objects.filter(pk=registration.pk).update(department="別部署")
    workflow.registration_transition(registration=registration, to="confirmed", by=None)

    assert registration.dispatch_prefectures.count() == 3
    assert public_list_version() == version


def test_an_emptied_version_table_starts_again_at_one():
    PublicListVersion.objects.all().delete()
    assert public_list_version() == 0

    _listed("再開株式会社")

    assert public_list_version() >= 1
    assert _names() == ["再開株式会社"]


# --- the kept pages themselves -------------------------------------------------------------


def test_a_cached_page_costs_one_query(django_assert_max_num_queries):
    _listed("一件株式会社")
    _kept()

    with django_assert_max_num_queries(1):
        response = Client().get(COMPANIES, {"prefecture": "14"})

    assert "一件株式会社" in response.content.decode()
    assert '<option value="14" selected>神奈川県</option>' in response.content.decode()


def test_page_links_carry_only_the_checked_filter(client):
    for index in range(51):
        reviewed(
            make_registration(company_name=f"多数{index:02d}", email=f"n{index}@example.jp"),
            publish=True,
        )

    html = client.get(COMPANIES, {"prefecture": "13", "x": "<script>"}).content.decode()
    odd = client.get(COMPANIES, {"page": "abc"})

    assert 'href="?prefecture=13&amp;page=2"' in html
    assert "script" not in html.split("<main", 1)[1].split("</main>")[0]
    assert odd.status_code == 200
    assert len(_names(page="999")) == 1  # past the end: the last page, as before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_prefecture_answer_written_while_the_company_is_published_counts_after_it():
    """Of a 掲載 not yet committed and a write to the same registration's 出向可能な都道府県 alone,
    the write waits and then sees the registration published (PostgreSQL, real threads)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers and has no row locks; the race needs PostgreSQL")
    import threading

    from django.db import transaction

    from tests.locks import wait_for_lock_waiters

    registration = reviewed(make_registration(company_name="同時株式会社"))
    errors = []

    def answer_added():
        try:
            registration.dispatch_prefectures.add("01")
        except Exception as error:  # every failure in the thread fails the test
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=answer_added)
    with transaction.atomic():
        Registration.objects.filter(pk=registration.pk).update(status="published")
        thread.start()
        wait_for_lock_waiters(1)
        published = public_list_version()
    thread.join(timeout=60)

    assert not thread.is_alive() and errors == []
    assert public_list_version() == published + 1
    assert _names(prefecture="01") == ["同時株式会社"]


# What migration 0023 creates. SQLite drops a table's triggers when a later migration rebuilds the
# table (many AlterFields do): such a migration must run 0023's TRIGGERS again.
EXPECTED_TRIGGERS = {
    "sqlite": {
        f"registry_public_list_{table}_{event}"
        for table in ("registration", "answers", "prefecture")
        for event in ("ins", "upd", "del")
    },
    "postgresql": {
        "registry_public_list_registration_ins",
        "registry_public_list_registration_upd",
        "registry_public_list_registration_del",
        "registry_public_list_answers",
        "registry_public_list_prefecture",
    },
}


def test_every_trigger_of_the_public_list_is_in_the_migrated_database():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}

    missing = EXPECTED_TRIGGERS[connection.vendor] - names
    assert not missing, (
        f"{sorted(missing)} are gone: a migration after registry 0023 rebuilt their table; "
        "add 0023's TRIGGERS to its operations"
    )
