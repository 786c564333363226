"""A circuit breaker per provider whose state lives in the cache, shared by every worker.

Closed: calls go through and consecutive provider-side failures are counted. At the threshold
it opens: calls are refused until `reset_seconds` have passed. Then it is half-open: exactly one
caller wins an atomic `add` (SET NX) permit and probes; success closes it, failure reopens it.
No lock is held while the HTTP call runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.core.cache import cache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from ai import metrics

logger = logging.getLogger(__name__)

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half_open"

# A cache that cannot be reached must not stop analyses: the breaker then lets calls through.
_CACHE_ERRORS = (RedisError, ConnectionInterrupted, OSError, ValueError)


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        *,
        threshold: int,
        reset_seconds: float,
        probe_ttl: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.name = name
        self.threshold = threshold
        self.reset_seconds = reset_seconds
        self.probe_ttl = probe_ttl
        self.clock = clock
        prefix = f"ai:breaker:{name}"
        self._failures = f"{prefix}:failures"
        self._open_until = f"{prefix}:open_until"
        self._probe = f"{prefix}:probe"

    def state(self) -> str:
        try:
            open_until = cache.get(self._open_until)
        except _CACHE_ERRORS:
            return CLOSED
        state = CLOSED if open_until is None else OPEN if self.clock() < open_until else HALF_OPEN
        metrics.llm_breaker_state.labels(self.name).set(metrics.BREAKER_STATES[state])
        return state

    def allow(self) -> bool:
        """Whether a call may go out now; in half-open state only the one probe may."""
        try:
            open_until = cache.get(self._open_until)
            if open_until is None:
                return True
            if self.clock() < open_until:
                return False
            return bool(cache.add(self._probe, "1", timeout=max(1, round(self.probe_ttl))))
        except _CACHE_ERRORS:
            logger.warning(
                "breaker state unavailable; letting the call through", extra={"provider": self.name}
            )
            return True

    def record_success(self) -> None:
        metrics.llm_breaker_state.labels(self.name).set(metrics.BREAKER_STATES[CLOSED])
        try:
            cache.delete_many([self._failures, self._open_until, self._probe])
        except _CACHE_ERRORS:
            logger.warning("breaker state unavailable", extra={"provider": self.name})

    def record_failure(self) -> None:
        try:
            probing = cache.get(self._open_until) is not None
            try:
                failures = cache.incr(self._failures)
            except ValueError:  # no count yet, or a success just cleared it
                cache.add(self._failures, 0, timeout=None)
                failures = cache.incr(self._failures)
            if probing or failures >= self.threshold:
                cache.set(self._open_until, self.clock() + self.reset_seconds, timeout=None)
                cache.delete(self._probe)
                metrics.llm_breaker_state.labels(self.name).set(metrics.BREAKER_STATES[OPEN])
                logger.warning(
                    "circuit breaker opened",
                    extra={
                        "provider": self.name,
                        "failures": failures,
                        "reset_seconds": self.reset_seconds,
                    },
                )
        except _CACHE_ERRORS:
            logger.warning("breaker state unavailable", extra={"provider": self.name})

    def release_probe(self) -> None:
        """A probe that ended without a verdict on the provider (our request was at fault)."""
        try:
            cache.delete(self._probe)
        except _CACHE_ERRORS:
            logger.warning("breaker state unavailable", extra={"provider": self.name})
