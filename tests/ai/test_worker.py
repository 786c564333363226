"""Analyses through a real Celery worker on the Redis broker: no eager mode, committed data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.utils import timezone

from ai.models import Analysis, AnalysisStatus
from ai.tasks import run_analysis, sweep_stuck_analyses
from config.celery import app as celery_app
from tests.ai.conftest import balance_of, outcomes
from tests.fakes import openai_server as fake
from tests.support.clients import client_for
from tests.support.tasks import TaskOutcomes, task_outcomes
from tokens.models import TokenTransaction

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker() -> Iterator[TaskOutcomes]:
    if celery_app.conf.task_always_eager:
        pytest.skip("needs a broker: make test provides Redis")
    celery_app.control.purge()
    # The project's pool: threads, sharing a pool of database connections.
    with (
        task_outcomes(run_analysis.name) as finished,
        start_worker(
            celery_app,
            pool=settings.CELERY_WORKER_POOL,
            concurrency=4,
            perform_ping_check=False,
            shutdown_timeout=15,
        ),
    ):
        yield finished


def test_a_queued_analysis_is_run_by_the_worker_and_charged_once(
    ai_settings, primary, deal, worker, json_logs
) -> None:
    response = client_for(deal.owner).post(
        f"/api/v1/deals/{deal.pk}/analyses", HTTP_X_REQUEST_ID="analysis-req-0001"
    )
    assert response.status_code == 202
    assert worker.wait_for(1) == ["succeeded"]
    analysis = Analysis.objects.get(pk=response.json()["id"])
    assert (analysis.status, analysis.provider) == (AnalysisStatus.SUCCEEDED, "primary")
    assert primary.hits == 1
    assert balance_of(deal.owner) == (95, 0)
    worker_lines = [
        line for line in json_logs.lines() if line.get("message") == "analysis finished"
    ]
    assert [line["request_id"] for line in worker_lines] == ["analysis-req-0001"]


def test_duplicated_messages_call_the_llm_once_and_capture_once(
    ai_settings, primary, deal, worker
) -> None:
    primary.set_default(fake.ok(delay=0.3))
    analysis_id = client_for(deal.owner).post(f"/api/v1/deals/{deal.pk}/analyses").json()["id"]
    run_analysis.delay(analysis_id)
    run_analysis.delay(analysis_id)
    results = worker.wait_for(3)
    # The duplicates run beside the first (the pool has threads): each finds the analysis owned
    # by that run ("busy") or already finished ("done"); only the first calls the provider.
    assert results.count("succeeded") == 1
    assert set(results) - {"succeeded"} <= {"busy", "done"}
    assert primary.hits == 1
    assert (
        TokenTransaction.objects.filter(
            account__user=deal.owner, transaction_type="ai_usage"
        ).count()
        == 1
    )
    assert balance_of(deal.owner) == (95, 0)


def test_every_provider_down_goes_back_to_the_queue_and_the_sweep_runs_it_again(
    ai_settings, primary, fallback, deal, worker
) -> None:
    ai_settings.AI_MAX_ATTEMPTS = 1
    primary.script(fake.status(503))
    fallback.script(fake.status(503))
    analysis_id = client_for(deal.owner).post(f"/api/v1/deals/{deal.pk}/analyses").json()["id"]
    assert worker.wait_for(1) == ["requeued"]
    assert balance_of(deal.owner) == (100, 5)
    # The beat's sweep, a little later: the analysis has waited its turn in the queue.
    later = timezone.now() + timedelta(seconds=settings.AI_REQUEUE_AFTER_SECONDS + 1)
    with time_machine.travel(later, tick=True):
        assert sweep_stuck_analyses() == 1
    assert worker.wait_for(2) == ["requeued", "succeeded"]
    analysis = Analysis.objects.get(pk=analysis_id)
    assert (analysis.status, analysis.runs, analysis.provider) == (
        AnalysisStatus.SUCCEEDED,
        2,
        "primary",
    )
    assert (primary.hits, fallback.hits) == (2, 1)
    assert balance_of(deal.owner) == (95, 0)


def test_a_provider_that_hangs_is_cut_off_at_the_deadline_by_the_chain_itself(
    ai_settings, primary, fallback, deal, worker
) -> None:
    """The threads pool enforces no time limit on a task: the chain's own deadline must end
    the run while the provider still holds the request open."""
    ai_settings.AI_RULES_FALLBACK = True
    ai_settings.AI_DEADLINE_SECONDS = 3.0
    ai_settings.AI_ATTEMPT_TIMEOUT_SECONDS = 1.0
    ai_settings.AI_MAX_ATTEMPTS = 1
    primary.set_default(fake.hang(600))
    fallback.set_default(fake.hang(600))
    analysis_id = client_for(deal.owner).post(f"/api/v1/deals/{deal.pk}/analyses").json()["id"]
    assert worker.wait_for(1) == ["succeeded"]
    analysis = Analysis.objects.get(pk=analysis_id)
    assert (analysis.provider, analysis.degraded) == ("rules", True)
    assert outcomes(analysis) == [
        ("primary", "timeout"),
        ("fallback", "timeout"),
        ("rules", "ok"),
    ]
    # Both providers were asked and neither has answered: the run ended before they would.
    assert (primary.hits, fallback.hits) == (1, 1)
    assert balance_of(deal.owner) == (95, 0)


def test_a_redelivered_message_for_a_dead_run_finishes_it_once(
    ai_settings, primary, deal, worker
) -> None:
    analysis_id = client_for(deal.owner).post(f"/api/v1/deals/{deal.pk}/analyses").json()["id"]
    worker.wait_for(1)
    # Rewind: as if the worker had died mid-run long ago, then the broker redelivered.
    Analysis.objects.filter(pk=analysis_id).update(status=AnalysisStatus.QUEUED, result=None)
    Analysis.objects.filter(pk=analysis_id).update(
        status=AnalysisStatus.RUNNING,
        run_token="dead",
        started_at=timezone.now() - timedelta(hours=1),
    )
    run_analysis.delay(analysis_id)
    assert worker.wait_for(2)[-1] == "succeeded"
    assert primary.hits == 2
    # The hold was captured by the first run; the second run cannot charge again.
    assert (
        TokenTransaction.objects.filter(
            account__user=deal.owner, transaction_type="ai_usage"
        ).count()
        == 1
    )
    assert balance_of(deal.owner) == (95, 0)
