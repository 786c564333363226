"""Celery tasks: thin adapters that take ids and call the analysis services."""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import shared_task
from celery.exceptions import Retry, SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from ai import services
from errors import exceptions as app_errors
from monitoring import metrics

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="ai.run_analysis",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.AI_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.AI_TASK_TIME_LIMIT,
    # Only transient infrastructure errors are retried automatically; provider failures are the
    # LLM chain's business, and "every provider down" is retried explicitly below.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=settings.AI_TASK_MAX_RETRIES,
)
def run_analysis(self, analysis_id: int) -> str:
    started = time.monotonic()
    outcome = "error"
    try:
        outcome = _run_analysis(self, analysis_id)
        return outcome
    except Retry:
        outcome = "retry"
        raise
    finally:
        metrics.analysis_task_duration_seconds.labels(outcome).observe(time.monotonic() - started)


def _run_analysis(self: Any, analysis_id: int) -> str:
    try:
        outcome = services.analysis_run(
            analysis_id=analysis_id, may_retry=self.request.retries < self.max_retries
        )
    except services.ProvidersUnavailableForNow as exc:
        services.mark_enqueued(analysis_id)
        raise self.retry(countdown=settings.AI_TASK_RETRY_DELAY_SECONDS, exc=exc) from exc
    except SoftTimeLimitExceeded:
        logger.error("analysis ran past its soft time limit", extra={"analysis_id": analysis_id})
        token = services.current_run_token(analysis_id)
        if token:
            services.analysis_fail(
                analysis_id=analysis_id,
                token=token,
                error=app_errors.AIUnavailableError("The analysis took too long."),
            )
        return "failed"
    if outcome == "busy" and not settings.CELERY_TASK_ALWAYS_EAGER:
        # Another run owns it. If that run died, it turns stale; look again then.
        run_analysis.apply_async((analysis_id,), countdown=services.stale_after_seconds())
    return outcome


@shared_task(name="ai.requeue_stuck_analyses")
def requeue_stuck_analyses() -> int:
    return services.analyses_requeue_stuck()


@shared_task(name="ai.prune_llm_attempts")
def prune_llm_attempts() -> int:
    return services.llm_attempts_prune()
