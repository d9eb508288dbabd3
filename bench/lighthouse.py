"""Lighthouse scores of the public pages, on a phone and on a desktop, against gunicorn with the
production settings (DEBUG off, so WhiteNoise serves the compressed, hashed static files).

    .venv/bin/python bench/lighthouse.py [--runs 3] [PATH ...]

Uses Debian's Chromium and Lighthouse from npm (installed into /tmp/lighthouse when missing).
The demo data (setup_demo) goes into a throwaway SQLite database, since the pages measured read
little from it; the static files are collected into a temporary
directory; the server listens on a free loopback port and is stopped afterwards. Prints a Markdown table of the median of `--runs` runs per page and form factor (Lighthouse's
own advice, as single runs move with the machine's load). Not run in CI.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from server import PYTHON, ROOT, gunicorn, production_env

PAGES = ["/", "/register/", "/companies/", "/talent/register/"]
FORM_FACTORS = {"mobile": [], "desktop": ["--preset=desktop"]}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE_PREFIX = Path(os.environ.get("LIGHTHOUSE_PREFIX", "/tmp/lighthouse"))
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"


def lighthouse():
    binary = LIGHTHOUSE_PREFIX / "node_modules/.bin/lighthouse"
    if not binary.exists():
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(LIGHTHOUSE_PREFIX), "lighthouse"],
            check=True,
        )
    return binary


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scores(binary, url, flags, attempts=5):
    """The four category scores (0-100) of one Lighthouse run, and the report for a closer look.

    A run that fails is tried again, up to five times in all: Chromium not answering in time on a
    busy machine, or Lighthouse's intermittent NO_NAVSTART (its trace missed the navigation),
    which seen here failed two runs in a row now and then.
    """
    for attempt in range(1, attempts + 1):
        run = subprocess.run(
            [str(binary), url, *flags, "--output=json", "--output-path=stdout", "--quiet",
             f"--chrome-flags={CHROME_FLAGS}"],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        if run.returncode == 0:
            break
        print(
            f"{url}: Lighthouse failed ({attempt}/{attempts}): {run.stderr[-500:]}", file=sys.stderr
        )
    run.check_returncode()
    report = json.loads(run.stdout)
    return [round(report["categories"][name]["score"] * 100) for name in CATEGORIES], report


def main(paths, runs):
    binary = lighthouse()
    port = free_port()
    with tempfile.TemporaryDirectory() as work:
        env = production_env(
            "unused",
            port,
            DATABASE_URL=f"sqlite:///{work}/db.sqlite3",
            STATIC_ROOT=f"{work}/static",
            GUNICORN_WORKERS="2",
        )
        for command in (["collectstatic", "--noinput"], ["setup_demo", "--force"]):
            subprocess.run(
                [PYTHON, "manage.py", *command, "-v0"],
                cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        reports = Path(tempfile.gettempdir()) / "lighthouse-reports"
        reports.mkdir(exist_ok=True)
        print("| ページ | 端末 | Performance | Accessibility | Best Practices | SEO |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        with gunicorn(env, port) as base:
            for path in paths:
                for form_factor, flags in FORM_FACTORS.items():
                    results = [scores(binary, base + path, flags) for _ in range(runs)]
                    name = path.strip("/").replace("/", "-") or "home"
                    for number, (_, report) in enumerate(results, 1):
                        report_path = reports / f"{name}-{form_factor}-{number}.json"
                        report_path.write_text(json.dumps(report))
                    medians = [
                        statistics.median(column)
                        for column in zip(*(v for v, _ in results), strict=True)
                    ]
                    cells = " | ".join(f"{value:g}" for value in medians)
                    print(f"| `{path}` | {form_factor} | {cells} |", flush=True)
        print(f"\nReports: {reports}/", file=sys.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=PAGES)
    parser.add_argument("--runs", type=int, default=1)
    arguments = parser.parse_args()
    main(arguments.paths, arguments.runs)
