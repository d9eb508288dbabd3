"""The dashboard with its charts and its Excel report over 5 years of daily snapshots: 47
prefectures, 500 appointments, 10,000 打診, in a fresh PostgreSQL database.

    createdb -h 127.0.0.1 -U postgres bench_reporting
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reporting .venv/bin/python bench/reporting.py

Targets: the dashboard page (`/accelerators/dashboard/`, charts and tables) under 150 ms and the
Excel report (`/accelerators/dashboard/report.xlsx`) under 2 s, each with a constant number of
queries (tests/accelerators/test_dashboard_history.py checks that in the suite). Also prints the
time `manage.py take_snapshots` takes to fill the 5 years (47 × 10 figures a day).
"""

import os
import random
import sys
from datetime import timedelta

from common import django_setup, fill_registrations, timed

YEARS = 5
APPOINTMENTS = 500
APPROACHES = 10_000
NEEDS = 500


def fill(*, seed=7):
    from django.utils import timezone

    from accelerators.models import Nomination
    from matching.models import Approach, Need
    from portal.models import Prefecture
    from registry.models import Registration
    from tests.factories import make_user

    rng = random.Random(seed)
    today = timezone.localdate()
    first = today - timedelta(days=365 * YEARS)
    span = (today - first).days
    codes = list(Prefecture.objects.values_list("code", flat=True))
    nominations = []
    for index in range(APPOINTMENTS):
        appointed = first + timedelta(days=int(span * (index / APPOINTMENTS) ** 0.8))
        retired = rng.random() < 0.1
        nominations.append(
            Nomination(
                prefecture_id=rng.choice(codes),
                status=Nomination.Status.RETIRED if retired else Nomination.Status.APPOINTED,
                name=f"ベンチ 任命{index:04d}",
                name_kana="べんち にんめい",
                employment_type=Nomination.EmploymentType.PERMANENT,
                start_date=appointed,
                appointment_date=appointed,
                appointment_number=f"DXA-B-{index:05d}",
                end_date=appointed + timedelta(days=300) if retired else None,
                end_reason="任期満了" if retired else "",
                source=Nomination.Source.BULK if index < APPOINTMENTS * 0.4 else "portal",
            )
        )
    Nomination.objects.bulk_create(nominations, batch_size=500)

    fill_registrations(1000)
    companies = list(Registration.objects.values_list("pk", flat=True))
    staff = make_user("bench-sender")
    now = timezone.now()
    needs = Need.objects.bulk_create(
        [
            Need(
                prefecture_id=rng.choice(codes),
                status=Need.Status.OPEN,
                title=f"ベンチの募集{index}",
                duties="ベンチマーク用",
                wants_fixed_term=True,
                period="1_to_3_years",
                headcount=2,
                start_month=today.replace(day=1),
                department="デジタル推進課",
                contact="ベンチ",
                created_by=staff,
                opened_at=now - timedelta(days=rng.randint(30, span)),
            )
            for index in range(NEEDS)
        ]
    )
    approaches = []
    per_need = APPROACHES // NEEDS
    for need in needs:
        for company in rng.sample(companies, per_need):
            sent = need.opened_at + timedelta(days=rng.randint(0, 25))
            replied = rng.random() < 0.5
            hired = replied and rng.random() < 0.1
            approaches.append(
                Approach(
                    need=need,
                    registration_id=company,
                    sent_by=staff,
                    sent_at=sent,
                    response="interested" if replied else "",
                    responded_at=sent + timedelta(days=3) if replied else None,
                    outcome="hired" if hired else "contacting",
                    hired_at=sent + timedelta(days=20) if hired else None,
                    seconded_count=1 if hired else None,
                )
            )
    Approach.objects.bulk_create(approaches, batch_size=1000)


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL=postgres://… (a fresh database) is needed: see the docstring.")
    django_setup()
    from django.db import connection
    from django.test import Client

    from portal.models import DailyFigure
    from portal.roles import MIC_GROUP, roles_apply
    from portal.snapshots import snapshots_take
    from tests.factories import login_verified, make_user

    if DailyFigure.objects.exists():
        sys.exit("The database already holds snapshots: give a fresh one.")
    fill()
    fill_seconds, result = timed(snapshots_take, repeat=1)
    print(
        f"take_snapshots, {YEARS} years: {result.days} days, {result.rows} rows, {fill_seconds:.1f} s"
    )
    again_seconds, _ = timed(snapshots_take, repeat=1)
    print(f"take_snapshots again (nothing missing): {again_seconds:.2f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    roles_apply()
    client = Client()
    login_verified(client, make_user("bench-mic", groups=[MIC_GROUP]))
    for name, url, target in [
        ("dashboard", "/accelerators/dashboard/", 0.150),
        ("Excel report", "/accelerators/dashboard/report.xlsx", 2.0),
    ]:
        client.get(url)
        # Counted by a wrapper: each request closes the connection (CONN_MAX_AGE 0), which
        # empties the query log that CaptureQueriesContext reads.
        queries: list[str] = []

        def counted(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            assert client.get(url).status_code == 200
        seconds, _ = timed(lambda url=url: client.get(url), repeat=7)
        verdict = "ok" if seconds < target else "OVER TARGET"
        print(
            f"{name}: {seconds * 1000:.0f} ms median of 7, {len(queries)} queries "
            f"(target < {target * 1000:.0f} ms: {verdict})"
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
