"""Webhooks on /metrics: each attempt counted by its outcome, and how long the most overdue
delivery has waited, read when /metrics is scraped."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import User
from webhooks import attempts, events
from webhooks.models import DeliveryStatus, EventType, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

GAUGE = "webhook_oldest_pending_delivery_age_seconds"


@pytest.fixture
def scrape(settings: Any) -> Callable[[], str]:
    settings.METRICS_TOKEN = "metrics-token-123"
    client = Client(HTTP_AUTHORIZATION="Bearer metrics-token-123")
    return lambda: client.get("/metrics").content.decode()


@pytest.fixture
def endpoint(endpoint_for: Callable[..., Any], make_user: Callable[..., User]) -> WebhookEndpoint:
    made, _ = endpoint_for(make_user(email="owner@example.com"), "http://127.0.0.1:9/hooks")
    return made


def delivery(endpoint: WebhookEndpoint, **state: Any) -> WebhookDelivery:
    event = events.event_to(
        [endpoint], user_id=endpoint.owner_id, event_type=EventType.ANALYSIS_SUCCEEDED, data={}
    )
    WebhookDelivery.objects.filter(event=event).update(**state)
    return WebhookDelivery.objects.get(event=event)


def sample(text: str, name: str, **labels: str) -> float | None:
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    pattern = rf"^{name}{{{wanted}}} (\S+)$" if labels else rf"^{name} (\S+)$"
    found = re.search(pattern, text, flags=re.MULTILINE)
    return float(found.group(1)) if found else None


def test_the_gauge_is_how_long_the_oldest_due_delivery_has_waited(scrape, endpoint) -> None:
    now = timezone.now()
    pending = DeliveryStatus.PENDING
    with time_machine.travel(now, tick=False):
        delivery(endpoint, status=pending, next_attempt_at=now - timedelta(seconds=30))
        delivery(endpoint, status=pending, next_attempt_at=now - timedelta(seconds=125))
        # Not counted: not due yet (a retry to come, a lease), or no longer pending.
        delivery(endpoint, status=pending, next_attempt_at=now + timedelta(hours=1))
        delivery(endpoint, status=DeliveryStatus.FAILED, next_attempt_at=None)
        delivery(endpoint, status=DeliveryStatus.SUCCEEDED, next_attempt_at=now - timedelta(days=1))
        assert sample(scrape(), GAUGE) == 125


def test_the_gauge_is_zero_when_no_delivery_is_due(scrape, endpoint) -> None:
    delivery(endpoint, next_attempt_at=timezone.now() + timedelta(minutes=5))
    delivery(endpoint, status=DeliveryStatus.SUCCEEDED, next_attempt_at=None)
    assert sample(scrape(), GAUGE) == 0


def test_the_counter_shows_every_outcome_from_zero(scrape) -> None:
    text = scrape()
    assert "# TYPE webhook_deliveries_total counter" in text
    for outcome in ("succeeded", "retrying", "failed"):
        assert sample(text, "webhook_deliveries_total", outcome=outcome) is not None


def test_each_attempt_is_counted_by_its_outcome(scrape, endpoint) -> None:
    refused = delivery(endpoint)  # nothing listens on the discard port: tried again later
    before = scrape()
    assert attempts.delivery_attempt(refused.pk) == "retrying"
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(enabled=False)
    WebhookDelivery.objects.filter(pk=refused.pk).update(next_attempt_at=timezone.now())
    assert attempts.delivery_attempt(refused.pk) == "failed"
    after = scrape()
    for outcome, more in (("retrying", 1), ("failed", 1), ("succeeded", 0)):
        counted = sample(after, "webhook_deliveries_total", outcome=outcome)
        assert counted - sample(before, "webhook_deliveries_total", outcome=outcome) == more
