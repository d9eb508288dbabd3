"""The dashboard map's stepped scale: counts told apart, a legend in words, readable colours."""

from itertools import pairwise

import pytest
from django.urls import reverse

from accelerators.dashboard import STEPS, map_step, step_label
from tests.factories import make_appointed


def _luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one, other):
    """The WCAG 2 contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted([_luminance(one), _luminance(other)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    ("count", "label"),
    [
        (0, "0名"),
        (1, "1名"),
        (2, "2名"),
        (3, "3～4名"),
        (4, "3～4名"),
        (5, "5～9名"),
        (9, "5～9名"),
        (10, "10名以上（目標達成）"),
        (57, "10名以上（目標達成）"),
    ],
)
def test_each_count_falls_in_one_step_of_the_scale(count, label):
    assert step_label(map_step(count)) == label


def test_one_two_and_three_appointed_look_different():
    fills = [map_step(count).fill for count in (0, 1, 2, 3, 5, 10)]

    assert len(set(fills)) == len(fills) == len(STEPS)


def test_the_text_on_every_step_is_readable():
    for step in STEPS:
        assert _contrast(step.text, step.fill) >= 4.5, step


def test_neighbouring_steps_are_far_enough_apart_to_tell():
    for lower, higher in pairwise(STEPS):
        assert _contrast(lower.fill, higher.fill) >= 1.5, (lower, higher)
    assert [step.minimum for step in STEPS] == sorted({step.minimum for step in STEPS})


@pytest.mark.django_db
def test_the_dashboard_shades_one_and_two_differently_and_says_so(clients):
    make_appointed("01")
    make_appointed("13")
    make_appointed("13")

    response = clients["mic"].get(reverse("accelerators:dashboard"))
    html = response.content.decode()
    rows = {row["prefecture"].code: row for row in response.context["rows"]}

    assert rows["01"]["step"] != rows["13"]["step"] != rows["02"]["step"]
    assert f'fill="{map_step(1).fill}"' in html and f'fill="{map_step(2).fill}"' in html
    for label in ["0名", "1名", "2名", "3～4名", "5～9名", "10名以上（目標達成）"]:
        assert f"</svg> {label}</li>" in html
