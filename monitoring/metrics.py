"""Prometheus metrics. With PROMETHEUS_MULTIPROC_DIR set, every gunicorn worker and Celery child
writes its own files there and /metrics sums them (prometheus-client's multiprocess mode)."""

from __future__ import annotations

import os

from prometheus_client import REGISTRY as PROCESS_REGISTRY
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

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
rate_limited_total = Counter("rate_limited_total", "Requests refused by a limit.", ["scope"])
rate_limiter_unavailable_total = Counter(
    "rate_limiter_unavailable_total",
    "Requests that met an unreachable limiter (let through, or refused for logins).",
    ["scope"],
)

BREAKER_STATES = {"closed": 0, "half_open": 1, "open": 2}


def exposition() -> bytes:
    """The text exposition of every metric, summed across processes in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(PROCESS_REGISTRY)
