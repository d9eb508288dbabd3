"""A request counter on Django's cache (Redis in production, memory in development).

Each key's window opens with its first attempt and lasts `window_seconds`, rather than following
the clock's hours: a burst that straddles 10:00 is counted as one burst, not as two half-bursts.

Written here rather than taken from django-ratelimit, whose checks refuse the in-memory and
database caches that the embedded set-up runs on.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def rate_limited(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key`; True once it is over `limit` within the current window."""
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()
    cache_key = f"ratelimit:{scope}:{digest}"
    # add() opens the window; incr() keeps the expiry that add() set (Redis and local memory).
    if cache.add(cache_key, 1, timeout=window_seconds):
        return limit < 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window expired between add() and incr()
        cache.add(cache_key, 1, timeout=window_seconds)
        count = 1
    return count > limit


def client_address(request: HttpRequest) -> str:
    """The client's IP: REMOTE_ADDR, or behind N trusted proxies the address the first one saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
