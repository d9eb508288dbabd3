import os
import shutil
import tempfile

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings

from tests.smtp_sink import smtp_sink  # noqa: F401 - a fixture for every test: mail on loopback

# Property tests check what holds, not how fast: on a loaded CI machine Hypothesis' timing checks
# would fail a correct test.
settings.register_profile("portal", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("portal")


@pytest.fixture
def csrf_client():
    """A client that enforces CSRF like a browser would meet it."""
    return Client(enforce_csrf_checks=True)


def pytest_terminal_summary(terminalreporter):
    """Say how many browser tests ran, so a run that skipped them all is visible."""
    counts = {}
    for outcome, reports in terminalreporter.stats.items():
        for report in reports:
            # "deselected" holds test items, not reports: they have no phase.
            if "browser" in getattr(report, "keywords", {}) and (
                getattr(report, "when", None) == "call" or outcome in ("skipped", "error")
            ):
                counts[outcome] = counts.get(outcome, 0) + 1
    summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items()))
    terminalreporter.write_line(f"browser tests: {summary or 'none collected'}")


@pytest.fixture
def mic_user(db):
    from portal.roles import MIC_GROUP, roles_apply
    from tests.factories import make_user

    roles_apply()
    return make_user("mic", groups=[MIC_GROUP])


@pytest.fixture
def mic_client(client, mic_user):
    from tests.factories import login_verified

    login_verified(client, mic_user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture
def clients(mic_user):
    """One signed-in client per row of the access matrix (北海道 is A, 青森県 is B)."""
    from tests.factories import login_verified, make_prefecture_user

    def logged_in(user):
        client = Client()
        if user:
            login_verified(client, user)
        return client

    return {
        "anonymous": logged_in(None),
        "prefecture_a": logged_in(make_prefecture_user("pref-a", "01")),
        "prefecture_b": logged_in(make_prefecture_user("pref-b", "02")),
        "mic": logged_in(mic_user),
    }


@pytest.fixture(scope="session", autouse=True)
def _private_temp_folder():
    """Temporary files go to a folder of this run's own, so a test that leaves one is caught even
    while other programs on the machine use /tmp."""
    folder = tempfile.mkdtemp(prefix="portal-tests-")
    previous, tempfile.tempdir = tempfile.tempdir, folder
    yield folder
    tempfile.tempdir = previous
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _no_temporary_file_is_left(_private_temp_folder):
    yield
    # pytest's own tmp_path folders live there too, and pytest removes them itself.
    left = [name for name in os.listdir(_private_temp_folder) if not name.startswith("pytest-of-")]
    assert left == [], f"temporary files left behind: {left}"
