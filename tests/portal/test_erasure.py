"""Erasure reaches every copy: a marker typed into a person's or a company contact's answers is
found nowhere in the database once their data is erased, whatever app copied it (the 打診's mail
and reply, status changes, history), except in an accelerator nomination, which is the official
record of an appointment and keeps the name it copied.

The search reads every column of every table, through the database's own catalogue: a new table
that keeps a copy fails here without anyone having to name it.
"""

import re
import threading
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from accelerators.models import Nomination
from matching.models import Approach, ApproachMail, Need
from matching.workflow import need_transition
from portal.models import RetentionRun
from portal.retention import ERASED_SUBJECT, retention_apply
from registry import workflow as registry_workflow
from registry.models import OutgoingMail, Registration
from talent import workflow as talent_workflow
from talent.models import Specialist, SpecialistMail
from tests.factories import (
    edit_token,
    make_need,
    make_prefecture_user,
    make_registration,
    make_specialist,
    prefectures,
    reviewed,
)
from tests.factories import edit_token as registration_edit_token

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 4, 1, 10, 0, tzinfo=JST)
# ASCII and lower case: SQLite keeps JSON with \u escapes, and PostgreSQL's LIKE minds case.
MARKER = "zq7xmark"
PHONE = "090-7391-8264"
PHONE_DIGITS = "73918264"
# An accelerator nomination is an official record: it keeps the name it copied (the talent
# privacy notice says so).
NOMINATION_TABLES = {"accelerators_nomination", "accelerators_historicalnomination"}


def tables_holding(text):
    """Every table (but the nomination's) with a column whose text contains `text`."""
    quote = connection.ops.quote_name
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            where = " OR ".join(f"CAST({quote(c)} AS TEXT) LIKE %s" for c in columns)
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(table)} WHERE {where}", [f"%{text}%"] * len(columns)
            )
            count = cursor.fetchone()[0]
            if count:
                found[table] = count
    return found


def _reply(client, mail, message):
    """Answer a 打診 through the link in its mail, as the recipient would."""
    link = re.search(r"https?://[^/\s]+(/reply/[^\s]+/)", mail.body).group(1)
    page = client.post(link, {"response": "not_this_time", "message": message})
    assert page.status_code == 200, page.content.decode()


def _send(client, need, **ids):
    page = client.post(reverse("matching:need-send", args=[need.pk]), ids, follow=True)
    assert "件の打診を送りました" in page.content.decode()


@pytest.fixture
def prefecture_client(client):
    from tests.factories import login_verified

    staff = Client()
    login_verified(staff, make_prefecture_user("pref-erasure", "01"))
    return staff


def _person(**answers):
    return make_specialist(
        **{
            "status": "listed",
            "name": f"山田 {MARKER}",
            "email": f"{MARKER}@example.jp",
            "phone": PHONE,
            "desired_prefectures": ["01"],
            "self_pr": f"{MARKER} の自己PR",
            **answers,
        }
    )


def _company():
    return reviewed(
        make_registration(
            company_name="協力株式会社",
            contact_name=f"担当 {MARKER}",
            email=f"{MARKER}@example.co.jp",
            phone=PHONE.replace("-", ""),  # stored as the form stores it
            message=f"{MARKER} への連絡は午後に",
            dispatch_prefectures=prefectures("01"),
        )
    )


def _reviewed_in_the_admin(mic_client, specialist):
    """総務省 confirms and lists the entry in the admin, which logs it by name (django_admin_log)."""
    for to in ["confirmed", "listed"]:
        page = mic_client.post(
            reverse("admin:talent_specialist_change", args=[specialist.pk]),
            {
                "status_changes-TOTAL_FORMS": "0",
                "status_changes-INITIAL_FORMS": "0",
                "mails-TOTAL_FORMS": "0",
                "mails-INITIAL_FORMS": "0",
                "next_status": to,
            },
        )
        assert page.status_code == 302


