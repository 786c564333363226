"""The fleet's state, read from the broker and the database for /metrics: each reader answers
None when its source cannot be reached, so a scrape during an outage still answers."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Min
from django.utils import timezone
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from ai.models import Analysis, AnalysisStatus

logger = logging.getLogger(__name__)
QUEUE = "celery"  # Celery's default queue, where analyses go


def broker_queue_depth() -> int | None:
    """Messages waiting in the Redis broker's queue; None with no Redis broker or none reached."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            return int(client.llen(QUEUE))
        finally:
            client.close()
    except redis.RedisError:
        logger.warning("metrics: the broker's queue depth could not be read")
        return None


def oldest_queued_age() -> float | None:
    try:
        oldest = Analysis.objects.filter(status=AnalysisStatus.QUEUED).aggregate(
            oldest=Min("created_at")
        )["oldest"]
    except DatabaseError:
        return None
    return 0.0 if oldest is None else max(0.0, (timezone.now() - oldest).total_seconds())


def analyses_in_flight() -> int | None:
    try:
        return Analysis.objects.filter(status=AnalysisStatus.RUNNING).count()
    except DatabaseError:
        return None


def reconciliation() -> dict[str, float] | None:
    """The last reconciliation's outcome, as the beat task or reconcile_tokens left it."""
    from tokens.selectors import reconciliation_last

    try:
        return reconciliation_last()
    except (RedisError, ConnectionInterrupted, OSError):  # the cache is down: wait for the next
        logger.warning("metrics: the last reconciliation could not be read")
        return None
