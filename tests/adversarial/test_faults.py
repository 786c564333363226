"""Faults injected into a live deployment: its own PostgreSQL and Redis (stopped and started
again), the web under gunicorn, a Celery worker with the project's threaded pool (killed with
SIGKILL, stopped with SIGTERM), and an LLM provider on 127.0.0.1 that hangs, resets connections
and answers garbage.

Each test checks what a client sees during the fault and that nothing is lost afterwards: the
ledger reconciles, no analysis is left queued or running, no hold is left open.
"""

from __future__ import annotations

import os
import signal
import textwrap
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fakes import openai_server as fake
from tests.fakes.openai_server import FakeOpenAI
from tests.support.server import wait_until
from tests.support.stack import Reply, Stack

BREAKER_RESET_SECONDS = 6
# Short limits so that a run whose worker died turns stale in 35 s (hard limit + 30 s).
FAULT_ENV = {
    "AI_PRIMARY_API_KEY": "sk-fault-injection-key-0000",
    "AI_PRIMARY_MODEL": "fault-model",
    "AI_RULES_FALLBACK": "false",
    "AI_DEADLINE_SECONDS": "3",
    "AI_ATTEMPT_TIMEOUT_SECONDS": "1",
    "AI_MAX_ATTEMPTS": "2",
    "AI_MAX_REASKS": "1",
    "AI_BACKOFF_BASE_SECONDS": "0.05",
    "AI_BACKOFF_MAX_SECONDS": "0.2",
    "AI_BREAKER_THRESHOLD": "3",
    "AI_BREAKER_RESET_SECONDS": str(BREAKER_RESET_SECONDS),
    # A killed worker's unacknowledged message returns to the queue after this long, past the
    # 3 s deadline and the 5 s the sweep waits before it takes a run for dead.
    "CELERY_VISIBILITY_TIMEOUT_SECONDS": "10",
    "AI_REQUEUE_AFTER_SECONDS": "5",
    # The tests sweep by hand, as often as they poll: runs are not what they count.
    "AI_MAX_RUNS": "100",
    "LOG_LEVEL": "INFO",
    # Two connections a process: the worker keeps more analyses than that in flight, because
    # none holds a connection while its provider answers.
    "DATABASE_POOL_MAX_SIZE": "2",
}
IN_FLIGHT = 12
DEAL = {"title": "Noise-cancelling headphones", "price": "199.99", "original_price": "349.00"}
FINISHED = ("succeeded", "failed")


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeOpenAI]:
    with FakeOpenAI("primary") as server:
        yield server


@pytest.fixture(scope="module")
def stack(provider: FakeOpenAI) -> Iterator[Stack]:
    deployment = Stack("faults", {**FAULT_ENV, "AI_PRIMARY_BASE_URL": provider.base_url})
    try:
        yield deployment
    finally:
        deployment.close()


@pytest.fixture(autouse=True)
def healthy_provider(provider: FakeOpenAI) -> FakeOpenAI:
    provider.reset()
    return provider


@pytest.fixture
def token(stack: Stack) -> str:
    return stack.register(f"user-{uuid.uuid4().hex[:12]}@example.com")


@pytest.fixture
def deal_id(stack: Stack, token: str) -> int:
    created = stack.call("POST", "/api/v1/deals", DEAL, token=token)
    assert created.status == 201, created
    return created.body["id"]


def balance(stack: Stack, token: str) -> tuple[int, int]:
    body = stack.call("GET", "/api/v1/tokens/balance", token=token).body
    return body["balance"], body["held"]


def charges(stack: Stack, token: str) -> int:
    ledger = stack.call("GET", "/api/v1/tokens/transactions", token=token).body["results"]
    return sum(1 for row in ledger if row["transaction_type"] == "ai_usage")


def request_analysis(stack: Stack, token: str, deal_id: int) -> int:
    queued = stack.call("POST", f"/api/v1/deals/{deal_id}/analyses", token=token)
    assert queued.status == 202, queued
    return queued.body["id"]


def finished_analysis(stack: Stack, token: str, analysis_id: int, timeout: float = 90) -> Any:
    def finished() -> Any:
        body = stack.call("GET", f"/api/v1/analyses/{analysis_id}", token=token).body
        return body if body["status"] in FINISHED else None

    return wait_until(finished, timeout=timeout, what=f"analysis {analysis_id} to finish")


def assert_error(reply: Reply, status: int, code: str) -> None:
    assert (reply.status, reply.code) == (status, code), reply
    assert reply.body["request_id"] == reply.headers["X-Request-ID"]


def assert_nothing_lost(stack: Stack) -> None:
    invariants = stack.invariants()
    assert invariants.hold, invariants


def breaker_is_open(stack: Stack) -> bool:
    """The breaker's state as every worker reads it: its `open_until` key in Redis."""
    script = (
        "from django.core.cache import cache; print(cache.get('ai:breaker:primary:open_until'))"
    )
    found = stack.manage("shell", "-c", script)
    assert found.returncode == 0, found.stderr
    return found.stdout.strip().splitlines()[-1] != "None"


