"""A small fixed-window counter in the cache, for sign-in and survey-link throttling.

Counts only failures (a wrong password, an invalid link), so a whole office
behind one address can still sign in and answer; guessing is what gets slowed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies, the address
    the outermost of them saw (the entries before it can be forged)."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if chain:
            return chain[-min(hops, len(chain))]
    return request.META.get("REMOTE_ADDR", "unknown")


def _key(scope: str, subject: str) -> str:
    return f"throttle:{scope}:{subject}"


def is_blocked(scope: str, subject: str, *, limit: int) -> bool:
    return (cache.get(_key(scope, subject)) or 0) >= limit


def record_failure(scope: str, subject: str, *, window: int) -> int:
    key = _key(scope, subject)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def reset(scope: str, subject: str) -> None:
    cache.delete(_key(scope, subject))
