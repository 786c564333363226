"""A worker keeps more provider calls in flight than it has database connections: a run gives its
connection back to the pool (DATABASE_POOL_MAX_SIZE) while the provider answers.

A deployment of its own, its worker with 8 threads and a pool of 2 connections that refuses to
wait longer than a second for one. Were a connection held during a call, only 2 calls could be
in flight and the other runs would fail to get one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest

from tests.fakes import openai_server as fake
from tests.fakes.openai_server import FakeOpenAI
from tests.support.server import start_celery_worker, wait_until
from tests.support.stack import Stack

THREADS, POOL = 8, 2
APPLICATION = "pool-test-worker"
ENV = {
    "AI_PRIMARY_API_KEY": "sk-pool-key-0000",
    "AI_PRIMARY_MODEL": "pool-model",
    "AI_RULES_FALLBACK": "false",
    "AI_DEADLINE_SECONDS": "20",
    "AI_ATTEMPT_TIMEOUT_SECONDS": "15",
    "DATABASE_POOL_MAX_SIZE": str(POOL),
    "WORKER_DATABASE_POOL_TIMEOUT_SECONDS": "1",
    "RATE_LIMIT_ANALYSIS": "1000/minute",
}
DEAL = {"title": "Noise-cancelling headphones", "price": "199.99", "original_price": "349.00"}


@pytest.fixture
def provider() -> Iterator[FakeOpenAI]:
    with FakeOpenAI("primary") as server:
        yield server


@pytest.fixture
def stack(provider: FakeOpenAI) -> Iterator[Stack]:
    deployment = Stack("pool", {**ENV, "AI_PRIMARY_BASE_URL": provider.base_url}, worker=False)
    try:
        yield deployment
    finally:
        deployment.close()


class ConnectionPeak:
    """The most PostgreSQL connections the worker held at once, sampled every 20 ms."""

    def __init__(self, database_url: str) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._connection = psycopg.connect(database_url, autocommit=True)
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            count = self._connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                [APPLICATION],
            ).fetchone()
            self.peak = max(self.peak, count[0] if count else 0)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        self._connection.close()
        return self.peak


def test_eight_calls_in_flight_on_two_connections_each_charged_once(
    stack: Stack, provider: FakeOpenAI
) -> None:
    provider.set_default(fake.ok(delay=4))
    token = stack.register("pool-owner@example.com")
    analyses = []
    for index in range(THREADS):
        deal = stack.call("POST", "/api/v1/deals", {**DEAL, "title": f"Deal {index}"}, token=token)
        queued = stack.call("POST", f"/api/v1/deals/{deal.body['id']}/analyses", token=token)
        assert queued.status == 202, queued
        analyses.append(queued.body["id"])
    peak = ConnectionPeak(stack.env["DATABASE_URL"])
    url = stack.env["DATABASE_URL"]
    named = f"{url}{'&' if '?' in url else '?'}application_name={APPLICATION}"
    worker_env = {**stack.env, "DATABASE_URL": named}
    stack.worker = start_celery_worker(worker_env, concurrency=THREADS, log=stack.worker_log)
    try:
        # Every call reaches the provider before the first one is answered.
        wait_until(lambda: provider.hits == THREADS, timeout=30, what="all calls in flight")
        statuses = [
            stack.call("GET", f"/api/v1/analyses/{pk}", token=token).body["status"]
            for pk in analyses
        ]
        assert statuses == ["running"] * THREADS

        def finished() -> bool:
            return all(
                stack.call("GET", f"/api/v1/analyses/{pk}", token=token).body["status"]
                in ("succeeded", "failed")
                for pk in analyses
            )

        wait_until(finished, timeout=60, what="the analyses to finish")
    finally:
        held = peak.stop()
    for pk in analyses:
        body = stack.call("GET", f"/api/v1/analyses/{pk}", token=token).body
        assert (body["status"], body["provider"]) == ("succeeded", "primary"), body
    assert 1 <= held <= POOL
    assert provider.hits == THREADS
    ledger = stack.call("GET", "/api/v1/tokens/transactions", token=token).body["results"]
    assert sum(1 for row in ledger if row["transaction_type"] == "ai_usage") == THREADS
    assert stack.invariants().hold
