"""Load test: 500 registrations from 50 concurrent clients against gunicorn + PostgreSQL.

    .venv/bin/python bench/load_registrations.py [registrations] [clients]

Every request goes to 127.0.0.1 only, with a timeout, and the run stops by itself. Checks: no
5xx, every submission completed, as many stored registrations and queued receipt mails as
submissions, every receipt number unique; prints each step's median and p99 (入力, 入力 → 確認,
確認 → 完了, redirects included). Mail goes to Django's dummy backend (bench/server.py): the
outbox row is written, nothing leaves the machine. Then compares the throughput of the form page
with trivial Django views on the same server (wrk). Target: ≥ 40 registrations/s.
"""

import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg2
from client import Browser
from server import PG, portal

DATABASE = "portal_load"


def wrk(url, seconds=10, connections=20):
    if shutil.which("wrk") is None:
        return None
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main(total, clients):
    with portal(
        DATABASE,
        REGISTRATIONS_PER_CLIENT_PER_HOUR="1000000",  # every client here shares 127.0.0.1
    ) as (base, _):
        browsers = [Browser(base) for _ in range(total)]
        started, client_cpu = time.monotonic(), time.process_time()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            results = list(
                pool.map(lambda n: browsers[n].register(f"負荷試験株式会社{n:04d}"), range(total))
            )
        elapsed = time.monotonic() - started
        client_cpu = time.process_time() - client_cpu

        statuses = [status for result_statuses, _ in results for status in result_statuses]
        receipts = [receipt for _, receipt in results if receipt]
        connection = psycopg2.connect(dbname=DATABASE, **PG)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), count(DISTINCT receipt_number) FROM registry_registration"
            )
            stored, distinct = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM registry_outgoingmail WHERE kind = 'receipt'")
            (receipts_queued,) = cursor.fetchone()
        connection.close()
        server_errors = sum(1 for status in statuses if status >= 500)

        print(
            f"submissions: {total} by {clients} concurrent clients in {elapsed:.1f} s ({total / elapsed:.1f} registrations/s)"
        )
        print(
            f"HTTP requests: {len(statuses)}, 5xx: {server_errors}, other non-2xx: {sum(1 for s in statuses if 300 <= s < 500)}"
        )
        print(
            f"completed: {len(receipts)}, stored: {stored}, distinct receipt numbers: {distinct}, unique in responses: {len(set(receipts))}"
        )
        print(f"receipt mails in the outbox: {receipts_queued}")
        # The clients run on the same cores as the server: what they use, the server cannot.
        print(
            f"load generator CPU: {client_cpu:.1f} s in {elapsed:.1f} s "
            f"({client_cpu / elapsed:.2f} of a core)"
        )
        steps = {}
        for browser in browsers:
            for step, seconds in browser.timings:
                steps.setdefault(step, []).append(seconds)
        for step, times in steps.items():
            times.sort()
            print(
                f"step {step}: {len(times)} requests, median {times[len(times) // 2] * 1000:.0f} ms, "
                f"p99 {times[int(len(times) * 0.99) - 1] * 1000:.0f} ms"
            )
        ok = server_errors == 0 and total == len(receipts) == len(set(receipts)) == distinct
        ok = ok and stored == receipts_queued == total
        print("RESULT:", "OK" if ok else "FAILED")

        rates = {
            name: wrk(base + path)
            for name, path in [
                ("trivial view /healthz", "/healthz"),
                ("static page /privacy/", "/privacy/"),
                ("form page /register/", "/register/"),
            ]
        }
        if None in rates.values():
            print("throughput: install wrk (apt-get install wrk) to measure it")
        else:
            for name, rate in rates.items():
                print(f"throughput {name}: {rate:.0f} req/s")
            form = rates["form page /register/"]
            print(
                f"form page / trivial view: {form / rates['trivial view /healthz']:.2f}; "
                f"form page / static page: {form / rates['static page /privacy/']:.2f}"
            )
        return 0 if ok else 1


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:3]]
    sys.exit(main(*(arguments + [500, 50][len(arguments) :])))
