"""Matching a need against 10,000 companies and 10,000 people, on SQLite by default.

    .venv/bin/python bench/matching.py [count]

Target: the need page (counts per criterion, both ranked lists, page 1) answers in under 300 ms
with a constant number of queries. Prints the page's time and queries, and the matching alone.
"""

import random
import sys
from datetime import date

from common import django_setup, fill_registrations, timed


def fill_people(count, *, seed=2):
    """`count` listed people choosing 北海道 or 全国, with styles, starts and specialties."""
    from django.utils import timezone

    from talent.models import Specialist, Specialty, email_key, name_key

    rng = random.Random(seed)
    specialties = list(Specialty.objects.values_list("pk", flat=True))
    now = timezone.now()
    people = []
    for index in range(count):
        name, email = f"ベンチ 太郎{index:05d}", f"person{index}@example.jp"
        people.append(
            Specialist(
                receipt_number=f"JR-2026-{index + 1:06d}",
                status=Specialist.Status.LISTED,
                name=name,
                name_kana="べんち たろう",
                name_key=name_key(name),
                email=email,
                email_key=email_key(email),
                desires_anywhere=index % 2 == 0,
                style_fixed_term=rng.random() < 0.5,
                style_part_time=rng.random() < 0.5,
                style_on_request=rng.random() < 0.2,
                available_now=index % 3 == 0,
                available_from=None if index % 3 == 0 else date(2027, rng.randint(1, 12), 1),
                situation="job_seeking",
                self_pr="ベンチマーク用のデータです。",
                privacy_notice_version="bench",
                privacy_consented_at=now,
                created_at=now,
            )
        )
    Specialist.objects.bulk_create(people, batch_size=500)
    ids = list(Specialist.objects.order_by("pk").values_list("pk", flat=True))
    through = Specialist.specialties.through
    through.objects.bulk_create(
        [
            through(specialist_id=pk, specialty_id=code)
            for pk in ids
            for code in rng.sample(specialties, 2)
        ],
        batch_size=2000,
    )
    chosen = Specialist.desired_prefectures.through
    chosen.objects.bulk_create(
        [chosen(specialist_id=pk, prefecture_id="01") for pk in ids[1::2]], batch_size=2000
    )


def main(count):
    django_setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from matching import criteria
    from portal.roles import roles_apply
    from registry.models import Registration
    from tests.factories import login_verified, make_need, make_prefecture_user

    fill_registrations(count)
    Registration.objects.update(status=Registration.Status.CONFIRMED)
    fill_people(count)
    roles_apply()
    user = make_prefecture_user("bench-matching", "01")
    need = make_need("01", by=user, specialties=["security", "ai_rpa"])
    client = Client()
    login_verified(client, user)
    url = f"/matching/needs/{need.pk}/"

    def matching_alone():
        companies, people = criteria.company_pool(need), criteria.people_pool(need)
        found = [
            criteria.counts(companies, criteria.company_criteria(need)),
            criteria.counts(people, criteria.people_criteria(need)),
        ]
        ranked = [
            list(
                criteria.ranked(
                    companies, criteria.company_criteria(need), need=need, target="registration"
                )[:30]
            ),
            list(
                criteria.ranked(
                    people, criteria.people_criteria(need), need=need, target="specialist"
                )[:30]
            ),
        ]
        return found, ranked

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Read the count now: the next request clears the query log the capture points into.
    query_count = len(queries)
    assert response.status_code == 200, response.status_code
    page_seconds, _ = timed(lambda: client.get(url), repeat=7)
    alone_seconds, (found, _) = timed(matching_alone, repeat=7)
    print(
        f"{count} companies and {count} people: need page {page_seconds * 1000:.0f} ms "
        f"({query_count} queries); matching alone {alone_seconds * 1000:.0f} ms; "
        f"companies matching {found[0].matching}/{found[0].total}, people {found[1].matching}/{found[1].total}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
