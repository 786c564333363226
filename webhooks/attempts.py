"""One attempt at a delivery, and what it leaves: the delivery's state, its next attempt, and the
endpoint's run of failures.

A sender takes a due delivery by a conditional UPDATE that moves `next_attempt_at` LEASE ahead
and writes a lease of its own: two senders never post it at once, and a sender that dies leaves it
due again when the lease ends. Its result is written only while the lease is still its own: a
retry asked for meanwhile (webhooks.events.delivery_again) drops it. Every attempt carries the
event id as `webhook-id`, so a receiver that saw it already (the answer lost on the way back)
knows it.
"""

from __future__ import annotations

import json
import logging
import random
import uuid
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from webhooks import notices, secrets, sender
from webhooks.metrics import webhook_deliveries_total
from webhooks.models import (
    DeliveryStatus,
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

logger = logging.getLogger(__name__)

# Seconds before each attempt, as Svix schedules them: 8 attempts over about 28 hours.
SCHEDULE = (0, 5, 300, 1800, 7200, 18000, 36000, 36000)
JITTER = 0.1  # each wait is longer or shorter by up to this share
# Longer than any attempt: the 10 s call, and a slow name lookup before it.
LEASE = timedelta(minutes=5)
DISABLE_AFTER = timedelta(days=5)  # an endpoint whose failures ran this long is disabled
# A failure this long after the one before starts a new run: the endpoint was not tried between.
RUN_BREAK = timedelta(days=1)


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
    (`succeeded`, `retrying`, `failed`), or `not_due` when it was not this caller's to send,
    `superseded` when a retry took it over during the call."""
    now, lease = timezone.now(), uuid.uuid4().hex
    taken = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE, lease=lease)
    if not taken:
        return "not_due"
    delivery = WebhookDelivery.objects.select_related("endpoint", "event").get(pk=delivery_id)
    try:
        answer = _post(delivery, now)
    except Exception as error:  # noqa: BLE001 - any fault is a failed attempt, counted and retried
        logger.warning(
            "webhook attempt failed unexpectedly",
            extra={"delivery": delivery_id, "error_class": type(error).__name__},
        )
        answer = sender.Answer(None, f"{type(error).__name__}: {error}"[:255])
    return _record(delivery, answer, lease=lease, now=timezone.now())


def _post(delivery: WebhookDelivery, now: datetime) -> sender.Answer:
    endpoint, event = delivery.endpoint, delivery.event
    if not endpoint.enabled and event.event_type != EventType.PING:
        return sender.Answer(None, "the endpoint is disabled", final=True)
    body = event_body(event)
    headers = secrets.signed_headers(
        msg_id=event.pk, timestamp=now, body=body, secrets_=endpoint_secrets(endpoint, now)
    )
    return sender.post(endpoint.url, body=body, headers=headers)


def _record(delivery: WebhookDelivery, answer: sender.Answer, *, lease: str, now: datetime) -> str:
    attempts = delivery.attempts + (0 if answer.final else 1)
    wait = None if answer.ok or answer.final else retry_wait(attempts)
    outcome = DeliveryStatus.SUCCEEDED if answer.ok else "retrying" if wait else "failed"
    with transaction.atomic():
        recorded = WebhookDelivery.objects.filter(pk=delivery.pk, lease=lease).update(
            status=DeliveryStatus.PENDING if wait else outcome,
            next_attempt_at=now + wait if wait else None,
            attempts=attempts,
            last_status_code=answer.status_code,
            last_error=answer.error[:255],
            last_attempt_at=now,
            lease="",
            enqueued_at=None,
        )
        if not recorded:
            return "superseded"
        if not answer.final:
            _endpoint_after(delivery.endpoint, ok=answer.ok, now=now)
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


def _endpoint_after(endpoint: WebhookEndpoint, *, ok: bool, now: datetime) -> None:
    """A success ends the endpoint's run of failures; a failure starts one (unless one runs, with
    a failure within RUN_BREAK), and a run of DISABLE_AFTER disables the endpoint."""
    endpoints = WebhookEndpoint.objects.filter(pk=endpoint.pk)
    if ok:
        endpoints.exclude(failing_since=None).update(failing_since=None)
        return
    broken = (
        Q(failing_since=None) | Q(last_failure_at=None) | Q(last_failure_at__lt=now - RUN_BREAK)
    )
    endpoints.filter(broken).update(failing_since=now)
    endpoints.update(last_failure_at=now)
    if endpoints.filter(enabled=True, failing_since__lte=now - DISABLE_AFTER).update(
        enabled=False, disabled_at=now
    ):
        owner_id = endpoint.owner_id
        transaction.on_commit(lambda: notices.disabled_refresh(owner_id))
