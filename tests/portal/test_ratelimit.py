from datetime import UTC, datetime

import time_machine

from portal.ratelimit import rate_limited

LIMIT = {"scope": "test", "key": "192.0.2.1", "limit": 3, "window_seconds": 3600}


def test_a_burst_across_a_clock_hour_is_still_one_burst():
    with time_machine.travel(datetime(2026, 11, 28, 9, 59, 58, tzinfo=UTC), tick=False) as clock:
        before_the_hour = [rate_limited(**LIMIT) for _ in range(3)]
        clock.move_to(datetime(2026, 11, 28, 10, 0, 2, tzinfo=UTC))
        after_the_hour = rate_limited(**LIMIT)

    assert before_the_hour == [False, False, False]
    assert after_the_hour is True


def test_the_window_ends_window_seconds_after_the_first_attempt():
    with time_machine.travel(datetime(2026, 11, 28, 9, 30, tzinfo=UTC), tick=False) as clock:
        for _ in range(4):
            rate_limited(**LIMIT)
        clock.shift(3599)
        still_limited = rate_limited(**LIMIT)
        clock.shift(2)
        allowed_again = rate_limited(**LIMIT)

    assert still_limited is True
    assert allowed_again is False


def test_keys_and_scopes_are_counted_apart():
    for _ in range(4):
        rate_limited(**LIMIT)

    assert rate_limited(**{**LIMIT, "key": "192.0.2.2"}) is False
    assert rate_limited(**{**LIMIT, "scope": "other"}) is False
