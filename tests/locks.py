"""For race tests on PostgreSQL: run calls at once, wait until other connections are blocked on
a lock."""

import threading
import time

from django.db import connection


def wait_for_lock_waiters(count, *, unless=lambda: False, timeout=30.0):
    """Return once `count` other backends of this database wait on a lock (or `unless()` holds,
    e.g. the thread finished without waiting); fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            # Statistics views keep one snapshot per transaction, and the caller holds one open.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] >= count or unless():
                return
        time.sleep(0.05)
    raise AssertionError(f"{count} connection(s) never waited on a lock")


def at_once(call, count):
    """Run `call` in `count` threads, each on its own connection, released together so that their
    statements really overlap; returns (results, errors) for the caller's assertions."""
    start = threading.Barrier(count, timeout=30)
    results, errors = [], []

    def run():
        try:
            connection.ensure_connection()
            start.wait()
            results.append(call())
        except Exception as error:  # reported by the caller's assertions
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
