"""A receiver on loopback, endpoints that point at it, and due deliveries sent in-process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from standardwebhooks import Webhook

from tests.fakes.webhook_receiver import FakeReceiver, Received
from webhooks import attempts, events, services
from webhooks.models import WebhookEndpoint


@pytest.fixture
def receiver() -> Iterator[FakeReceiver]:
    with FakeReceiver() as server:
        yield server


@pytest.fixture
def loopback_allowed(settings: Any) -> Any:
    """Development's switches: http, and private addresses (the receiver is on 127.0.0.1)."""
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    return settings


@pytest.fixture
def endpoint_for(loopback_allowed: Any) -> Callable[..., tuple[WebhookEndpoint, str]]:
    def make(owner: Any, url: str, event_types: tuple[str, ...] = ()) -> tuple[Any, str]:
        return services.endpoint_create(owner=owner, url=url, event_types=event_types)

    return make


def send_due() -> list[str]:
    """What the beat's sweep and the worker do together, in this process: every due delivery's
    attempt, and what came of each."""
    return [attempts.delivery_attempt(delivery_id) for delivery_id in events.deliveries_due()]


def verified(received: Received, secret: str) -> dict[str, Any]:
    """The body, once the `standardwebhooks` library verified its headers with `secret`."""
    return Webhook(secret).verify(received.body, received.headers)
