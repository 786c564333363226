"""The outbox: events written in the transaction of the change they tell of, and their
deliveries sent to the worker.

An event is written with one delivery row per endpoint that wants it, in the caller's
transaction: a rolled-back change leaves no event, a committed one cannot lose its event. After
the commit each delivery is sent as a task (`enqueued_at` notes when); whatever that misses (the
broker down, the worker stopped) the beat's sweep sends, since a delivery is due until it is done:
a retry as soon as its time comes, anything else once it waited REQUEUE_AFTER in the queue.
webhooks.attempts makes each attempt.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from observability.context import current_request_id
from supportdesk.retention import delete_in_batches
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

logger = logging.getLogger(__name__)

RETENTION = timedelta(days=30)  # events whose deliveries all ended are kept this long
REQUEUE_AFTER = timedelta(seconds=60)  # a task sent this long ago and not run: sent again

_senders: list[Callable[[int], None]] = []


def on_delivery_due(send: Callable[[int], None]) -> None:
    """Register how a due delivery is sent (webhooks.tasks: as a Celery task)."""
    _senders.append(send)


def send_now(delivery_ids: list[int]) -> None:
    """Send these deliveries' tasks now, noting when (`enqueued_at`)."""
    WebhookDelivery.objects.filter(pk__in=delivery_ids).update(enqueued_at=timezone.now())
    for delivery_id in delivery_ids:
        for send in _senders:
            try:
                send(delivery_id)
            except Exception:  # noqa: BLE001 - the sweep sends it instead
                logger.warning("webhook not sent at once", extra={"delivery": delivery_id})


def _send_after_commit(delivery_ids: list[int]) -> None:
    transaction.on_commit(lambda: send_now(delivery_ids))


def event_record(
    *, user_id: int, event_type: str, data: Callable[[], dict[str, Any] | None]
) -> WebhookEvent | None:
    """Write the event for `user_id`'s endpoints that want it, in the caller's transaction. None
    when no enabled endpoint wants it (`data` is then never built), or when `data` answers None
    (nothing to tell).

    The endpoints are locked (FOR NO KEY UPDATE) until the caller commits: an endpoint deleted
    meanwhile waits for the commit and takes the new delivery with it, instead of failing the
    caller's transaction on a delivery that points at nothing."""
    mine = WebhookEndpoint.objects.filter(owner_id=user_id, enabled=True).only("event_types")
    endpoints = [
        endpoint for endpoint in mine.select_for_update(no_key=True) if endpoint.wants(event_type)
    ]
    payload = data() if endpoints else None
    if payload is None:
        return None
    return event_to(endpoints, user_id=user_id, event_type=event_type, data=payload)


def event_to(
    endpoints: list[WebhookEndpoint], *, user_id: int, event_type: str, data: dict[str, Any]
) -> WebhookEvent:
    with transaction.atomic():
        event = WebhookEvent.objects.create(
            id=f"evt_{uuid.uuid4().hex}",
            user_id=user_id,
            event_type=event_type,
            data=data,
            request_id=current_request_id() or "",
        )
        now = timezone.now()
        deliveries = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(endpoint=endpoint, event=event, next_attempt_at=now)
            for endpoint in endpoints
        )
        _send_after_commit([delivery.pk for delivery in deliveries])
    return event


def deliveries_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """What the sweep sends (oldest first): pending deliveries whose time has come, unless their
    task went to the broker less than REQUEUE_AFTER ago and may still run."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        Q(enqueued_at=None) | Q(enqueued_at__lt=now - REQUEUE_AFTER),
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=now,
    )
    return list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def delivery_again(delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now (a retry or a replay), whatever its state: the same event, the
    same `webhook-id`, a fresh signature. Its attempts start over; an attempt in flight meanwhile
    has its result dropped (webhooks.attempts)."""
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING,
        next_attempt_at=now,
        attempts=0,
        lease="",
        enqueued_at=None,
        updated_at=now,
    )
    _send_after_commit([delivery.pk])
    delivery.refresh_from_db()
    return delivery


def events_prune(*, now: datetime | None = None) -> int:
    """Delete, in batches, events older than RETENTION whose deliveries all ended (with them);
    one still pending stays, however old."""
    cutoff = (now or timezone.now()) - RETENTION
    ended = WebhookEvent.objects.filter(created_at__lt=cutoff).exclude(
        deliveries__status=DeliveryStatus.PENDING
    )
    return delete_in_batches(ended)
