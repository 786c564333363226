"""Running analyses: one run, its end, and the sweep that brings back what is stuck.

The recovery story, whole: a task message is acknowledged only when its run ends (acks_late), so
a worker that dies has its message delivered again. A run first claims the analysis (queued, or
running but stale) with a fresh run token in one conditional UPDATE, so a duplicated or
redelivered message cannot run it twice at once, and it finishes only while it still owns the
token. The chain's own deadline bounds a run. Every minute the sweep enqueues again what is
stuck: queued for AI_REQUEUE_AFTER_SECONDS (a lost message, or every provider down), or running
past the deadline by as much (a dead worker). After AI_MAX_RUNS runs it fails and holds nothing.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from ai.analyser import AttemptLog, analyse_deal
from ai.metrics import analyses_total
from ai.models import Analysis, AnalysisStatus, LLMAttempt
from ai.schemas import AnalysisResult
from ai.serializers import AnalysisSerializer
from errors import exceptions as app_errors
from errors.translation import report_unhandled
from monitoring.services import error_event_record
from supportdesk.retention import delete_in_batches
from tokens.holds import tokens_capture, tokens_release
from webhooks.events import event_record
from webhooks.models import EventType

logger = logging.getLogger(__name__)


class RunOutcome(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REQUEUED = "requeued"  # every provider was down: queued again, for the sweep
    BUSY = "busy"  # another live run owns it
    DONE = "done"  # finished already, or deleted with its deal


def stale_after() -> timedelta:
    """A run this old has died: the chain's deadline has long passed."""
    return timedelta(seconds=settings.AI_DEADLINE_SECONDS + settings.AI_REQUEUE_AFTER_SECONDS)


def _claim(analysis_id: int) -> str | None:
    """Take the analysis for this run; None when it is finished or another live run has it."""
    token, now = str(uuid.uuid4()), timezone.now()
    claimed = (
        Analysis.objects.filter(pk=analysis_id)
        .filter(
            Q(status=AnalysisStatus.QUEUED)
            | Q(status=AnalysisStatus.RUNNING, started_at__lt=now - stale_after())
        )
        .update(status=AnalysisStatus.RUNNING, run_token=token, started_at=now, runs=F("runs") + 1)
    )
    return token if claimed else None


def _announce(analysis_id: int, user_id: int, event_type: str) -> None:
    """The analysis's webhook event, in the transaction that finished it: the analysis as
    `GET /api/v1/analyses/{id}` answers it."""
    event_record(
        user_id=user_id,
        event_type=event_type,
        data=lambda: AnalysisSerializer(Analysis.objects.get(pk=analysis_id)).data,
    )


def analysis_run(*, analysis_id: int, may_requeue: bool = False) -> RunOutcome:
    """Run one analysis to its end. With every provider down it goes back to the queue for the
    sweep (`may_requeue`, and runs left); without, it fails."""
    token = _claim(analysis_id)
    if token is None:
        running = Analysis.objects.filter(pk=analysis_id, status=AnalysisStatus.RUNNING)
        return RunOutcome.BUSY if running.exists() else RunOutcome.DONE
    analysis = Analysis.objects.select_related("deal").filter(pk=analysis_id).first()
    if analysis is None:
        return RunOutcome.DONE  # deleted with its deal since the claim; its hold went with it
    if analysis.runs > settings.AI_MAX_RUNS:
        # Runs that keep dying (a crash, a kill) must end, and free the tokens, at some point.
        error = app_errors.AIUnavailableError(f"Gave up after {analysis.runs - 1} runs.")
        return analysis_fail(analysis_id=analysis_id, token=token, error=error)
    attempts = AttemptLog(analysis)
    try:
        verdict, provider, degraded = analyse_deal(analysis.deal, record=attempts)
    except app_errors.AIUnavailableError as error:
        if may_requeue and analysis.runs < settings.AI_MAX_RUNS:
            # enqueued_at now: the sweep sends it again AI_REQUEUE_AFTER_SECONDS from here.
            Analysis.objects.filter(pk=analysis_id, run_token=token).update(
                status=AnalysisStatus.QUEUED, run_token="", enqueued_at=timezone.now()
            )
            return RunOutcome.REQUEUED
        return analysis_fail(analysis_id=analysis_id, token=token, error=error, attempts=attempts)
    except app_errors.AIInvalidResponseError as error:
        return analysis_fail(analysis_id=analysis_id, token=token, error=error, attempts=attempts)
    except (OperationalError, InterfaceError):
        raise  # the database blinked: the run stays claimed, and the sweep takes it over
    except Exception as error:  # noqa: BLE001 - a task's last resort: end the run, free the hold
        error = report_unhandled(error)
        return analysis_fail(analysis_id=analysis_id, token=token, error=error, attempts=attempts)
    result = AnalysisResult(**verdict.model_dump(), discount_percent=analysis.deal.discount_percent)
    return analysis_succeed(
        analysis,
        token=token,
        result=result,
        provider=provider,
        degraded=degraded,
        attempts=attempts,
    )


