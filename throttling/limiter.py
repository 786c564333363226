"""Fixed-window counters in Redis, shared by every web process, counted atomically.

`hit` counts one request with one atomic INCR (its expiry in the same pipeline): exact, and what
login attempts use. `take` is what the throttles use: for limits of at least `LEASE_MIN_LIMIT` a
web process takes units from the shared counter in leases (an atomic Lua script), and spends them
locally. A client's first requests in a window are still counted one by one; a process takes
bigger leases only once it has served that client many requests in the window (one unit more
per `LEASE_GROWTH` served, at most `LEASE_MAX_UNITS`), and never more than a twentieth of what is
left. A client spending a whole window thus costs one round trip per 5 requests at 600/minute,
per 37 at 10,000/minute, and per about 50 at very large limits, instead of one each. No more
than the limit is ever granted in a window; near the limit the leases shrink to one unit. A
unit a process leased and did not spend is lost for the window, so a client spreading a burst
over several processes may be refused a little before the limit, never after it.

In embedded mode (no Redis) a dictionary in the process keeps the same semantics. A window is
`now // window_seconds`, so Retry-After is the time left in the current window, and the count
starts again at zero in the next one.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import math
import os
import re
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_redis import get_redis_connection
from redis.commands.core import Script
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
_next_local_sweep = 0.0


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
        global _next_local_sweep
        # A full scan, so at most once a second: with many live counters and nothing expired,
        # a scan on every new key would cost each request more than the count itself.
        if len(_local_counters) > _LOCAL_SWEEP_AT and now >= _next_local_sweep:
            _next_local_sweep = now + 1.0
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


# Leases: counts taken from Redis in batches, for the throttles' larger limits.
LEASE_MIN_LIMIT = 100
LEASE_MAX_UNITS = 64
# Requests a process serves a client in a window before each lease grows by one unit.
LEASE_GROWTH = 4

# KEYS[1] the window's counter; ARGV: units wanted, limit, expiry. Grants at most a twentieth of
# what is left (at least one unit), never more than is left; returns {granted, used after}.
_LEASE_LUA = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local left = tonumber(ARGV[2]) - used
if left <= 0 then return {0, used} end
local grant = math.min(tonumber(ARGV[1]), math.max(1, math.floor(left / 20)))
local after = redis.call('INCRBY', KEYS[1], grant)
if after == grant then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
return {grant, after}
"""
_lease_script: Script | None = None


class _Lease:
    """What this process holds of one client's counter in one window."""

    __slots__ = ("ends", "exhausted", "served", "units", "used", "window_index")

    def __init__(self, window_index: int, ends: float) -> None:
        self.window_index = window_index
        self.ends = ends
        self.units = 0  # leased and not spent yet
        self.used = 0  # the shared counter when it was last read
        self.served = 0  # requests this process let through in the window
        self.exhausted = False  # nothing was left: refuse until the window ends


# Grouped by the moment their window ends: a whole group is dropped once that moment passes, so
# no request ever scans the leases of every client.
_leases: dict[float, dict[tuple[str, str, Rate], _Lease]] = {}


def _lease_units(key: str, wanted: int, rate: Rate) -> tuple[int, int]:
    global _lease_script
    try:
        client = get_redis_connection("default")
        if _lease_script is None:
            _lease_script = client.register_script(_LEASE_LUA)
        granted, used = _lease_script(
            keys=[key], args=[wanted, rate.limit, rate.window + 1], client=client
        )
    except (RedisError, OSError) as error:
        raise LimiterUnavailable from error
    return int(granted), int(used)


def _leased_decision(scope: str, rate: Rate, lease: _Lease, now: float, allowed: bool) -> Decision:
    return Decision(
        scope=scope,
        allowed=allowed,
        limit=rate.limit,
        remaining=max(0, rate.limit - lease.used + lease.units) if allowed else 0,
        reset=max(1, math.ceil(lease.ends - now)),
        window=rate.window,
        window_index=lease.window_index,
    )


def take(scope: str, identity: str, rate: Rate, *, now: float | None = None) -> Decision:
    """Count one request the way the throttles do: leased from Redis for larger limits (see the
    module's docstring), one by one otherwise. `remaining` is what this process knows is left."""
    if rate.limit < LEASE_MIN_LIMIT or not _uses_redis():
        return hit(scope, identity, rate, now=now)
    now = time.time() if now is None else now
    window_index = int(now // rate.window)
    slot = (scope, identity, rate)
    ends = (window_index + 1) * rate.window
    with _local_lock:
        group = _leases.get(ends)
        if group is None:
            for ended in [moment for moment in _leases if moment <= now]:
                del _leases[ended]
            group = _leases[ends] = {}
        lease = group.get(slot)
        if lease is None:
            lease = group[slot] = _Lease(window_index, ends)
        if lease.units > 0:
            return _spend(scope, rate, lease, now)
        if lease.exhausted:
            return _leased_decision(scope, rate, lease, now, allowed=False)
        wanted = min(LEASE_MAX_UNITS, max(1, lease.served // LEASE_GROWTH))
    # The round trip happens outside the lock; threads that run dry at once each take a lease.
    granted, used = _lease_units(_key(scope, identity, window_index), wanted, rate)
    with _local_lock:
        lease.used = max(lease.used, used)
        lease.units += granted
        if granted == 0:
            lease.exhausted = True
        if lease.units > 0:  # this lease, or one another thread took meanwhile
            return _spend(scope, rate, lease, now)
        return _leased_decision(scope, rate, lease, now, allowed=False)


def _spend(scope: str, rate: Rate, lease: _Lease, now: float) -> Decision:
    lease.units -= 1
    lease.served += 1
    return _leased_decision(scope, rate, lease, now, allowed=True)


def forget_leases() -> None:
    """Drop this process's leases (tests empty Redis between cases)."""
    with _local_lock:
        _leases.clear()


def _after_fork_in_child() -> None:
    # A child starts with nothing leased, and with a fresh lock: another thread of the parent
    # may have held the old one at the moment of the fork.
    global _local_lock
    _local_lock = threading.Lock()
    _leases.clear()
    _local_counters.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)
