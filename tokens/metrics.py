"""The ledger's figures on /metrics: operations as they happen, and the last reconciliation,
read when /metrics is scraped (registered by TokensConfig.ready)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django_redis.exceptions import ConnectionInterrupted
from prometheus_client import Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from redis.exceptions import RedisError

from tokens.selectors import reconciliation_last

logger = logging.getLogger(__name__)

token_operations_total = Counter(
    "token_operations_total", "Token operations by type and outcome.", ["type", "outcome"]
)


class ReconciliationCollector(Collector):
    """The last reconciliation's outcome, as the beat task or reconcile_tokens left it; left
    out while the cache cannot be read."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            last = reconciliation_last()
        except (RedisError, ConnectionInterrupted, OSError):
            logger.warning("metrics: the last reconciliation could not be read")
            return
        if last is None:
            return
        yield GaugeMetricFamily(
            "ledger_drifted_accounts",
            "Accounts whose balance disagreed with the ledger at the last reconciliation.",
            last["drifted"],
        )
        yield GaugeMetricFamily(
            "ledger_reconciled_timestamp_seconds",
            "When the last reconciliation ran (Unix time).",
            last["checked_at"],
        )
