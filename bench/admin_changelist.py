"""Admin registration changelist with 10,000 registrations: render time and query count.

    .venv/bin/python bench/admin_changelist.py [count]

Target: under 0.5 s on SQLite on the project's 2-core machine, a constant number of queries.
"""

import sys

from common import django_setup, fill_registrations, timed


def main(count):
    django_setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.factories import login_verified

    fill_registrations(count)
    client = Client()
    login_verified(client, User.objects.create_superuser("bench", password="bench-only"))
    url = "/admin/registry/registration/"
    for label, query in [
        ("first page", ""),
        ("filtered (東京都, 非常勤)", "?dispatch_to=13&work_style=work_part_time"),
        ("duplicates filter", "?duplicate=yes"),
    ]:
        client.get(url + query)  # warm caches
        seconds, response = timed(lambda q=query: client.get(url + q))
        with CaptureQueriesContext(connection) as queries:
            client.get(url + query)
        assert response.status_code == 200
        print(
            f"{label:28s} {seconds * 1000:7.1f} ms  {len(queries.captured_queries)} queries  ({count} registrations, {connection.vendor})"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
