"""Ask for, read and retry deal analyses, and release what a deleted deal's analyses hold.

A request holds `AI_ANALYSIS_COST` and creates the analysis in one transaction, and enqueues its
job after commit; ai.runs runs it, and success captures the hold exactly once.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject

from ai.models import ACTIVE_STATUSES, Analysis, AnalysisStatus
from ai.tasks import enqueue_analysis
from deals.models import Deal
from deals.services import deal_get
from errors import exceptions as app_errors
from observability.context import current_request_id
from tokens.holds import tokens_hold, tokens_release


def _hold_for(analysis: Analysis, description: str) -> Any:
    if analysis.cost <= 0:
        return None
    return tokens_hold(
        user=analysis.user,
        amount=analysis.cost,
        reference_id=f"analysis:{analysis.pk}",
        description=description,
    )


def _locked(deal_id: int) -> app_errors.ResourceLockedError:
    active = Analysis.objects.filter(deal_id=deal_id, status__in=ACTIVE_STATUSES).first()
    return app_errors.ResourceLockedError(details={"analysis_id": active.pk if active else None})


def analysis_request(*, user: Any, deal_id: int) -> Analysis:
    """Hold the cost and queue an analysis; one queued or running analysis per deal."""
    deal = deal_get(deal_id=deal_id, user=user)
    if Analysis.objects.filter(deal=deal, status__in=ACTIVE_STATUSES).exists():
        raise _locked(deal.pk)
    try:
        with transaction.atomic():
            analysis = Analysis.objects.create(
                deal=deal,
                user=user,
                cost=settings.AI_ANALYSIS_COST,
                request_id=current_request_id() or "",
            )
            # The ledger line names the deal as its owner knows it (titles are at most 100).
            analysis.hold = _hold_for(analysis, f"Analysis of “{deal.title}”")
            Analysis.objects.filter(pk=analysis.pk).update(hold=analysis.hold)
    except IntegrityError:
        if not Analysis.objects.filter(deal=deal, status__in=ACTIVE_STATUSES).exists():
            raise
        raise _locked(deal.pk) from None
    transaction.on_commit(lambda: enqueue_analysis(analysis.pk), robust=True)
    return analysis


def analysis_get(*, analysis_id: int, user: Any) -> Analysis:
    analysis = Analysis.objects.filter(pk=analysis_id).first()
    if analysis is None:
        raise app_errors.ResourceNotFoundError("No such analysis.")
    if analysis.user_id != user.pk:
        raise app_errors.NotOwnerError("This analysis belongs to another user.")
    return analysis


def analysis_retry(*, analysis_id: int) -> Analysis:
    """Queue a failed analysis again, with a new hold; it is charged only if it succeeds."""
    analysis = Analysis.objects.select_related("user").filter(pk=analysis_id).first()
    if analysis is None:
        raise app_errors.ResourceNotFoundError("No such analysis.")
    if analysis.status != AnalysisStatus.FAILED:
        raise app_errors.ValidationError(
            f"Only failed analyses can be retried; this one is {analysis.status}.",
            details={"status": [f"Analysis is {analysis.status}, not failed."]},
        )
    try:
        with transaction.atomic():
            requeued = Analysis.objects.filter(pk=analysis.pk, status=AnalysisStatus.FAILED).update(
                status=AnalysisStatus.QUEUED,
                hold=_hold_for(analysis, f"Retry of analysis {analysis.pk}"),
                error_code="",
                error_message="",
                finished_at=None,
                run_token="",
                runs=0,
            )
            if not requeued:
                raise app_errors.ConcurrentUpdateError()
    except IntegrityError:
        raise _locked(analysis.deal_id) from None
    transaction.on_commit(lambda: enqueue_analysis(analysis.pk), robust=True)
    analysis.refresh_from_db()
    return analysis


def with_latest_verdict(deals: QuerySet[Deal]) -> QuerySet[Deal]:
    """Each deal with `latest_analysis`, `{id, verdict, score}` of its newest succeeded analysis
    or None: one subquery in the list's own query, on the index of the deal's analyses."""
    latest = Analysis.objects.filter(
        deal=OuterRef("pk"), status=AnalysisStatus.SUCCEEDED, result__isnull=False
    ).order_by("-id")
    shown = JSONObject(id="id", verdict="result__verdict", score="result__score")
    return deals.annotate(
        latest_analysis=Subquery(latest.values_list(shown)[:1], output_field=JSONField())
    )


def analyses_release(*, deal: Deal) -> int:
    """Release the holds of `deal`'s analyses still queued or running, which go with it: an
    analysis that will never finish costs nothing. Registered with deals.services.deal_delete,
    inside its transaction: the rows stay locked until it commits, so no run captures meanwhile."""
    holds = (
        Analysis.objects.select_for_update()
        .filter(deal=deal, status__in=ACTIVE_STATUSES, hold__isnull=False)
        .values_list("hold_id", flat=True)
    )
    released = 0
    for hold_id in holds:
        with contextlib.suppress(app_errors.HoldResolvedError):
            tokens_release(hold_id=hold_id)
            released += 1
    return released
