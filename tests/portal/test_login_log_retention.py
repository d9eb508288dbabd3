"""Sign-in records (user name, IP address, browser) are kept LOGIN_LOG_RETENTION_DAYS, then the
daily retention run deletes them and records how many."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessLog
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.models import RetentionRun
from tests.factories import make_user

pytestmark = pytest.mark.django_db
FIRST = datetime(2025, 4, 1, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def _sign_in(username):
    response = Client().post(
        reverse("portal:login"), {"username": username, "password": "pass-for-tests-only"}
    )
    assert response.status_code == 302


def test_sign_in_records_older_than_the_retention_period_are_deleted(settings):
    settings.LOGIN_LOG_RETENTION_DAYS = 365
    with time_machine.travel(FIRST, tick=False) as clock:
        make_user("old-visit")
        make_user("recent-visit")
        _sign_in("old-visit")
        clock.shift(timedelta(days=200))
        _sign_in("recent-visit")
        clock.shift(timedelta(days=166))  # the first is 366 days old, the second 166
        out = StringIO()

        call_command("erase_expired_personal_data", stdout=out)

    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent-visit"]
    assert RetentionRun.objects.get().login_logs == 1
    assert "365日を過ぎたログインの記録: 1件" in out.getvalue()


def test_nothing_is_deleted_within_the_period(settings):
    settings.LOGIN_LOG_RETENTION_DAYS = 365
    with time_machine.travel(FIRST, tick=False) as clock:
        make_user("visit")
        _sign_in("visit")
        clock.shift(timedelta(days=364))

        call_command("erase_expired_personal_data", stdout=StringIO())

    assert AccessLog.objects.count() == 1
    assert RetentionRun.objects.get().login_logs == 0
