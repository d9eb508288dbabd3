"""The daily digest for 47 prefectures × 5 staff + 20 総務省 staff after 10,000 events in a day,
on SQLite by default (DATABASE_URL=postgres://… for PostgreSQL).

    .venv/bin/python bench/digests.py [events] [runs]

Target: building and queueing every digest (`manage.py send_digests`, portal.notifications)
takes under 5 s, with a constant number of queries per digest. The mails are queued on the
database task backend, as in production (one job row per mail), and not sent. Each run starts
from no digests at all; prints the median time, the digests, the queries per run and per digest.
"""

import random
import sys
import time

from common import django_setup

PREFECTURE_STAFF = 5
MIC_STAFF = 20


def fill(events, *, seed=3):
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from portal.models import Prefecture, PrefectureMembership, StaffEvent
    from portal.roles import MIC_GROUP, roles_apply

    roles_apply()
    mic = Group.objects.get(name=MIC_GROUP)
    codes = list(Prefecture.objects.values_list("code", flat=True))
    users = User.objects.bulk_create(
        [User(username=f"mic{n}", email=f"mic{n}@example.go.jp") for n in range(MIC_STAFF)]
        + [
            User(username=f"p{code}-{n}", email=f"p{code}-{n}@example.go.jp")
            for code in codes
            for n in range(PREFECTURE_STAFF)
        ]
    )
    mic.user_set.add(*users[:MIC_STAFF])
    PrefectureMembership.objects.bulk_create(
        PrefectureMembership(user=user, prefecture_id=user.username[1:3])
        for user in users[MIC_STAFF:]
    )
    rng = random.Random(seed)
    now = timezone.now()
    kinds = [
        ("registry.listed", False),
        ("talent.listed", False),
        ("accelerators.decided", False),
        ("matching.reply", False),  # replies go at once by default: only opted-in ones count
        ("registry.new", True),
        ("talent.new", True),
        ("accelerators.submitted", True),
    ]
    rows = []
    for index in range(events):
        kind, for_mic = rng.choice(kinds)
        code = rng.choice(codes)
        rows.append(
            StaffEvent(
                kind=kind,
                occurred_at=now,
                audience="mic" if for_mic else code,
                prefecture_id=code,
                about_model="bench.entry",
                about_pk=str(index),
                office="総務省" if for_mic else "ベンチ県",
                title=f"株式会社ベンチ{index:05d}（受付番号 KR-2026-{index:06d}）",
                details="",
                link=f"/admin/registry/registration/{index}/change/",
            )
        )
    StaffEvent.objects.bulk_create(rows, batch_size=1000)
    return len(users)


def one_run():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.models import Digest, StaffMail
    from portal.notifications import digests_send

    StaffMail.objects.filter(digest__isnull=False).delete()
    Digest.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        run = digests_send()
        elapsed = time.perf_counter() - start
    return elapsed, run.sent, len(queries)


def main():
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    django_setup()
    from django.conf import settings
    from django.test.utils import override_settings

    from portal.models import StaffMail

    # The database queue, as in production (a job row per mail, nothing sent); any hour is the
    # digest's hour.
    database_queue = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    override_settings(TASKS=database_queue, DIGEST_HOUR=0).enable()
    users = fill(events)
    results = [one_run() for _ in range(runs)]
    times = sorted(elapsed for elapsed, _, _ in results)
    _, sent, queries = results[-1]
    print(f"events: {events}, staff: {users}, database: {settings.DATABASES['default']['ENGINE']}")
    print(f"digests built and queued: {sent} (each run)")
    print(
        f"time per run: {', '.join(f'{t:.2f}' for t in times)} s (median {times[len(times) // 2]:.2f} s)"
    )
    print(f"queries per run: {queries}; per digest: {queries / max(sent, 1):.2f}")
    bodies = StaffMail.objects.filter(digest__isnull=False).values_list("body", flat=True)
    print(f"longest digest: {max(map(len, bodies))} characters")


if __name__ == "__main__":
    main()
