"""Who counts as 任命 (serving) on a day: Nomination.objects.serving_on, used by every count."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accelerators.dashboard import prefecture_rows, staff_in_fiscal_year
from accelerators.models import Nomination
from tests.factories import login_verified, make_appointed, make_nomination

pytestmark = pytest.mark.django_db


def _serving(day):
    return set(Nomination.objects.serving_on(day).values_list("name", flat=True))


def test_serving_on_a_day_counts_a_retirement_up_to_and_including_its_last_day():
    day = date(2026, 3, 31)
    make_appointed(name="任命中", appointment_date=date(2025, 4, 1))
    make_appointed(name="当日退任", appointment_date=date(2025, 4, 1), end_date=day)
    make_appointed(name="前日退任", appointment_date=date(2025, 4, 1), end_date=day - timedelta(1))
    make_appointed(name="当日任命", appointment_date=day)
    make_appointed(name="翌日任命", appointment_date=day + timedelta(1))
    make_nomination(name="下書き")

    assert _serving(day) == {"任命中", "当日退任", "当日任命"}


def test_serving_between_counts_anyone_serving_on_any_day_of_the_span():
    make_appointed(
        name="年度途中で退任", appointment_date=date(2024, 4, 1), end_date=date(2025, 9, 30)
    )
    make_appointed(
        name="前年度に退任", appointment_date=date(2024, 4, 1), end_date=date(2025, 3, 31)
    )

    names = Nomination.objects.serving_between(date(2025, 4, 1), date(2026, 3, 31))

    assert set(names.values_list("name", flat=True)) == {"年度途中で退任"}
    assert len(staff_in_fiscal_year(2025)) == 1


@pytest.fixture
def scheduled():
    """Appointed last year, retirement recorded for a day still to come."""
    today = timezone.localdate()
    return make_appointed(
        "01",
        name="退任予定の人",
        employment_type="part_time",
        appointment_date=today - timedelta(days=365),
        end_date=today + timedelta(days=10),
    )


def test_the_dashboard_counts_a_scheduled_retirement_as_appointed(mic_client, scheduled):
    today = timezone.localdate()
    make_appointed(
        "01",
        name="退任済み",
        appointment_date=today - timedelta(400),
        end_date=today - timedelta(1),
    )

    response = mic_client.get(reverse("accelerators:dashboard"))
    rows = {row["prefecture"].code: row for row in response.context["rows"]}

    assert rows["01"]["appointed"] == 1
    assert response.context["appointed_total"] == 1
    assert dict(response.context["by_type"])["非常勤職員"] == 1
    assert "任命状況 1名（1都道府県）" in response.content.decode()


def test_a_retirement_counts_until_its_day_and_not_after(scheduled):
    end = scheduled.end_date

    assert {row["prefecture"].code: row["appointed"] for row in prefecture_rows(today=end)}[
        "01"
    ] == 1
    after = prefecture_rows(today=end + timedelta(days=1))
    assert {row["prefecture"].code: row["appointed"] for row in after}["01"] == 0


def test_list_and_detail_pages_show_a_scheduled_retirement(client, scheduled):
    from tests.factories import make_prefecture_user

    login_verified(client, make_prefecture_user("pref-01", "01"))

    listing = client.get(reverse("accelerators:list")).content.decode()
    detail = client.get(reverse("accelerators:detail", args=[scheduled.pk])).content.decode()

    assert "退任予定" in listing and f"{scheduled.end_date:%Y/%m/%d}まで任命中" in listing
    assert "退任予定" in detail and "その日までは任命中として数えます" in detail


def test_a_past_retirement_is_shown_as_retired(client):
    from tests.factories import make_prefecture_user

    today = timezone.localdate()
    retired = make_appointed(appointment_date=today - timedelta(400), end_date=today - timedelta(1))
    login_verified(client, make_prefecture_user("pref-01", "01"))

    detail = client.get(reverse("accelerators:detail", args=[retired.pk])).content.decode()

    assert "退任予定" not in detail
    assert '<span class="badge status-retired" id="nomination-status">退任</span>' in detail
