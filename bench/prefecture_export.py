"""Prefecture Excel export and list page with 10,000 registrations, every multi-choice answered.

    .venv/bin/python bench/prefecture_export.py [count]

Targets: export ≤ 10 queries, ≤ 3 s and ≤ 200 MB peak on SQLite on the project's machine; the list
page a constant number of queries and under 0.3 s. Also prints the ratio to writing the same cells
with openpyxl alone, which is the floor.
"""

import io
import resource
import sys
import time
import tracemalloc

from common import django_setup, fill_registrations, timed


def _naive(value):
    return value.replace(tzinfo=None) if hasattr(value, "tzinfo") else value


def main(count):
    django_setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from openpyxl import Workbook

    from portal.roles import roles_apply
    from registry.exports import _layout, _row, export_rows, headers
    from registry.models import Registration
    from tests.factories import login_verified, make_prefecture_user

    fill_registrations(count)
    Registration.objects.update(status=Registration.Status.CONFIRMED)
    roles_apply()
    client = Client()
    login_verified(client, make_prefecture_user("bench-pref", "01"))

    url = "/prefecture/companies.xlsx"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    export_queries = len(queries.captured_queries)
    export_seconds, _ = timed(lambda: client.get(url), repeat=3)
    tracemalloc.start()  # slows Python down, so it gets a run of its own
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    layout = _layout()
    rows = [
        [_naive(value) for value in _row(*pair, layout)]
        for pair in export_rows(Registration.objects.for_prefecture_staff("01"))
    ]
    start = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("floor")
    sheet.append(headers())
    for row in rows:
        sheet.append(row)
    workbook.save(io.BytesIO())
    floor_seconds = time.perf_counter() - start

    print(
        f"export: {len(rows)} rows, {export_seconds:.2f} s, {export_queries} queries, "
        f"peak Python memory {peak / 2**20:.0f} MB, process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print(
        f"openpyxl alone writing the same cells: {floor_seconds:.2f} s (export / floor = {export_seconds / floor_seconds:.1f}x)"
    )

    for label, query in [
        ("list page", ""),
        ("list page, filtered", "?work_style=work_part_time&order=company&page=3"),
    ]:
        seconds, _ = timed(lambda q=query: client.get("/prefecture/companies/" + q))
        with CaptureQueriesContext(connection) as list_queries:
            client.get("/prefecture/companies/" + query)
        print(f"{label}: {seconds * 1000:.0f} ms, {len(list_queries.captured_queries)} queries")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
