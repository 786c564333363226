"""The outbox and its deliveries.

An event is written in the transaction of the change it tells of, with one delivery row per
endpoint that wants it: a rolled-back change leaves no event, a committed one cannot lose its
event. After the commit each delivery is sent as a task; whatever that misses (the broker down,
the worker stopped) the sweep sends, every few seconds, since a delivery is due until it is done.

A delivery is taken for one attempt by a conditional UPDATE that moves its `next_attempt_at` past
the attempt's timeout (a lease): two senders never post it at once, and a sender that dies leaves
it due again when the lease ends. Every attempt carries the event id as `webhook-id`, so a
receiver that saw it already (the answer lost on the way back) knows it.
"""

from __future__ import annotations

import json
import logging
import random
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from observability.context import current_request_id
from supportdesk.retention import delete_in_batches
from webhooks import notices, secrets, sender
from webhooks.metrics import webhook_deliveries_total
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

logger = logging.getLogger(__name__)

# Seconds before each attempt, as Svix schedules them: 8 attempts over about 28 hours.
SCHEDULE = (0, 5, 300, 1800, 7200, 18000, 36000, 36000)
JITTER = 0.1  # each wait is longer or shorter by up to this share
LEASE = timedelta(seconds=sender.TIMEOUT_SECONDS * 3)
DISABLE_AFTER = timedelta(days=5)  # an endpoint failing this long without a success
RETENTION = timedelta(days=30)  # events whose deliveries all ended are kept this long

_senders: list[Callable[[int], None]] = []


def on_delivery_due(send: Callable[[int], None]) -> None:
    """Register how a due delivery is sent (webhooks.tasks: as a Celery task)."""
    _senders.append(send)


def _send_after_commit(delivery_ids: list[int]) -> None:
    def send() -> None:
        for delivery_id in delivery_ids:
            for sender_ in _senders:
                try:
                    sender_(delivery_id)
                except Exception:  # noqa: BLE001 - the sweep sends it instead
                    logger.warning("webhook not sent at once", extra={"delivery": delivery_id})

    transaction.on_commit(send)


def event_record(
    *, user_id: int, event_type: str, data: Callable[[], dict[str, Any] | None]
) -> WebhookEvent | None:
    """Write the event for `user_id`'s endpoints that want it, in the caller's transaction. None
    when no enabled endpoint wants it (`data` is then never built), or when `data` answers None
    (nothing to tell)."""
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(owner_id=user_id, enabled=True)
        if endpoint.wants(event_type)
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


def event_body(event: WebhookEvent) -> bytes:
    """The body posted, the same bytes on every attempt."""
    payload = {
        "id": event.pk,
        "type": event.event_type,
        "created_at": event.created_at.isoformat().replace("+00:00", "Z"),
        "data": event.data,
    }
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def endpoint_secrets(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    """The secrets that sign now: the current one, and the one it replaced for 24 hours."""
    current = [secrets.secret_open(endpoint.secret)]
    until = endpoint.previous_secret_until
    if endpoint.previous_secret and until is not None and until > now:
        current.append(secrets.secret_open(endpoint.previous_secret))
    return current


def retry_wait(attempts: int, rng: random.Random | None = None) -> timedelta | None:
    """How long after `attempts` failed attempts the next one is due; None after the last."""
    if attempts >= len(SCHEDULE):
        return None
    seconds = SCHEDULE[attempts] * (1 + (rng or random).uniform(-JITTER, JITTER))
    return timedelta(seconds=seconds)


def delivery_attempt(delivery_id: int) -> str:
    """Post one due delivery and record the answer; what happened, as metrics count it
    (`succeeded`, `retrying`, `failed`), or `not_due` when it was not this caller's to send."""
    now = timezone.now()
    taken = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE)
    if not taken:
        return "not_due"
    delivery = WebhookDelivery.objects.select_related("endpoint", "event").get(pk=delivery_id)
    endpoint, event = delivery.endpoint, delivery.event
    if not endpoint.enabled:
        answer = sender.Answer(None, "the endpoint is disabled")
        return _record(delivery, answer, now=now, final=True)
    body = event_body(event)
    headers = secrets.signed_headers(
        msg_id=event.pk, timestamp=now, body=body, secrets_=endpoint_secrets(endpoint, now)
    )
    answer = sender.post(endpoint.url, body=body, headers=headers)
    return _record(delivery, answer, now=timezone.now(), final=False)


def _record(delivery: WebhookDelivery, answer: sender.Answer, *, now: datetime, final: bool) -> str:
    attempts = delivery.attempts + (0 if final else 1)
    endpoints = WebhookEndpoint.objects.filter(pk=delivery.endpoint_id)
    changes: dict[str, Any] = {
        "attempts": attempts,
        "last_status_code": answer.status_code,
        "last_error": answer.error[:255],
        "last_attempt_at": now,
    }
    with transaction.atomic():
        if answer.ok:
            outcome = DeliveryStatus.SUCCEEDED
            changes.update(status=outcome, next_attempt_at=None)
            endpoints.exclude(failing_since=None).update(failing_since=None)
        else:
            wait = None if final else retry_wait(attempts)
            outcome = "retrying" if wait else DeliveryStatus.FAILED
            changes.update(
                status=DeliveryStatus.PENDING if wait else DeliveryStatus.FAILED,
                next_attempt_at=now + wait if wait else None,
            )
            endpoints.filter(failing_since=None).update(failing_since=now)
            if endpoints.filter(enabled=True, failing_since__lte=now - DISABLE_AFTER).update(
                enabled=False, disabled_at=now
            ):
                owner_id = delivery.endpoint.owner_id
                transaction.on_commit(lambda: notices.disabled_refresh(owner_id))
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**changes)
    webhook_deliveries_total.labels(outcome=str(outcome)).inc()
    logger.info(
        "webhook attempt",
        extra={
            "delivery": delivery.pk,
            "event_id": delivery.event_id,
            "outcome": str(outcome),
            "status_code": answer.status_code,
        },
    )
    return str(outcome)


def deliveries_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Pending deliveries whose time has come (the sweep sends them), oldest first."""
    due = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now or timezone.now()
    )
    return list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def delivery_again(delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now (a retry or a replay), whatever its state: the same event, the
    same `webhook-id`, a fresh signature. Its attempts start over."""
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, next_attempt_at=now, attempts=0, updated_at=now
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