def test_a_person_who_erases_their_entry_leaves_no_copy_but_the_nomination(
    mic_client, prefecture_client, django_capture_on_commit_callbacks, mailoutbox
):
    client = Client()  # the person's own browser
    person = _person(status=None)
    _reviewed_in_the_admin(mic_client, person)
    need = make_need("01")
    with django_capture_on_commit_callbacks(execute=True):
        _send(prefecture_client, need, specialists=[person.pk])
    _reply(client, ApproachMail.objects.get(), f"{MARKER} は今回は見送ります")
    hire = prefecture_client.post(
        reverse("talent:staff-hire", args=[person.pk]),
        {"employment_type": "fixed_term", "start_date": "2026-04-01", "term_end": "2028-03-31"},
    )
    assert hire.status_code == 302
    assert set(tables_holding(MARKER)) > {
        "matching_approachmail",
        "matching_approach",
        "django_admin_log",
    }

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("talent:erase", args=[edit_token(person)]), {"confirm": "on"})

    assert page.status_code == 200
    assert "accelerators_nomination" in tables_holding(MARKER)
    assert set(tables_holding(MARKER)) <= NOMINATION_TABLES
    assert not tables_holding(PHONE_DIGITS)
    assert Nomination.objects.get().name == f"山田 {MARKER}"
    approach = Approach.objects.get()
    # Their 今回は見送り recorded 見送り (先方の辞退); both stay for the funnel.
    assert (approach.response, approach.outcome) == ("not_this_time", "declined")
    assert approach.personal_data_erased_at is not None
    # The erasure's own confirmation went to the old address, which was then forgotten.
    assert mailoutbox[-1].to == [f"{MARKER}@example.jp"]


def test_a_withdrawn_person_is_erased_with_every_copy_after_the_retention_period(
    client, prefecture_client, django_capture_on_commit_callbacks, settings
):
    settings.TALENT_RETENTION_DAYS = 365
    with time_machine.travel(START, tick=False) as clock:
        person = _person()
        with django_capture_on_commit_callbacks(execute=True):
            _send(prefecture_client, make_need("01"), specialists=[person.pk])
        _reply(client, ApproachMail.objects.get(), f"{MARKER} より")
        client.post(reverse("talent:withdraw", args=[edit_token(person)]), {"confirm": "on"})
        person.refresh_from_db()
        assert person.status == Specialist.Status.WITHDRAWN

        clock.shift(timedelta(days=364))
        retention_apply()
        assert tables_holding(MARKER)
        clock.shift(timedelta(days=2))
        out = StringIO()
        call_command("erase_expired_personal_data", stdout=out)

    assert tables_holding(MARKER) == {}
    assert not tables_holding(PHONE_DIGITS)
    person.refresh_from_db()
    assert (person.status, person.name) == (Specialist.Status.ERASED, "（消去済）")
    assert person.receipt_number and person.created_at == START
    assert "協力可能人材: 個人情報を消去した1件" in out.getvalue()
    part = RetentionRun.objects.first().part("協力可能人材")
    assert part["receipt_numbers"] == [person.receipt_number]
    # No mail goes to someone who withdrew a year ago.
    assert not SpecialistMail.objects.filter(kind=SpecialistMail.Kind.ERASED).exists()


def test_a_duplicate_person_is_erased_like_a_withdrawn_one(settings):
    settings.TALENT_RETENTION_DAYS = 30
    with time_machine.travel(START, tick=False) as clock:
        person = _person()
        talent_workflow.specialist_transition(specialist=person, to="duplicate", by=None)
        clock.shift(timedelta(days=31))
        run = retention_apply()

    assert run.part("協力可能人材")["entries"] == 1
    assert tables_holding(MARKER) == {}


def test_a_withdrawn_company_contact_is_erased_with_the_replies_and_mails_of_its_approaches(
    client, prefecture_client, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False) as clock:
        company = _company()
        with django_capture_on_commit_callbacks(execute=True):
            _send(prefecture_client, make_need("01"), registrations=[company.pk])
        _reply(client, ApproachMail.objects.get(), f"{MARKER} が担当します")
        client.post(
            reverse("registry:withdraw", args=[registration_edit_token(company)]),
            {"confirm": "on", "reason": f"{MARKER} が退職"},
        )
        company.refresh_from_db()
        assert company.status == Registration.Status.WITHDRAWN

        clock.shift(timedelta(days=366))
        retention_apply()

    assert tables_holding(MARKER) == {}
    assert not tables_holding(PHONE_DIGITS)
    company.refresh_from_db()
    assert company.company_name == "協力株式会社" and company.erased_at


