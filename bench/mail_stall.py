"""A mail server that accepts connections and never answers, while people register.

    .venv/bin/python bench/mail_stall.py [registrations] [clients]     (also run by fault_tests.py)

Two portals side by side, each its own gunicorn, database and `manage.py db_worker` (production
settings, PostgreSQL, loopback, free ports), and clients that register on both in turn so the
machine's other load falls on both alike:
1. normal: mail works (file backend), the worker sends it;
2. stalled: SMTP goes to a server that accepts and never says a word (EMAIL_TIMEOUT=30).
Then, for contrast, mail sent inside the request as it used to be (TASK_BACKEND=immediate,
EMAIL_TIMEOUT=3, a few registrations only).
Prints p50/p99 of the submission step (POST /register/confirm/, which stores and queues the
mail) and of the whole flow. The target: stalled p99 ≤ 1.5 × normal p99.
"""

import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from client import ANSWERS, Browser
from server import PYTHON, ROOT, portal

sys.path.insert(0, str(ROOT))
from tests.smtp import HangingSMTPServer


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_registration(base, name):
    """(seconds for the submission step, seconds for the whole flow, receipt number)."""
    browser = Browser(base, timeout=120)
    began = time.monotonic()
    *_, html = browser.request("/register/")
    answers = [("csrfmiddlewaretoken", browser.csrf(html)), ("company_name", name)]
    answers += [("email", f"{abs(hash(name))}@example.jp"), *ANSWERS]
    *_, html = browser.request("/register/", answers)
    submitted = time.monotonic()
    draft = re.search(r'name="draft" value="([^"]+)"', html)
    *_, html = browser.request(
        "/register/confirm/",
        [("csrfmiddlewaretoken", browser.csrf(html)), ("draft", draft.group(1) if draft else "")],
    )
    done = time.monotonic()
    stored = 'id="receipt-number"' in html
    return done - submitted, done - began, stored


@contextmanager
def server(label, *, worker, **extra):
    """A portal (gunicorn, fresh database) and, with `worker`, its `db_worker`; stopped after."""
    port = free_port()
    database = f"portal_mail_stall_{label}"
    with portal(database, port=port, REGISTRATIONS_PER_CLIENT_PER_HOUR="1000000", **extra) as (
        base,
        env,
    ):
        process = None
        if worker:
            process = subprocess.Popen(
                [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        try:
            for n in range(3):  # warm-up: code imported, connections open
                timed_registration(base, f"準備{label}{n}")
            yield base
        finally:
            if process:
                process.kill()
                process.wait(timeout=10)


def measure(bases, total, clients):
    """Each client registers on every server in turn (order rotating), so that the machine's
    other load falls on all of them alike; {label: [(submit, flow, stored), ...]}."""
    results, lock = {label: [] for label in bases}, threading.Lock()
    labels = list(bases)

    def client(index):
        for n in range(index, total, clients):
            for label in labels[n % len(labels) :] + labels[: n % len(labels)]:
                outcome = timed_registration(bases[label], f"{label}{n}株式会社")
                with lock:
                    results[label].append(outcome)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def report(label, results):
    submit = [r[0] * 1000 for r in results]
    flow = [r[1] * 1000 for r in results]
    figures = {
        "registrations": len(results),
        "stored": sum(1 for r in results if r[2]),
        "submit_p50": statistics.median(submit),
        "submit_p99": percentile(submit, 0.99),
        "flow_p99": percentile(flow, 0.99),
    }
    print(
        f"{label:<30} {figures['registrations']:>4} registrations ({figures['stored']} stored); "
        f"submission p50 {figures['submit_p50']:.0f} ms, p99 {figures['submit_p99']:.0f} ms; "
        f"whole flow p99 {figures['flow_p99']:.0f} ms"
    )
    return figures


def mail_stall(total=200, clients=8):
    print("== Mail server stalled (accepts, never answers) ==")
    hanging = HangingSMTPServer()
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(hanging.port),
    }
    try:
        with (
            tempfile.TemporaryDirectory() as outbox,
            server(
                "normal",
                worker=True,
                TASK_BACKEND="database",
                EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                EMAIL_FILE_PATH=outbox,
            ) as normal_base,
            server(
                "stalled", worker=True, TASK_BACKEND="database", EMAIL_TIMEOUT="30", **smtp
            ) as stalled_base,
        ):
            results = measure({"normal": normal_base, "stalled": stalled_base}, total, clients)
            mails_written = len(list(Path(outbox).iterdir()))
            stuck = len(hanging.held)
        normal = report("normal (queue, mail works)", results["normal"])
        stalled = report("stalled (queue)", results["stalled"])
        print(
            f"mails written by the normal worker: {mails_written}; stalled SMTP connections: {stuck}"
        )
        with server(
            "inline", worker=False, TASK_BACKEND="immediate", EMAIL_TIMEOUT="3", **smtp
        ) as inline_base:
            report(
                "stalled, mail in the request", measure({"x": inline_base}, clients, clients)["x"]
            )
    finally:
        hanging.close()
    ratio = stalled["submit_p99"] / normal["submit_p99"]
    print(f"submission p99 stalled / normal: {ratio:.2f} (target ≤ 1.5)")
    ok = ratio <= 1.5 and stalled["stored"] == stalled["registrations"]
    print("RESULT:", "OK" if ok else "FAILED")
    return ok


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:3]]
    sys.exit(0 if mail_stall(*arguments) else 1)
