"""The targets (500 nationwide, 10 per prefecture) are written once, in portal.targets: the
dashboard and the funnel both show whatever it says."""

import pytest
from django.urls import reverse

from portal.targets import TARGETS

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_targets():
    """TARGETS holding other figures for one test (the shared frozen instance, put back after)."""
    kept = {"national": TARGETS.national, "per_prefecture": TARGETS.per_prefecture}
    object.__setattr__(TARGETS, "national", 300)
    object.__setattr__(TARGETS, "per_prefecture", 7)
    yield
    for name, value in kept.items():
        object.__setattr__(TARGETS, name, value)


def test_the_targets_are_500_nationwide_and_10_per_prefecture_with_no_year_yet():
    assert (TARGETS.national, TARGETS.per_prefecture, TARGETS.fiscal_year) == (500, 10, None)


def test_the_dashboard_and_the_funnel_read_the_one_declaration(clients, other_targets):
    dashboard = clients["mic"].get(reverse("accelerators:dashboard")).content.decode()
    funnel = clients["mic"].get(reverse("matching:funnel")).content.decode()
    hokkaido = clients["prefecture_a"].get(reverse("matching:funnel")).content.decode()

    assert "目標 約300名（各都道府県7名以上）" in dashboard
    assert "目標は全国300名（各都道府県7名以上）です。" in funnel
    assert "北海道の目標は7名以上です（全国の目標は300名）。" in hokkaido
