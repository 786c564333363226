"""A deal's verdict: through the configured LLM chain, every attempt recorded, and no database
connection held while a provider answers.

A worker keeps hundreds of analyses in flight (CELERY_WORKER_CONCURRENCY) with a pool of a few
database connections (DATABASE_POOL_MAX_SIZE). That holds only if a run gives its connection
back before each wait on the network: before the chain starts, and after each attempt it
records. Inside a transaction (a test's, or a caller's) the connection stays: closing it would
end the transaction.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.db import connection

from ai.attempts import Attempt, Outcome
from ai.llm import ChainExhausted, ChainPolicy, LLMChain
from ai.metrics import llm_attempts_total
from ai.models import Analysis, LLMAttempt
from ai.providers import RulesProvider, configured_providers
from ai.schemas import Verdict, deal_messages
from deals.models import Deal
from errors import exceptions as app_errors

logger = logging.getLogger(__name__)


def connection_release() -> None:
    """Give this thread's database connection back (to the pool, when there is one) unless a
    transaction needs it; the next query takes one again."""
    if not connection.in_atomic_block:
        connection.close()


class AttemptLog:
    """A run's attempts: counted in the metrics at once, and kept as rows. A failed attempt's
    row is written at once, then the connection is given back: a wait follows (a backoff, or the
    next provider). The answer that ends the run waits for the run's end and is written in its
    transaction (`write`): one connection checkout fewer per analysis, and never a result
    stored without the attempt that gave it."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.pending: list[LLMAttempt] = []

    def __call__(self, attempt: Attempt) -> None:
        llm_attempts_total.labels(attempt.provider, str(attempt.outcome)).inc()
        row = LLMAttempt(
            analysis=self.analysis,
            run=self.analysis.runs,
            provider=attempt.provider,
            model=attempt.model,
            outcome=attempt.outcome,
            status_code=attempt.status_code,
            latency_ms=round(attempt.latency_ms, 2),
            waited_ms=round(attempt.waited_ms, 2),
            usage_tokens=attempt.usage_tokens,
            provider_request_id=(attempt.provider_request_id or "")[:128],
            error_class=attempt.error_class[:64],
        )
        if attempt.outcome == Outcome.OK:
            self.pending.append(row)
            return
        row.save()
        connection_release()

    def write(self) -> None:
        """Write the attempts still kept (in the caller's transaction)."""
        LLMAttempt.objects.bulk_create(self.pending)
        self.pending.clear()


def _rules_verdict(deal: Deal, record: Any) -> Verdict:
    started = time.monotonic()
    verdict = RulesProvider().analyse(deal)
    latency_ms = (time.monotonic() - started) * 1000
    record(Attempt(RulesProvider.name, RulesProvider.model, Outcome.OK, latency_ms=latency_ms))
    return verdict


def chain_policy() -> ChainPolicy:
    return ChainPolicy(
        deadline_seconds=settings.AI_DEADLINE_SECONDS,
        attempt_timeout_seconds=settings.AI_ATTEMPT_TIMEOUT_SECONDS,
        max_attempts=settings.AI_MAX_ATTEMPTS,
        max_reasks=settings.AI_MAX_REASKS,
        backoff_base_seconds=settings.AI_BACKOFF_BASE_SECONDS,
        backoff_max_seconds=settings.AI_BACKOFF_MAX_SECONDS,
        breaker_threshold=settings.AI_BREAKER_THRESHOLD,
        breaker_reset_seconds=settings.AI_BREAKER_RESET_SECONDS,
    )


def analyse_deal(deal: Deal, *, record: Any) -> tuple[Verdict, str, bool]:
    """(verdict, provider name, degraded) for a deal, through the configured chain."""
    providers = configured_providers()
    connection_release()
    if not providers:
        return _rules_verdict(deal, record), RulesProvider.name, False
    try:
        verdict, provider = LLMChain(providers, policy=chain_policy(), record=record).run(
            deal_messages(deal)
        )
    except ChainExhausted as exhausted:
        details = {"providers": {name: str(end) for name, end in exhausted.outcomes.items()}}
        logger.warning("every LLM provider failed", extra=details)
        if settings.AI_RULES_FALLBACK:
            return _rules_verdict(deal, record), RulesProvider.name, True
        if exhausted.only_bad_output:
            raise app_errors.AIInvalidResponseError(details=details) from None
        raise app_errors.AIUnavailableError(details=details) from None
    return verdict, provider.name, False