def test_mails_and_replies_go_a_year_after_the_need_closes_while_the_entries_stay(
    client, prefecture_client, django_capture_on_commit_callbacks, settings
):
    settings.MAIL_RETENTION_DAYS = 365
    with time_machine.travel(START, tick=False) as clock:
        person, company = _person(), _company()
        need = make_need("01")
        with django_capture_on_commit_callbacks(execute=True):
            _send(prefecture_client, need, specialists=[person.pk], registrations=[company.pk])
        for mail in ApproachMail.objects.all():
            _reply(client, mail, f"{MARKER} の返答")
        need_transition(need=need, to=Need.Status.CLOSED, by=need.created_by)

        clock.shift(timedelta(days=364))
        retention_apply()
        assert ApproachMail.objects.exclude(to="").count() == 2
        clock.shift(timedelta(days=2))
        run = retention_apply()

    assert run.part("打診")["entries"] == 2
    assert {(m.to, m.subject, m.body) for m in ApproachMail.objects.all()} == {
        ("", ERASED_SUBJECT, "")
    }
    assert set(Approach.objects.values_list("response_message", flat=True)) == {""}
    assert not Approach.history.exclude(response_message="").exists()
    # The entries themselves are open and keep their answers.
    person.refresh_from_db()
    company.refresh_from_db()
    assert person.email == f"{MARKER}@example.jp" and company.email == f"{MARKER}@example.co.jp"
    assert set(tables_holding(MARKER)) >= {"talent_specialist", "registry_registration"}
    assert "matching_approachmail" not in tables_holding(MARKER)


def test_mails_go_earlier_than_the_entry_when_the_mail_period_is_shorter(settings):
    settings.MAIL_RETENTION_DAYS = 90
    settings.TALENT_RETENTION_DAYS = 365
    with time_machine.travel(START, tick=False) as clock:
        person = _person()
        talent_workflow.specialist_transition(specialist=person, to="withdrawn", by=None)
        clock.shift(timedelta(days=91))
        retention_apply()

    person.refresh_from_db()
    assert person.status == Specialist.Status.WITHDRAWN and person.name == f"山田 {MARKER}"
    assert {(m.to, m.body) for m in person.mails.all()} == {("", "")}


def test_a_registrations_own_mails_and_status_comments_go_with_it(settings):
    with time_machine.travel(START, tick=False) as clock:
        company = _company()
        registry_workflow.registration_transition(
            registration=company, to="withdrawn", by=None, comment=f"{MARKER} 様より電話"
        )
        clock.shift(timedelta(days=366))
        retention_apply()

    assert tables_holding(MARKER) == {}
    assert not OutgoingMail.objects.exclude(to="").exists()


def test_the_periods_are_settings_named_in_both_privacy_notices(client, settings):
    settings.REGISTRATION_RETENTION_DAYS = 400
    settings.TALENT_RETENTION_DAYS = 500
    settings.MAIL_RETENTION_DAYS = 200

    registry_page = client.get(reverse("registry:privacy")).content.decode()
    talent_page = client.get(reverse("talent:privacy")).content.decode()

    assert "その日から400日を経過した後" in registry_page
    assert "いずれか早い日から200日を経過した後に消去します" in registry_page
    assert "その日から500日を経過した後、個人情報を消去します" in talent_page
    assert "いずれか早い日から200日を経過した後に消去します" in talent_page
    assert "推薦の記録（氏名、経歴など）は任命の公的な記録として保存し" in talent_page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; the race needs PostgreSQL"
)
def test_two_runs_at_once_erase_each_entry_once():
    with time_machine.travel(START, tick=False) as clock:
        people = [_person(email=f"p{n}{MARKER}@example.jp") for n in range(6)]
        for person in people:
            talent_workflow.specialist_transition(specialist=person, to="withdrawn", by=None)
        clock.shift(timedelta(days=400))
        barrier, runs, errors = threading.Barrier(2), [], []

        def run():
            try:
                barrier.wait()
                runs.append(retention_apply())
            except Exception as error:  # reported below, not lost in the thread
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert not errors
    assert sum(run.part("協力可能人材")["entries"] for run in runs) == len(people)
    assert not Specialist.objects.exclude(status=Specialist.Status.ERASED).exists()
    assert tables_holding(MARKER) == {}
