"""The targets for appointed 自治体DXアクセラレータ: the one place the figures are written.

The progress dashboard (accelerators.dashboard) and the funnel from need to appointment
(matching.funnel) both measure against them; they live in portal so that neither app has to
import the other to agree on them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Targets:
    national: int  # accelerators appointed nationwide
    per_prefecture: int  # accelerators appointed in each prefecture (at least)
    # The fiscal year (April to March, named by the year it starts) by which they are due;
    # None while no year is set.
    fiscal_year: int | None = None


TARGETS = Targets(national=500, per_prefecture=10)