def analysis_succeed(
    analysis: Analysis,
    *,
    token: str,
    result: AnalysisResult,
    provider: str,
    degraded: bool,
    attempts: AttemptLog,
) -> RunOutcome:
    """Store the result (of the deal as it was analysed), its attempts, and capture the hold, in
    one transaction, if this run still owns the analysis."""
    analysis_id = analysis.pk
    with transaction.atomic():
        owned = Analysis.objects.filter(
            pk=analysis_id, status=AnalysisStatus.RUNNING, run_token=token
        ).update(
            status=AnalysisStatus.SUCCEEDED,
            result=result.model_dump(),
            provider=provider,
            degraded=degraded,
            finished_at=timezone.now(),
        )
        if not owned:
            if not Analysis.objects.filter(pk=analysis_id).exists():
                return RunOutcome.DONE  # deleted with its deal while it ran; its hold went too
            attempts.write()
            return RunOutcome.BUSY
        attempts.write()
        if analysis.hold_id is not None:
            tokens_capture(hold_id=analysis.hold_id, idempotency_key=f"analysis:{analysis_id}")
        _announce(analysis_id, analysis.user_id, EventType.ANALYSIS_SUCCEEDED)
    analyses_total.labels(AnalysisStatus.SUCCEEDED).inc()
    logger.info("analysis finished", extra={"analysis_id": analysis_id, "outcome": "succeeded"})
    return RunOutcome.SUCCEEDED


def analysis_fail(
    *,
    analysis_id: int,
    token: str,
    error: app_errors.AppError,
    attempts: AttemptLog | None = None,
) -> RunOutcome:
    """Mark the run failed and release its hold: a failed analysis costs nothing."""
    with transaction.atomic():
        owned = Analysis.objects.filter(
            pk=analysis_id, status=AnalysisStatus.RUNNING, run_token=token
        ).update(
            status=AnalysisStatus.FAILED,
            error_code=error.code,
            error_message=error.message[:255],
            finished_at=timezone.now(),
        )
        if attempts is not None and (owned or Analysis.objects.filter(pk=analysis_id).exists()):
            attempts.write()
        if not owned:
            return RunOutcome.BUSY
        analysis = Analysis.objects.filter(pk=analysis_id).values(
            "hold_id", "user_id", "request_id"
        )[0]
        if analysis["hold_id"] is not None:
            tokens_release(hold_id=analysis["hold_id"])
        _announce(analysis_id, analysis["user_id"], EventType.ANALYSIS_FAILED)
    analyses_total.labels(AnalysisStatus.FAILED).inc()
    logger.info("analysis failed", extra={"analysis_id": analysis_id, "error_code": error.code})
    error_event_record(
        request_id=analysis["request_id"],
        code=error.code,
        status=error.status_code,
        path=f"analysis:{analysis_id}",
        user_id=analysis["user_id"],
        analysis_id=analysis_id,
        summary=error.message,
    )
    return RunOutcome.FAILED


def analyses_stuck(*, now: datetime | None = None) -> list[int]:
    """The analyses to send again: queued AI_REQUEUE_AFTER_SECONDS past their last enqueue, or
    running past the stale time."""
    now = now or timezone.now()
    waited = now - timedelta(seconds=settings.AI_REQUEUE_AFTER_SECONDS)
    queued = Q(status=AnalysisStatus.QUEUED)
    stuck = Analysis.objects.filter(
        (queued & Q(enqueued_at__lt=waited))
        | (queued & Q(enqueued_at__isnull=True, created_at__lt=waited))
        | Q(status=AnalysisStatus.RUNNING, started_at__lt=now - stale_after())
    )
    return list(stuck.values_list("pk", flat=True))


def llm_attempts_prune(*, now: datetime | None = None) -> int:
    """Delete LLM attempts older than LLM_ATTEMPT_RETENTION_DAYS, in batches; the analyses
    themselves (and the ledger) stay."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.LLM_ATTEMPT_RETENTION_DAYS)
    return delete_in_batches(LLMAttempt.objects.filter(created_at__lt=cutoff))
