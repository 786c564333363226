"""Errors recorded for the support desk: findable by the request id a user quotes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ErrorEvent(models.Model):
    # Made where the error happened, so an event written back twice from Redis is stored once.
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request_id = models.CharField(max_length=64, db_index=True)
    error_id = models.CharField(max_length=64, blank=True, db_index=True)
    code = models.CharField(max_length=64, db_index=True)
    category = models.CharField(max_length=32, db_index=True)
    status = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="error_events",
    )
    # The analysis an error ended, when it ended one.
    analysis_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    # When the error happened, which for one kept in Redis is before it reached the database.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.code} {self.request_id}"