def test_while_postgresql_is_down_clients_get_503_and_the_web_recovers_without_a_restart(
    stack: Stack, token: str, deal_id: int
) -> None:
    web_processes = stack.web.children()
    stack.postgres.stop()
    try:
        down = stack.call("GET", "/api/v1/deals", token=token)
        assert_error(down, 503, "SYSTEM_DATABASE_UNAVAILABLE")
        assert down.headers["Retry-After"] == "5"
        assert str(stack.postgres.port) not in str(down.body)
        deduct = stack.call("POST", "/api/v1/tokens/deduct", {"amount": 3}, token=token)
        assert_error(deduct, 503, "SYSTEM_DATABASE_UNAVAILABLE")
        assert_error(
            stack.call("POST", "/api/v1/auth/token", {"email": "a@example.com", "password": "x"}),
            503,
            "SYSTEM_DATABASE_UNAVAILABLE",
        )
        ready = stack.call("GET", "/api/v1/health/ready")
        assert_error(ready, 503, "SYSTEM_DEPENDENCY_UNAVAILABLE")
        assert ready.body["details"]["checks"]["database"] == "unavailable"
        assert stack.call("GET", "/api/v1/health").status == 200
        # A 404 needs no database; its record for the signed-in user waits in Redis too.
        missing = stack.call("GET", "/api/v1/no-such-route", token=token)
        assert_error(missing, 404, "RESOURCE_NOT_FOUND")
    finally:
        stack.postgres.start()

    assert stack.call("GET", "/api/v1/deals", token=token).status == 200
    assert stack.call("GET", "/api/v1/health/ready").status == 200
    assert stack.web.children() == web_processes
    # The request ids the clients were told to quote reach the support desk within a minute.
    desk = stack.admin_session(f"desk-{uuid.uuid4().hex[:8]}@example.com")
    for reply in (down, missing):
        search = f"/admin/monitoring/errorevent/?q={reply.headers['X-Request-ID']}"
        found = wait_until(
            lambda search=search, reply=reply: reply.code in stack.admin_page(desk, search),
            timeout=60,
            what=f"the {reply.status} to be found in the support desk",
        )
        assert found
    assert balance(stack, token) == (100, 0)
    # The worker, not restarted either, runs the next job against the database that came back.
    analysis = finished_analysis(stack, token, request_analysis(stack, token, deal_id))
    assert (analysis["status"], analysis["provider"]) == ("succeeded", "primary")
    assert balance(stack, token) == (95, 0)
    assert_nothing_lost(stack)


def test_while_redis_is_down_requests_fail_open_logins_refuse_and_jobs_resume(
    stack: Stack, token: str, deal_id: int
) -> None:
    email = stack.call("GET", "/api/v1/auth/me", token=token).body["email"]
    stack.redis.stop()
    try:
        assert stack.call("GET", "/api/v1/deals", token=token).status == 200
        deducted = stack.call("POST", "/api/v1/tokens/deduct", {"amount": 3}, token=token)
        assert deducted.status == 200, deducted
        login = stack.call("POST", "/api/v1/auth/token", {"email": email, "password": "x" * 12})
        assert_error(login, 503, "SYSTEM_RATE_LIMITER_UNAVAILABLE")
        assert login.headers["Retry-After"] == "5"
        ready = stack.call("GET", "/api/v1/health/ready")
        assert_error(ready, 503, "SYSTEM_DEPENDENCY_UNAVAILABLE")
        assert ready.body["details"]["checks"]["cache"] == "unavailable"
        # Accepted and held; its message cannot reach the broker, so the sweep must find it.
        lost_id = request_analysis(stack, token, deal_id)
    finally:
        stack.redis.start()

    assert stack.call("GET", "/api/v1/health/ready").status == 200
    relogin = stack.call("POST", "/api/v1/auth/token", {"email": email, "password": "x" * 12})
    assert_error(relogin, 401, "AUTH_INVALID_CREDENTIALS")
    assert balance(stack, token) == (97, 5)
    # The beat's sweep, run as it would run two minutes on: the lost job is queued again, and the
    # worker, reconnected to the broker by itself, runs it.
    swept = stack.manage("shell", "-c", SWEEP_LATER)
    assert swept.stdout.strip().splitlines()[-1] == "1", swept.stdout + swept.stderr
    analysis = finished_analysis(stack, token, lost_id)
    assert (analysis["status"], analysis["provider"]) == ("succeeded", "primary")
    assert balance(stack, token) == (92, 0)
    assert charges(stack, token) == 2
    assert_nothing_lost(stack)


SWEEP_LATER = textwrap.dedent(
    """
    from datetime import timedelta
    import time_machine
    from django.utils import timezone
    from ai.tasks import sweep_stuck_analyses
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=True):
        print(sweep_stuck_analyses())
    """
)


