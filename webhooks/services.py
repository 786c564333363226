"""Endpoints a user registers, their secrets, a test ping, and deliveries sent again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from errors import exceptions as app_errors
from webhooks import events, notices, secrets
from webhooks.addresses import url_problem
from webhooks.models import (
    DeliveryStatus,
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
)

ROTATION_OVERLAP = timedelta(hours=24)  # the old secret signs beside the new one this long
# Each event writes a delivery per endpoint in the transaction of the change that causes it.
MAX_ENDPOINTS = 20


def _check_url(url: str) -> None:
    problem = url_problem(url)
    if problem is not None:
        raise app_errors.ValidationError(details={"url": [problem]})


def endpoint_list(*, owner: Any) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(owner=owner).order_by("-id")


def endpoint_get(*, endpoint_id: int, user: Any) -> WebhookEndpoint:
    """The user's endpoint: 404 when none exists, 403 when it is not theirs."""
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None:
        raise app_errors.ResourceNotFoundError("No such webhook endpoint.")
    if endpoint.owner_id != user.pk:
        raise app_errors.NotOwnerError("This webhook endpoint belongs to another user.")
    return endpoint


def endpoint_create(
    *, owner: Any, url: str, description: str = "", event_types: Iterable[str] = ()
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret, which is answered this once and never again."""
    _check_url(url)
    if WebhookEndpoint.objects.filter(owner=owner).count() >= MAX_ENDPOINTS:
        raise app_errors.ValidationError(
            f"At most {MAX_ENDPOINTS} webhook endpoints per user: delete one first.",
            details={"endpoints": [f"At most {MAX_ENDPOINTS} per user."]},
        )
    secret = secrets.secret_new()
    endpoint = WebhookEndpoint.objects.create(
        owner=owner,
        url=url,
        description=description,
        event_types=sorted(set(event_types)),
        secret=secrets.secret_seal(secret),
    )
    return endpoint, secret


def endpoint_update(*, endpoint: WebhookEndpoint, fields: dict[str, Any]) -> WebhookEndpoint:
    """Change the fields given. Enabling an endpoint again starts its failure clock over."""
    if "url" in fields:
        _check_url(fields["url"])
        if fields["url"] != endpoint.url:  # another receiver: its failures start from none
            fields.update(failing_since=None, last_failure_at=None)
    if "event_types" in fields:
        fields["event_types"] = sorted(set(fields["event_types"]))
    if fields.get("enabled") and not endpoint.enabled:
        fields.update(failing_since=None, last_failure_at=None, disabled_at=None)
    for name, value in fields.items():
        setattr(endpoint, name, value)
    # Only what changed: a rotation or a disable that landed since this copy was read stays.
    endpoint.save(update_fields=[*fields, "updated_at"])
    notices.disabled_refresh(endpoint.owner_id)
    return endpoint


def endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """Delete it with its deliveries; an event being written for it (webhooks.events) finishes
    first, and its delivery goes too."""
    with transaction.atomic():
        WebhookEndpoint.objects.select_for_update().filter(pk=endpoint.pk).first()
        endpoint.delete()
    notices.disabled_refresh(endpoint.owner_id)


def secret_rotate(*, endpoint: WebhookEndpoint) -> tuple[WebhookEndpoint, str]:
    """A new secret, answered once; the one it replaces keeps signing beside it for 24 hours,
    so receivers can switch without losing an event."""
    secret = secrets.secret_new()
    with transaction.atomic():
        locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        locked.previous_secret = locked.secret
        locked.previous_secret_until = timezone.now() + ROTATION_OVERLAP
        locked.secret = secrets.secret_seal(secret)
        locked.save()
    return locked, secret


def endpoint_test(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Send a `ping` event to this endpoint alone, enabled or not (a test may precede enabling)."""
    event = events.event_to(
        [endpoint],
        user_id=endpoint.owner_id,
        event_type=EventType.PING,
        data={"endpoint_id": endpoint.pk, "url": endpoint.url},
    )
    return WebhookDelivery.objects.get(event=event, endpoint=endpoint)


def delivery_list(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return endpoint.deliveries.select_related("event").order_by("-id")


def delivery_get(*, endpoint: WebhookEndpoint, delivery_id: int) -> WebhookDelivery:
    delivery = delivery_list(endpoint=endpoint).filter(pk=delivery_id).first()
    if delivery is None:
        raise app_errors.ResourceNotFoundError("No such delivery of this endpoint.")
    return delivery


def delivery_retry(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send it again now, with the same `webhook-id`: a failed delivery, or one already done
    (a receiver that lost it)."""
    return events.delivery_again(delivery)


def deliveries_replay_failed(*, endpoint: WebhookEndpoint) -> int:
    """Send every failed delivery of the endpoint again (support's replay); how many."""
    failed = list(endpoint.deliveries.filter(status=DeliveryStatus.FAILED))
    for delivery in failed:
        events.delivery_again(delivery)
    return len(failed)
