"""Analyses' figures on /metrics: counted as they happen, and the queue's state read from the
broker and the database when /metrics is scraped (registered by AiConfig.ready)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import redis
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Min
from django.utils import timezone
from prometheus_client import Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from ai.models import Analysis, AnalysisStatus

logger = logging.getLogger(__name__)

llm_attempts_total = Counter(
    "llm_attempts_total", "LLM attempts by provider and outcome.", ["provider", "outcome"]
)
llm_breaker_state = Gauge(
    "llm_breaker_state",
    "Circuit breaker per provider: 0 closed, 1 half-open, 2 open (as last seen by this process).",
    ["provider"],
    multiprocess_mode="mostrecent",
)
BREAKER_STATES = {"closed": 0, "half_open": 1, "open": 2}
analyses_total = Counter("analyses_total", "Finished analyses by status.", ["status"])
analysis_task_duration_seconds = Histogram(
    "analysis_task_duration_seconds",
    "Wall time of one analysis task run in a worker, provider calls included.",
    ["outcome"],
    buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120),
)
QUEUE = "celery"  # Celery's default queue, where analyses go


def _queue_depth() -> int | None:
    """Messages waiting in the Redis broker's queue; None with no Redis broker or none reached."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1) as client:
            return int(client.llen(QUEUE))
    except redis.RedisError:
        logger.warning("metrics: the broker's queue depth could not be read")
        return None


class AnalysisQueueCollector(Collector):
    """Queue depth, the age of the oldest queued analysis and analyses in flight. A source that
    cannot be read is left out of the answer rather than reported as zero."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = _queue_depth()
        if depth is not None:
            yield GaugeMetricFamily(
                "analysis_queue_depth", "Task messages waiting in the broker's queue.", depth
            )
        try:
            queued = Analysis.objects.filter(status=AnalysisStatus.QUEUED)
            oldest = queued.aggregate(oldest=Min("created_at"))["oldest"]
            running = Analysis.objects.filter(status=AnalysisStatus.RUNNING).count()
        except DatabaseError:
            return
        age = 0.0 if oldest is None else max(0.0, (timezone.now() - oldest).total_seconds())
        yield GaugeMetricFamily(
            "analysis_oldest_queued_age_seconds",
            "Seconds the oldest still-queued analysis has waited (0 when none waits).",
            age,
        )
        yield GaugeMetricFamily("analyses_in_flight", "Analyses a worker is running now.", running)
