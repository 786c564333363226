"""Webhooks' figures on /metrics: each attempt's outcome, counted as it happens, and how late the
most overdue delivery is, read from the database when /metrics is scraped (registered by
WebhooksConfig.ready)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import DatabaseError
from django.db.models import Min
from django.utils import timezone
from prometheus_client import Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from webhooks.models import DeliveryStatus, WebhookDelivery

OUTCOMES = ("succeeded", "retrying", "failed")

webhook_deliveries_total = Counter(
    "webhook_deliveries_total", "Webhook delivery attempts by outcome.", ["outcome"]
)
# Every outcome from 0, so that the first failure after a start shows in increase().
for _outcome in OUTCOMES:
    webhook_deliveries_total.labels(outcome=_outcome)


class DeliveryBacklogCollector(Collector):
    """How long the oldest due delivery has waited past its `next_attempt_at`: a sweep or a worker
    that stopped lets it grow. Left out when the database cannot be read, rather than 0."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        try:
            due = WebhookDelivery.objects.filter(
                status=DeliveryStatus.PENDING, next_attempt_at__lte=now
            )
            oldest = due.aggregate(oldest=Min("next_attempt_at"))["oldest"]
        except DatabaseError:
            return
        age = 0.0 if oldest is None else max(0.0, (now - oldest).total_seconds())
        yield GaugeMetricFamily(
            "webhook_oldest_pending_delivery_age_seconds",
            "Seconds the oldest due pending webhook delivery has waited past its time (0 when"
            " none is due).",
            age,
        )
