"""The review workspace's queues with 10,000 entries of each kind waiting: page time and queries.

    .venv/bin/python bench/review_queue.py [count]

Makes a fresh PostgreSQL database of its own (BENCH_DATABASE, default portal_bench_review),
fills it with `count` registrations and `count` talent entries, all 受付 (a few hundred sharing a
name, so the duplicate check finds some), and renders /staff/review/<kind>/ as 総務省 (first
page, a later page, one prefecture, a name search) and one record page. Target: under 150 ms a
page, the same number of queries whatever the count.
"""

import os
import random
import sys

from common import django_setup, fill_registrations, timed
from server import recreate_database

DATABASE = os.environ.get("BENCH_DATABASE", "portal_bench_review")


def fill_specialists(count, *, seed=2):
    """Insert `count` talent entries (受付), each with three desired prefectures."""
    from django.utils import timezone

    from talent.models import Specialist, email_key, name_key

    rng = random.Random(seed)
    now = timezone.now()
    rows = []
    for index in range(count):
        name = f"ベンチ　{index % (count - 300) if count > 300 else index:05d}"
        email = f"talent{index}@example.jp"
        rows.append(
            Specialist(
                receipt_number=f"JR-2026-{index + 1:06d}",
                name=name,
                name_kana="べんち",
                name_key=name_key(name),
                email=email,
                email_key=email_key(email),
                residence_id=f"{rng.randint(1, 47):02d}",
                style_fixed_term=True,
                available_now=True,
                privacy_notice_version="bench",
                privacy_consented_at=now,
                created_at=now - timezone.timedelta(minutes=count - index),
            )
        )
    Specialist.objects.bulk_create(rows, batch_size=1000)
    through = Specialist.desired_prefectures.through
    ids = Specialist.objects.values_list("pk", flat=True)
    through.objects.bulk_create(
        [
            through(specialist_id=pk, prefecture_id=f"{code:02d}")
            for pk in ids
            for code in rng.sample(range(1, 48), 3)
        ],
        batch_size=5000,
    )


def main(count):
    recreate_database(DATABASE)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    django_setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from registry.models import Registration
    from tests.factories import login_verified

    ids = fill_registrations(count)
    Registration.objects.filter(pk__in=ids).update(status=Registration.Status.RECEIVED)
    fill_specialists(count)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    login_verified(client, User.objects.create_superuser("bench", password="bench-only"))
    middle = Registration.objects.order_by("pk")[count // 2]
    pages = [
        ("companies, first page", "/staff/review/companies/"),
        ("companies, page 100", "/staff/review/companies/?page=100"),
        ("companies, 東京都", "/staff/review/companies/?prefecture=13"),
        ("companies, name search", "/staff/review/companies/?name=ベンチ0012"),
        ("people, first page", "/staff/review/people/"),
        ("people, page 100", "/staff/review/people/?page=100"),
        ("people, 北海道", "/staff/review/people/?prefecture=01"),
        ("people, name search", "/staff/review/people/?name=ベンチ 0012"),
        ("a company's record", f"/staff/review/companies/{middle.pk}/"),
    ]
    for label, url in pages:
        client.get(url)  # warm caches
        seconds, response = timed(lambda u=url: client.get(u))
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label:24s} {seconds * 1000:7.1f} ms  {len(queries.captured_queries):3d} queries"
            f"  ({count} of each kind, {connection.vendor})"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
