"""The demo (`manage.py setup_demo`) shows the import, reconfirmation and retention features."""

from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command

from accelerators.bulk import APPOINTMENT_IMPORT
from accelerators.models import Nomination
from matching.models import Approach, ApproachMail
from portal.imports import pending_import_confirm, pending_import_create
from portal.links import personal_links_masked
from portal.models import RetentionRun
from portal.retention import entries_retention_due
from registry.models import Registration
from registry.reconfirmation import reconfirmation_due
from registry.retention import RETENTION
from talent.models import Specialist
from talent.reconfirmation import RECONFIRMATION as TALENT_RECONFIRMATION
from talent.retention import RETENTION as TALENT_RETENTION

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def demo():
    with time_machine.travel(datetime(2026, 11, 29, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))):
        call_command("setup_demo", force=True, stdout=StringIO())
        yield


def test_the_demo_has_registrations_to_reconfirm_unconfirmed_and_to_erase(demo):
    due = set(reconfirmation_due().values_list("company_name", flat=True))

    assert due == {"株式会社おおぞらシステム", "株式会社みなとデジタル"}
    assert list(Registration.objects.unconfirmed().values_list("company_name", flat=True)) == [
        "株式会社みなとデジタル"
    ]
    assert not Registration.objects.for_public().filter(company_name="株式会社みなとデジタル")
    assert [r.company_name for r in entries_retention_due(retention=RETENTION)] == [
        "旧協力テスト株式会社"
    ]


def test_the_demo_has_talent_entries_to_reconfirm_and_one_unconfirmed(demo):
    due = set(TALENT_RECONFIRMATION.due().values_list("name", flat=True))

    assert due == {"山口 湊", "松本 美咲"}
    assert [s.name for s in Specialist.objects.unconfirmed()] == ["松本 美咲"]
    assert not Specialist.objects.for_prefecture_staff("01").filter(name="松本 美咲")


def test_the_sample_appointments_file_loads_on_top_of_the_demo(demo):
    mic = User.objects.get(username="mic")
    before = Nomination.objects.serving_on(datetime(2026, 11, 29).date()).count()
    pending = pending_import_create(
        importer=APPOINTMENT_IMPORT,
        user=mic,
        file_name="existing_appointments.xlsx",
        content=(FIXTURES / "existing_appointments.xlsx").read_bytes(),
    )

    log = pending_import_confirm(importer=APPOINTMENT_IMPORT, pk=pending.pk, user=mic, include=[])

    assert log.imported_count == 60
    assert Nomination.objects.serving_on(datetime(2026, 11, 29).date()).count() == before + 60
    allocated = Nomination.objects.filter(source="bulk", appointment_number__startswith="DXA-2026")
    # The demo already used DXA-2026-0911 to 0915: the counter carries on after them.
    assert min(allocated.values_list("appointment_number", flat=True)) == "DXA-2026-0916"


def test_the_demo_shows_erasure_a_duplicate_and_a_withdrawn_recipient(demo):
    due = entries_retention_due(retention=TALENT_RETENTION)

    assert [(s.receipt_number, s.get_status_display()) for s in due] == [("JR-2026-000028", "重複")]
    withdrawn = Approach.objects.filter(specialist__status="withdrawn").get()
    assert withdrawn.recipient_name == "取下げ済み"
    assert RetentionRun.objects.count() == 2
    mails = ApproachMail.objects.filter(kind=ApproachMail.Kind.APPROACH)
    assert mails.count() == 3 and all("/reply/" in mail.body for mail in mails)
    assert not any("/reply/" in personal_links_masked(mail.body) for mail in mails)
    assert {mail.shown_to for mail in mails} >= {"取下げ済み"}


def test_the_demo_draws_two_years_of_appointments_on_the_dashboard(demo):
    from django.test import Client
    from django.urls import reverse

    from portal.models import DailyFigure
    from tests.factories import login_verified

    days = DailyFigure.objects.order_by("day").values_list("day", flat=True)
    assert str(days.first()) == "2024-12-01" and str(days.last()) == "2026-11-28"
    client = Client()
    login_verified(client, User.objects.get(username="mic"))
    history = client.get(reverse("accelerators:dashboard")).context["history"]
    months = history["months"]
    assert len(months) == 24
    assert 0 < months[0].bulk < months[6].bulk < months[-1].bulk == 45  # loaded in bulk
    assert months[16].portal == 0 and months[-1].portal == 10  # nominated in the portal
    assert months[-1].reached >= 1  # 東京都 and 大阪府 were given 10 or more
