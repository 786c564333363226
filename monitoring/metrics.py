"""Prometheus metrics of the web processes, and /metrics' exposition.

With PROMETHEUS_MULTIPROC_DIR set, every gunicorn worker and Celery child writes its own files
there and /metrics sums them (prometheus-client's multiprocess mode). Apps define their own
counters beside their code; figures read at scrape time (a queue's depth, the last
reconciliation) come from collectors that apps register here from their `AppConfig.ready()`, so
any web process reports the whole fleet.
"""

from __future__ import annotations

import os

from prometheus_client import REGISTRY as PROCESS_REGISTRY
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
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

_at_scrape_time = CollectorRegistry()


def register_scrape_collector(collector: Collector) -> None:
    """Report `collector`'s figures on /metrics, read when it is scraped. A collector leaves
    out a figure whose source cannot be read rather than report it as zero."""
    _at_scrape_time.register(collector)


def exposition() -> bytes:
    """Every metric, summed across processes in multiprocess mode, then the scrape-time figures."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        processes = generate_latest(registry)
    else:
        processes = generate_latest(PROCESS_REGISTRY)
    return processes + generate_latest(_at_scrape_time)
