"""Analyses of deals, and every LLM attempt made for one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class AnalysisStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


ACTIVE_STATUSES = (AnalysisStatus.QUEUED, AnalysisStatus.RUNNING)


class Analysis(models.Model):
    deal = models.ForeignKey("deals.Deal", on_delete=models.CASCADE, related_name="analyses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="analyses"
    )
    status = models.CharField(
        max_length=16, choices=AnalysisStatus.choices, default=AnalysisStatus.QUEUED
    )
    cost = models.PositiveIntegerField()
    hold = models.OneToOneField(
        "tokens.TokenHold", null=True, blank=True, on_delete=models.PROTECT, related_name="analysis"
    )
    result = models.JSONField(null=True, blank=True)
    provider = models.CharField(max_length=32, blank=True)
    degraded = models.BooleanField(default=False)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.CharField(max_length=255, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    # Which run of the task owns the analysis while it runs: a stale or duplicate run cannot
    # finish it.
    run_token = models.CharField(max_length=36, blank=True)
    runs = models.PositiveIntegerField(default=0)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name_plural = "analyses"
        # The API lists a user's analyses newest first by id, a page at a time (keyset).
        indexes = [models.Index(fields=("user", "-id"), name="ai_analysis_user_recent")]
        permissions = [("requeue_analysis", "Can re-queue failed analyses")]
        constraints = [
            models.UniqueConstraint(
                fields=("deal",),
                condition=Q(status__in=ACTIVE_STATUSES),
                name="ai_one_active_analysis_per_deal",
            ),
            models.CheckConstraint(
                condition=Q(status=AnalysisStatus.SUCCEEDED, result__isnull=False)
                | ~Q(status=AnalysisStatus.SUCCEEDED),
                name="ai_succeeded_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"analysis {self.pk} of deal {self.deal_id} ({self.status})"


class LLMAttempt(models.Model):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="attempts")
    run = models.PositiveIntegerField(default=1)
    provider = models.CharField(max_length=32)
    model = models.CharField(max_length=128)
    outcome = models.CharField(max_length=32)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.FloatField(default=0)
    waited_ms = models.FloatField(default=0)
    usage_tokens = models.PositiveIntegerField(null=True, blank=True)
    provider_request_id = models.CharField(max_length=128, blank=True)
    error_class = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("id",)
        verbose_name = "LLM attempt"
        verbose_name_plural = "LLM attempts"

    def __str__(self) -> str:
        return f"{self.provider} {self.outcome}"
