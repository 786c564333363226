"""Prometheus metrics. With PROMETHEUS_MULTIPROC_DIR set, every gunicorn worker and Celery child
writes its own files there and /metrics sums them (prometheus-client's multiprocess mode). The
fleet's state (queue depth, the oldest queued analysis, analyses in flight) is read from the
broker and the database when /metrics is scraped, so any web process reports the whole fleet."""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import REGISTRY as PROCESS_REGISTRY
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

http_errors_total = Counter(
    "http_errors_total", "Error responses by code.", ["code", "category", "status"]
)
http_request_duration_seconds = Histogram(
    "http_request_duration_seconds",
    "Request latency.",
    ["method", "status_class"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
llm_attempts_total = Counter(
    "llm_attempts_total", "LLM attempts by provider and outcome.", ["provider", "outcome"]
)
llm_breaker_state = Gauge(
    "llm_breaker_state",
    "Circuit breaker per provider: 0 closed, 1 half-open, 2 open (as last seen by this process).",
    ["provider"],
    multiprocess_mode="mostrecent",
)
token_operations_total = Counter(
    "token_operations_total", "Token operations by type and outcome.", ["type", "outcome"]
)
analyses_total = Counter("analyses_total", "Finished analyses by status.", ["status"])
analysis_task_duration_seconds = Histogram(
    "analysis_task_duration_seconds",
    "Wall time of one analysis task run in a worker, provider calls included.",
    ["outcome"],
    buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120),
)
rate_limited_total = Counter("rate_limited_total", "Requests refused by a limit.", ["scope"])
rate_limiter_unavailable_total = Counter(
    "rate_limiter_unavailable_total",
    "Requests that met an unreachable limiter (let through, or refused for logins).",
    ["scope"],
)

BREAKER_STATES = {"closed": 0, "half_open": 1, "open": 2}


def exposition() -> bytes:
    """The text exposition of every metric, summed across processes in multiprocess mode, then
    the fleet's state as it is now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        processes = generate_latest(registry)
    else:
        processes = generate_latest(PROCESS_REGISTRY)
    fleet = CollectorRegistry()
    fleet.register(FleetCollector())
    return processes + generate_latest(fleet)


class FleetCollector(Collector):
    """Queue depth, the age of the oldest queued analysis and analyses in flight, at scrape time.
    A source that cannot be read is left out of the answer rather than reported as zero."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from monitoring.fleet import (
            analyses_in_flight,
            broker_queue_depth,
            oldest_queued_age,
            reconciliation,
        )

        depth = broker_queue_depth()
        if depth is not None:
            yield GaugeMetricFamily(
                "analysis_queue_depth", "Task messages waiting in the broker's queue.", depth
            )
        age = oldest_queued_age()
        if age is not None:
            yield GaugeMetricFamily(
                "analysis_oldest_queued_age_seconds",
                "Seconds the oldest still-queued analysis has waited (0 when none waits).",
                age,
            )
        reconciled = reconciliation()
        if reconciled is not None:
            yield GaugeMetricFamily(
                "ledger_drifted_accounts",
                "Accounts whose balance disagreed with the ledger at the last reconciliation.",
                reconciled["drifted"],
            )
            yield GaugeMetricFamily(
                "ledger_reconciled_timestamp_seconds",
                "When the last reconciliation ran (Unix time).",
                reconciled["checked_at"],
            )
        running = analyses_in_flight()
        if running is not None:
            yield GaugeMetricFamily(
                "analyses_in_flight", "Analyses a worker is running now.", running
            )
