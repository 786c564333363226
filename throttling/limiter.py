"""Fixed-window counters: one atomic INCR, with its expiry in the same pipeline, per hit.

With Redis the counters are shared by every web process; in embedded mode a dictionary in the
process keeps the same semantics. A window is `now // window_seconds`, so Retry-After is the
time left in the current window, and the count starts again at zero in the next one.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import math
import re
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_redis import get_redis_connection
from redis.exceptions import RedisError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds

    def __str__(self) -> str:
        return f"{self.limit}/{self.window}s"


@functools.lru_cache(maxsize=64)
def parse_rate(text: str) -> Rate:
    """DRF's `N/period` (`10/minute`), and `N/<k><unit>` for longer windows (`10/15m`)."""
    match = _RATE.match(text or "")
    if match is None:
        raise ImproperlyConfigured(f"A rate looks like '10/minute' or '10/15m', not {text!r}")
    limit, multiple, unit = match.groups()
    if multiple and int(multiple) == 0:
        raise ImproperlyConfigured(f"A rate's window cannot be zero: {text!r}")
    return Rate(limit=int(limit), window=int(multiple or 1) * _UNITS[unit.lower()])


@dataclass(frozen=True)
class Decision:
    scope: str
    allowed: bool
    limit: int
    remaining: int
    reset: int  # whole seconds until the window ends, at least 1
    window: int
    window_index: int


class LimiterUnavailable(Exception):
    """The shared counters cannot be reached."""


_local_lock = threading.Lock()
# Embedded mode (no Redis): counters in this process, with the same expiry semantics.
_local_counters: dict[str, tuple[int, float]] = {}
_LOCAL_SWEEP_AT = 10_000


def _uses_redis() -> bool:
    return "django_redis" in settings.CACHES["default"]["BACKEND"]


@functools.lru_cache(maxsize=4096)
def _digest(identity: str) -> str:
    # Hashed: identities are emails and addresses, which do not belong in cache keys.
    return hashlib.sha256(identity.encode()).hexdigest()[:24]


def _key(scope: str, identity: str, window_index: int) -> str:
    return f"rl:{scope}:{_digest(identity)}:{window_index}"


def _increment(key: str, ttl: int, amount: int) -> int:
    if _uses_redis():
        try:
            pipe = get_redis_connection("default").pipeline(transaction=False)
            pipe.incrby(key, amount)
            pipe.expire(key, ttl, nx=True)
            count, _ = pipe.execute()
        except (RedisError, OSError) as error:
            raise LimiterUnavailable from error
        return int(count)
    now = time.monotonic()
    with _local_lock:
        count, expires = _local_counters.get(key, (0, 0.0))
        if expires <= now:
            count, expires = 0, now + ttl
        count += amount
        _local_counters[key] = (count, expires)
        if len(_local_counters) > _LOCAL_SWEEP_AT:
            for stale in [k for k, (_, until) in _local_counters.items() if until <= now]:
                del _local_counters[stale]
        return count


def hit(scope: str, identity: str, rate: Rate, *, now: float | None = None) -> Decision:
    """Count one request against `rate`; the decision says whether it is within the limit."""
    now = time.time() if now is None else now
    window_index = int(now // rate.window)
    count = _increment(_key(scope, identity, window_index), rate.window + 1, 1)
    reset = max(1, math.ceil((window_index + 1) * rate.window - now))
    return Decision(
        scope=scope,
        allowed=count <= rate.limit,
        limit=rate.limit,
        remaining=max(0, rate.limit - count),
        reset=reset,
        window=rate.window,
        window_index=window_index,
    )


def give_back(scope: str, identity: str, rate: Rate, decision: Decision) -> None:
    """Undo the hit that produced `decision`, in its own window (a login that succeeded is not a
    failure); a window that has passed since needs no undoing."""
    _increment(_key(scope, identity, decision.window_index), rate.window + 1, -1)


@functools.lru_cache(maxsize=4096)
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
