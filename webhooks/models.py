"""Webhook endpoints, the events written for them (the outbox) and each delivery of an event."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EventType(models.TextChoices):
    ANALYSIS_SUCCEEDED = "analysis.succeeded", "Analysis succeeded"
    ANALYSIS_FAILED = "analysis.failed", "Analysis failed"
    BALANCE_LOW = "tokens.balance_low", "Token balance low"
    PING = "ping", "Ping"


# What an endpoint may subscribe to: `ping` reaches every endpoint, and only by its test.
SUBSCRIBABLE = tuple(value for value in EventType.values if value != EventType.PING)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class WebhookEndpoint(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=255, blank=True)
    event_types = models.JSONField(default=list)  # empty: every event type
    enabled = models.BooleanField(default=True)
    # Encrypted (webhooks.secrets): the database alone cannot sign.
    secret = models.TextField()
    previous_secret = models.TextField(blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    # Since when its attempts fail without a success between them, nor a day without an attempt;
    # 5 days of it disable the endpoint (webhooks.attempts).
    failing_since = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-id",)
        indexes = [models.Index(fields=("owner", "-id"), name="webhooks_endpoint_owner_recent")]

    def __str__(self) -> str:
        return f"{self.url} ({self.owner_id})"

    def wants(self, event_type: str) -> bool:
        if event_type == EventType.PING or not self.event_types:
            return True
        return event_type in self.event_types


class WebhookEvent(models.Model):
    """An event, written in the transaction of the change it tells of."""

    id = models.CharField(primary_key=True, max_length=40)  # msg_..., the webhook-id header
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_events"
    )
    event_type = models.CharField(max_length=32, choices=EventType.choices)
    data = models.JSONField()
    request_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.event_type} {self.pk}"


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    # When it is due (pending); a sender takes it by moving this past its own timeout, with a
    # lease of its own that its result must still hold (webhooks.attempts).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease = models.CharField(max_length=32, blank=True)
    # When its task was last sent to the broker: the sweep sends again only what waited too long.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-id",)
        verbose_name_plural = "webhook deliveries"
        permissions = [("replay_webhookdelivery", "Can replay webhook deliveries")]
        constraints = [
            models.UniqueConstraint(fields=("endpoint", "event"), name="webhooks_one_delivery")
        ]
        indexes = [
            models.Index(fields=("endpoint", "-id"), name="webhooks_delivery_recent"),
            models.Index(
                fields=("next_attempt_at",),
                condition=models.Q(status="pending"),
                name="webhooks_delivery_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} to {self.endpoint_id}"