def queued_with_the_worker_stopped(stack: Stack, token: str, count: int) -> list[int]:
    """`count` analyses queued while no worker runs; a worker then takes them all at once."""
    stack.worker.stop()
    started = []
    for _ in range(count):
        deal = stack.call("POST", "/api/v1/deals", DEAL, token=token).body["id"]
        started.append(request_analysis(stack, token, deal))
    stack.start_worker()
    return started


def test_sigterm_lets_the_analyses_in_flight_finish_each_charged_once(
    stack: Stack, provider: FakeOpenAI, token: str
) -> None:
    provider.set_default(fake.ok(delay=0.5))  # within the 1 s attempt timeout
    started = queued_with_the_worker_stopped(stack, token, IN_FLIGHT)
    # Six times the worker's database connections, all waiting on the provider at once.
    wait_until(lambda: provider.hits >= IN_FLIGHT, timeout=30, what="the analyses in flight")
    stack.worker.process.send_signal(signal.SIGTERM)  # a warm shutdown: in-flight work finishes
    stack.worker.process.wait(timeout=30)
    try:
        for analysis_id in started:
            assert finished_analysis(stack, token, analysis_id, timeout=5)["status"] == "succeeded"
        assert charges(stack, token) == IN_FLIGHT
        assert balance(stack, token) == (100 - 5 * IN_FLIGHT, 0)
        # More only if an attempt of a loaded machine ran past its 1 s and was tried again.
        assert provider.hits >= IN_FLIGHT
    finally:
        stack.worker.stop()
        stack.start_worker()
    assert_nothing_lost(stack)


def test_a_worker_killed_mid_analysis_has_it_redelivered_finished_once_and_charged_once(
    stack: Stack, token: str, deal_id: int, provider: FakeOpenAI
) -> None:
    provider.script(fake.hang(60))
    analysis_id = request_analysis(stack, token, deal_id)
    wait_until(lambda: provider.hits == 1, timeout=30, what="the worker to call the provider")
    killed = stack.worker.pid
    os.kill(killed, signal.SIGKILL)  # the whole worker: its threads die with it
    stack.worker.stop()
    stack.start_worker()

    analysis = finished_analysis(stack, token, analysis_id, timeout=120)
    assert (analysis["status"], analysis["provider"]) == ("succeeded", "primary")
    assert stack.worker.pid != killed
    assert provider.hits == 2
    assert charges(stack, token) == 1
    assert balance(stack, token) == (95, 0)
    assert_nothing_lost(stack)


def sweep(stack: Stack) -> None:
    """The beat's sweep, as it would run minutes later: whatever waits in the queue is sent."""
    swept = stack.manage("shell", "-c", SWEEP_LATER)
    assert swept.returncode == 0, swept.stderr


def status_of(stack: Stack, token: str, analysis_id: int) -> str:
    return stack.call("GET", f"/api/v1/analyses/{analysis_id}", token=token).body["status"]


def test_a_failing_provider_opens_the_breaker_and_the_analysis_waits_until_it_recovers(
    stack: Stack, token: str, deal_id: int, provider: FakeOpenAI
) -> None:
    # Attempts of earlier tests that ran past their 1 s on a loaded machine count as failures:
    # this test starts from a closed breaker, as every worker reads it.
    cleared = stack.manage(
        "shell", "-c", "from django.core.cache import cache; cache.delete_pattern('ai:breaker:*')"
    )
    assert cleared.returncode == 0, cleared.stderr
    assert not breaker_is_open(stack)
    provider.set_default(fake.garbage_body())
    garbled = finished_analysis(stack, token, request_analysis(stack, token, deal_id))
    assert (garbled["status"], garbled["error"]["code"]) == ("failed", "AI_INVALID_RESPONSE")
    assert "oops" not in str(garbled)
    assert not breaker_is_open(stack)  # invalid output is not the provider being down
    assert balance(stack, token) == (100, 0)  # a failed analysis costs nothing

    provider.set_default(fake.reset_connection())
    provider.script(fake.hang(30), fake.reset_connection(), fake.hang(30))
    waiting = request_analysis(stack, token, deal_id)

    def opened() -> bool:
        sweep(stack)
        return breaker_is_open(stack)

    wait_until(opened, timeout=60, what="the breaker to open")
    # The provider is down: the analysis waits in the queue, its tokens held, not charged.
    assert status_of(stack, token, waiting) in ("queued", "running")
    assert balance(stack, token) == (100, 5)

    provider.set_default(fake.ok())
    calls_while_open = provider.hits

    def recovered() -> bool:
        sweep(stack)
        return status_of(stack, token, waiting) == "succeeded"

    # Runs while it is open are refused without a call, until one probe succeeds.
    wait_until(recovered, timeout=BREAKER_RESET_SECONDS * 10, what="the breaker to close")
    assert not breaker_is_open(stack)
    assert provider.hits == calls_while_open + 1
    assert charges(stack, token) == 1
    assert balance(stack, token) == (95, 0)
    assert_nothing_lost(stack)
