"""Celery tasks: thin adapters that take ids and call the analysis runs (ai.runs tells how a
stuck one comes back: there is no retry here), and the one way a job is sent."""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import shared_task
from django.utils import timezone

from ai import runs
from ai.metrics import analysis_task_duration_seconds
from ai.models import Analysis

logger = logging.getLogger(__name__)


def enqueue_analysis(analysis_id: int) -> None:
    """Send the analysis's job; `enqueued_at` tells the sweep when it was last sent."""
    Analysis.objects.filter(pk=analysis_id).update(enqueued_at=timezone.now())
    run_analysis.delay(analysis_id)


@shared_task(bind=True, name="ai.run_analysis")
def run_analysis(self: Any, analysis_id: int) -> str:
    started, outcome = time.monotonic(), "error"
    try:
        # Without a broker the job runs in-process and no sweep runs: it fails instead.
        outcome = runs.analysis_run(analysis_id=analysis_id, may_requeue=not self.request.is_eager)
        return outcome
    finally:
        analysis_task_duration_seconds.labels(outcome).observe(time.monotonic() - started)


@shared_task(name="ai.sweep_stuck_analyses")
def sweep_stuck_analyses() -> int:
    """Send again every analysis that is stuck (the beat, every minute); returns how many."""
    stuck = runs.analyses_stuck()
    for analysis_id in stuck:
        enqueue_analysis(analysis_id)
    if stuck:
        logger.warning("stuck analyses enqueued again", extra={"analyses": len(stuck)})
    return len(stuck)


@shared_task(name="ai.prune_llm_attempts")
def prune_llm_attempts() -> int:
    return runs.llm_attempts_prune()
