"""Fault tests against gunicorn + PostgreSQL on 127.0.0.1 (run as root on a machine of our own).

    .venv/bin/python bench/fault_tests.py

1. PostgreSQL stops during submissions: people get the Japanese 503 page (never a 500 or a
   stack trace), nothing half-stored, and the service recovers by itself when the database is back.
2. The mail server is down: registrations are stored, mails wait in the outbox, and
   `manage.py resend_mail` delivers them once mail works again.
3. The mail server stalls (accepts, never answers): with the task queue, /register/'s p99 stays
   within 1.5× of normal (bench/mail_stall.py).
Bounded: a few hundred requests, each with a timeout; the database is always restarted.
"""

import glob
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
from client import Browser
from mail_stall import mail_stall
from server import PG, PYTHON, ROOT, portal

CLUSTER = [
    "pg_ctlcluster",
    "--skip-systemctl-redirect",
    Path(glob.glob("/etc/postgresql/*")[0]).name,
    "main",
]


def pg(action):
    subprocess.run([*CLUSTER, action], check=True, capture_output=True, timeout=60)


def query(database, sql):
    connection = psycopg2.connect(dbname=database, **PG)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    connection.close()
    return row


def database_outage():
    database = "portal_fault"
    with portal(database, port=8766, REGISTRATIONS_PER_CLIENT_PER_HOUR="1000000") as (base, _):
        outcomes, stop = [], threading.Event()

        def client_loop(worker):
            n = 0
            while not stop.is_set() and n < 60:
                statuses, receipt = Browser(base, timeout=10).register(f"障害試験{worker}-{n}")
                outcomes.append((statuses, receipt))
                n += 1

        workers = [threading.Thread(target=client_loop, args=(w,)) for w in range(8)]
        for worker in workers:
            worker.start()
        time.sleep(3)
        pg("stop")
        stopped_at = time.monotonic()
        time.sleep(5)
        outage_page = Browser(base, timeout=10).request("/companies/")
        health_down = Browser(base, timeout=10).request("/healthz")[0]
        pg("start")
        recovered = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if Browser(base, timeout=5).request("/healthz")[0] == 200:
                recovered = time.monotonic() - stopped_at
                break
            time.sleep(0.5)
        time.sleep(3)
        stop.set()
        for worker in workers:
            worker.join(timeout=60)
        after = Browser(base).register("復旧後株式会社")

        statuses = [s for result, _ in outcomes for s in result]
        completed = [r for _, r in outcomes if r] + ([after[1]] if after[1] else [])
        stored, numbered = query(
            database, "SELECT count(*), count(receipt_number) FROM registry_registration"
        )
        (orphans,) = query(
            database,
            "SELECT count(*) FROM registry_registration r WHERE r.secondment = 'yes' AND NOT EXISTS "
            "(SELECT 1 FROM registry_registration_base_prefectures b WHERE b.registration_id = r.id)",
        )
        print("== PostgreSQL stopped during submissions ==")
        print(
            f"requests: {len(statuses)}; 503: {statuses.count(503)}; 500: {statuses.count(500)}; other 5xx: {sum(1 for s in statuses if s > 503)}"
        )
        print(
            f"page during the outage: HTTP {outage_page[0]}, Japanese 503 page: {'一時的に利用できません' in outage_page[2]}, no traceback: {'Traceback' not in outage_page[2]}"
        )
        print(
            f"/healthz while down: {health_down}; back to 200 {recovered:.1f} s after the stop"
            if recovered
            else "/healthz never recovered"
        )
        print(
            f"completed: {len(completed)}; stored: {stored}; without receipt number: {stored - numbered}; missing prefectures: {orphans}"
        )
        print(
            f"stored but the reply was lost to the outage: {stored - len(completed)} "
            "(complete registrations; a retry of the same submission is not stored twice)"
        )
        print(f"a registration after recovery: {'OK ' + after[1] if after[1] else 'FAILED'}")
        ok = (
            statuses.count(500) == 0
            and outage_page[0] == 503
            and recovered is not None
            and stored == numbered >= len(completed)
            and orphans == 0
            and after[1]
        )
        print("RESULT:", "OK" if ok else "FAILED")
        return ok


def mail_outage():
    database = "portal_mail_fault"
    with portal(
        database,
        port=8767,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT="9",  # nothing listens: connection refused
        EMAIL_TIMEOUT="2",
    ) as (base, env):
        results = [Browser(base).register(f"メール障害{n}") for n in range(5)]
        completed = [r for _, r in results if r]
        (unsent,) = query(
            database, "SELECT count(*) FROM registry_outgoingmail WHERE sent_at IS NULL"
        )
        (stored,) = query(database, "SELECT count(*) FROM registry_registration")
        with tempfile.TemporaryDirectory() as outbox:
            working = {
                **env,
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": outbox,
            }
            resend = subprocess.run(
                [PYTHON, "manage.py", "resend_mail"],
                cwd=ROOT,
                env=working,
                capture_output=True,
                text=True,
            )
            delivered = len(list(Path(outbox).iterdir()))
        (still_unsent,) = query(
            database, "SELECT count(*) FROM registry_outgoingmail WHERE sent_at IS NULL"
        )
        print("== Mail server down ==")
        print(f"completed: {len(completed)}; stored: {stored}; mails waiting: {unsent}")
        print(
            f"resend_mail once mail works: {resend.stdout.strip()} (files written: {delivered}); still unsent: {still_unsent}"
        )
        ok = len(completed) == stored == 5 and unsent >= 5 and still_unsent == 0
        print("RESULT:", "OK" if ok else "FAILED")
        return ok


if __name__ == "__main__":
    try:
        results = [database_outage(), mail_outage(), mail_stall()]
    finally:
        subprocess.run([*CLUSTER, "start"], capture_output=True)  # never leave PostgreSQL down
    sys.exit(0 if all(results) else 1)
