"""The targets for appointed 自治体DXアクセラレータ: the one place they are read.

総務省 edits them in the admin (portal.models.TargetSetting, one row). The progress dashboard
(accelerators.dashboard) and the funnel from need to appointment (matching.funnel) both measure
against them; they live in portal so that neither app has to import the other to agree on them.
"""

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.signals import request_finished, request_started

from .models import TargetSetting


@dataclass(frozen=True)
class Targets:
    national: int  # accelerators appointed nationwide
    per_prefecture: int  # accelerators appointed in each prefecture (at least)
    # The fiscal year (April to March, named by the year it starts) by which they are due.
    fiscal_year: int

    @property
    def due(self) -> date:
        """The last day of the target fiscal year: 31 March of the next calendar year."""
        return date(self.fiscal_year + 1, 3, 31)


# What migration 0009 seeds, and what is read while the row is missing (a database built
# without migrations): reading never writes.
DEFAULT_TARGETS = Targets(national=500, per_prefecture=10, fiscal_year=2027)


class _RequestCache(threading.local):
    """The targets read in the current request (each thread serves one request at a time)."""

    active = False
    targets: Targets | None = None


_cache = _RequestCache()


def _request_begins(**kwargs: Any) -> None:
    _cache.active, _cache.targets = True, None


def _request_ends(**kwargs: Any) -> None:
    _cache.active, _cache.targets = False, None


# Read once per request however many parts of the page show them (the dashboard, the funnel,
# the home panel); outside a request (commands, tests calling functions) every call reads anew,
# so an edit is never missed.
request_started.connect(_request_begins, dispatch_uid="portal.targets.begins")
request_finished.connect(_request_ends, dispatch_uid="portal.targets.ends")


def targets_current() -> Targets:
    """The targets as 総務省 set them: one query per request at most."""
    if _cache.active and _cache.targets is not None:
        return _cache.targets
    targets = _targets_read()
    if _cache.active:
        _cache.targets = targets
    return targets


def _targets_read() -> Targets:
    row = (
        TargetSetting.objects.filter(pk=TargetSetting.SINGLETON_ID)
        .values_list("national", "per_prefecture", "fiscal_year")
        .first()
    )
    if row is None:
        return DEFAULT_TARGETS
    national, per_prefecture, fiscal_year = row
    return Targets(national=national, per_prefecture=per_prefecture, fiscal_year=fiscal_year)
