"""Shared set-up for the bench scripts: a throw-away SQLite database filled in bulk."""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_setup():
    """Point Django at a fresh SQLite file (unless DATABASE_URL is given) and migrate it."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill_registrations(count, *, seed=1):
    """Insert `count` registrations with every multi-choice question answered."""
    from django.utils import timezone

    from portal.models import Prefecture
    from registry.duplicates import company_name_key, email_key
    from registry.models import Registration
    from registry.questions import FLAG_ANSWERS

    rng = random.Random(seed)
    codes = list(Prefecture.objects.values_list("code", flat=True))
    statuses = list(Registration.Status.values)
    now = timezone.now()
    rows = []
    for index in range(count):
        name = f"株式会社ベンチ{index:05d}"
        email = f"bench{index}@example.jp"
        registration = Registration(
            receipt_number=f"KR-2026-{index + 1:06d}",
            status=rng.choice(statuses[:3]),
            company_name=name,
            company_name_key=company_name_key(name),
            department="DX推進部",
            contact_name="試験　太郎",
            contact_name_kana="しけん　たろう",
            email=email,
            email_key=email_key(email),
            phone=f"03{5000_0000 + index:08d}",  # distinct numbers, as real ones are
            secondment="yes",
            dispatch_undecided=True,
            retiree_outreach="possible",
            scheme_other_text="独自制度",
            scheme_support_record="A市を支援",
            website=f"https://bench{index}.example.jp/",
            message="ベンチマーク用のデータです。",
            privacy_notice_version="bench",
            privacy_consented_at=now,
            created_at=now,
        )
        for options in FLAG_ANSWERS.values():
            for option in options:
                setattr(registration, option.value, option.value != "dispatch_nationwide")
        registration.dispatch_undecided = True
        registration.keys_update()  # as saving would: the duplicate keys, the phone as shown
        rows.append(registration)
    Registration.objects.bulk_create(rows, batch_size=500)
    ids = list(Registration.objects.order_by("pk").values_list("pk", flat=True))
    for relation in (Registration.base_prefectures, Registration.dispatch_prefectures):
        through = relation.through
        links = [
            through(registration_id=pk, prefecture_id=code)
            for pk in ids
            for code in rng.sample(codes, 3)
        ]
        through.objects.bulk_create(links, batch_size=2000)
    return ids


def timed(function, repeat=5):
    """Median wall time of `repeat` calls, in seconds, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2], result
