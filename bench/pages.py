"""Every public page against /healthz on one gunicorn with production settings, in one run.

    .venv/bin/python bench/pages.py [seconds per page and round] [connections]

Loads 1,000 published companies (and 200 more under review, and 10 talent entries) into a
PostgreSQL database of its own (BENCH_DATABASE, default portal_bench_pages), starts gunicorn on a
free loopback port with config/gunicorn.conf.py, checks each page answers 200, then runs wrk on
every page in turn, three rounds, and prints req/s (mean of the rounds), p99 (median of the
rounds) and the ratio to /healthz. The target is ≥ 0.5 for every page. A run takes about 1.5
minutes; everything is stopped afterwards.
"""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

from server import ROOT, free_port, gunicorn, prepared

DATABASE = os.environ.get("BENCH_DATABASE", "portal_bench_pages")
PUBLISHED = 1_000
ROUNDS = 3
PAGES = [
    ("/healthz", "the floor: one SELECT 1"),
    ("/", "front page"),
    ("/register/", "company form"),
    ("/companies/", f"public list, {PUBLISHED} companies"),
    ("/companies/?prefecture=13", "public list, 東京都"),
    ("/companies/?page=7", "public list, page 7"),
    ("/privacy/", "privacy notice"),
    ("/talent/register/", "talent form"),
    ("/talent/privacy/", "talent privacy notice"),
]


def load_data(env):
    """1,000 published companies, 200 under review, 10 talent entries, in the bench database."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from common import fill_registrations

    from registry.models import Registration
    from tests.factories import make_specialist

    ids = fill_registrations(PUBLISHED + 200)
    Registration.objects.filter(pk__in=ids[:PUBLISHED]).update(status=Registration.Status.PUBLISHED)
    Registration.objects.filter(pk__in=ids[PUBLISHED:]).update(status=Registration.Status.CONFIRMED)
    for index in range(10):
        make_specialist(email=f"talent{index}@example.jp", status="listed" if index % 2 else None)


def wrk(url, seconds, connections):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, float(p99.group(1)) * scale, int(errors.group(1)) if errors else 0


def main(seconds, connections):
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk")
        return 1
    port = free_port()
    started = time.monotonic()
    env = prepared(DATABASE, port)
    load_data(env)
    print(
        f"data: {PUBLISHED} published companies in {DATABASE} ({time.monotonic() - started:.0f} s)"
    )
    with gunicorn(env, port) as base:
        for path, _ in PAGES:
            with urllib.request.urlopen(base + path, timeout=10) as response:
                assert response.status == 200, (path, response.status)
            wrk(base + path, 1, connections)  # warm the caches and the connections
        # Rounds of every page in turn, so that a machine busy with something else for a while
        # slows every page alike rather than one of them.
        print(
            f"gunicorn: config/gunicorn.conf.py defaults; wrk {connections} connections, "
            f"{ROUNDS} rounds of {seconds} s a page"
        )
        results = {path: [] for path, _ in PAGES}
        for _ in range(ROUNDS):
            for path, _ in PAGES:
                results[path].append(wrk(base + path, seconds, connections))
    print(f"{'page':<28}{'req/s':>8}{'p99 ms':>9}{'ratio':>7}")
    floor = sum(rate for rate, _, _ in results["/healthz"]) / ROUNDS
    worst = None
    for path, label in PAGES:
        rate = sum(rate for rate, _, _ in results[path]) / ROUNDS
        p99 = sorted(p99 for _, p99, _ in results[path])[ROUNDS // 2]
        errors = sum(errors for _, _, errors in results[path])
        ratio = rate / floor
        if path != "/healthz":
            worst = ratio if worst is None else min(worst, ratio)
        flag = f"  {errors} non-2xx!" if errors else ""
        print(f"{path:<28}{rate:>8.0f}{p99:>9.1f}{ratio:>7.2f}  {label}{flag}")
    print(f"lowest ratio: {worst:.2f} (target ≥ 0.5); run took {time.monotonic() - started:.0f} s")
    return 0 if worst >= 0.5 else 1


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:3]]
    sys.exit(main(*(arguments + [2, 16][len(arguments) :])))
