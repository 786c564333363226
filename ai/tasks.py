"""Celery tasks: thin adapters that take ids and call the analysis runs (ai.runs tells how a
stuck one comes back: there is no retry here)."""

from __future__ import annotations

import time
from typing import Any

from celery import shared_task

from ai import runs, services
from ai.metrics import analysis_task_duration_seconds


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
    return runs.analyses_sweep()


@shared_task(name="ai.prune_llm_attempts")
def prune_llm_attempts() -> int:
    return services.llm_attempts_prune()
