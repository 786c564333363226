"""Fixed-window counters on the cache, shared by every web process and counted atomically.

One counter per scope, identity and window, on Django's cache API: an INCR on Redis (the first hit
of a window creates the counter with SET NX and its expiry), a locked increment in the in-process
cache of the embedded default, the same code for both. A window is `now // window_seconds`, so
Retry-After is the time left in the current window, and the count starts at zero in the next.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import re
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from redis.exceptions import RedisError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# DRF's `N/period` (`10/minute`), and `N/<k><unit>` for longer windows (`10/15m`).
RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*([1-9]\d*)?\s*([smhd])[a-z]*\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds


def parse_rate(text: str) -> Rate:
    match = RATE_PATTERN.match(text or "")
    if match is None:
        raise ImproperlyConfigured(f"A rate looks like '10/minute' or '10/15m', not {text!r}")
    limit, multiple, unit = match.groups()
    return Rate(limit=int(limit), window=int(multiple or 1) * _UNITS[unit.lower()])


@dataclass(frozen=True)
class Decision:
    scope: str
    allowed: bool
    limit: int
    remaining: int
    reset: int  # whole seconds until the window ends, at least 1
    window: int


class LimiterUnavailable(Exception):
    """The shared counters cannot be reached."""


def _key(scope: str, identity: str, window_index: int) -> str:
    # Hashed: identities are emails and addresses, which do not belong in cache keys.
    digest = hashlib.sha256(identity.encode()).hexdigest()[:24]
    return f"rl:{scope}:{digest}:{window_index}"


def _increment(key: str, amount: int, ttl: int) -> int:
    try:
        try:
            return cache.incr(key, amount)
        except ValueError:  # the window's first hit: there is no counter yet
            if cache.add(key, amount, timeout=ttl):
                return amount
            return cache.incr(key, amount)  # another process created it meanwhile
    except (RedisError, OSError) as error:
        raise LimiterUnavailable from error


def hit(scope: str, identity: str, rate: Rate, *, now: float | None = None) -> Decision:
    """Count one request against `rate`; the decision says whether it is within the limit."""
    now = time.time() if now is None else now
    window_index = int(now // rate.window)
    count = _increment(_key(scope, identity, window_index), 1, ttl=rate.window + 1)
    return Decision(
        scope=scope,
        allowed=count <= rate.limit,
        limit=rate.limit,
        remaining=max(0, rate.limit - count),
        reset=max(1, math.ceil((window_index + 1) * rate.window - now)),
        window=rate.window,
    )


def address_identity(address: str | None) -> str:
    """An IPv4 address as it is; an IPv6 address by its /64, which one host usually owns whole."""
    if not address:
        return "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
