"""Redis killed (SIGKILL) and started again, empty, while a Celery worker has analyses in flight.

kombu 5.7.0 (the newest release) can take the worker down with it: when the broker connection
breaks while a BRPOP is pending, `Connection.collect()` closes the task channel half-way and
drops `transport.client`; closing the channel again then restores the unacknowledged messages
(acks_late) through a pool built from that None client, `AttributeError: 'NoneType' object has
no attribute 'hostname'`, and Celery exits with "Unrecoverable error". No setting avoids it
(cancelling long-running tasks on connection loss acts after the crash; disabling remote control
breaks ping and inspect). So the worker runs under scripts/supervise.sh, as `make stack` and
`make chaos` run it and systemd (deploy/systemd/) in production: whatever the worker does when
its broker dies, every analysis accepted ends, succeeded and charged once.

No chaos harness: a deployment of its own, a provider on loopback slow enough that the analyses
are running when Redis dies, and the beat's sweep run by hand for the runs the crash cut short.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from celery import Celery
from redis.exceptions import RedisError

from tests.fakes import openai_server as fake
from tests.fakes.openai_server import FakeOpenAI
from tests.support.server import start_celery_worker, wait_until
from tests.support.stack import Stack

# Fewer analyses in flight than the pool has threads (32): the worker keeps a BRPOP waiting on
# the broker while their messages are unacknowledged, which is what the crash needs.
IN_FLIGHT = 6
ROUNDS = 2
COST = 5
ENV = {
    "AI_PRIMARY_API_KEY": "sk-broker-loss-key-0000",
    "AI_PRIMARY_MODEL": "broker-loss-model",
    "AI_RULES_FALLBACK": "false",
    # A run cut short turns stale after 8 + 2 s, and the sweep then sends it again.
    "AI_DEADLINE_SECONDS": "8",
    "AI_ATTEMPT_TIMEOUT_SECONDS": "6",
    "AI_REQUEUE_AFTER_SECONDS": "2",
    "AI_ANALYSIS_COST": str(COST),
    "SIGNUP_BONUS_TOKENS": "1000",
    "RATE_LIMIT_ANALYSIS": "1000/minute",
}
DEAL = {"title": "Noise-cancelling headphones", "price": "199.99", "original_price": "349.00"}
SWEEP = "from ai.tasks import sweep_stuck_analyses; sweep_stuck_analyses()"


@pytest.fixture
def provider() -> Iterator[FakeOpenAI]:
    with FakeOpenAI("primary") as server:
        yield server


@pytest.fixture
def stack(provider: FakeOpenAI) -> Iterator[Stack]:
    deployment = Stack(
        "broker-loss", {**ENV, "AI_PRIMARY_BASE_URL": provider.base_url}, worker=False
    )
    try:
        deployment.worker = start_celery_worker(
            deployment.env, log=deployment.worker_log, supervised=True
        )
        yield deployment
    finally:
        deployment.close()


def request_analysis(stack: Stack, token: str) -> int:
    deal = stack.call(
        "POST",
        "/api/v1/deals",
        {**DEAL, "url": f"https://shop.example/{uuid.uuid4()}"},
        token=token,
    )
    assert deal.status == 201, deal
    queued = stack.call("POST", f"/api/v1/deals/{deal.body['id']}/analyses", token=token)
    assert queued.status == 202, queued
    return queued.body["id"]


def a_worker_answers(stack: Stack) -> bool:
    control = Celery(broker=stack.redis.url)
    try:
        return bool(control.control.ping(timeout=0.5))
    except (OSError, RedisError):
        return False
    finally:
        control.close()


def test_analyses_in_flight_when_redis_dies_all_end_succeeded_and_charged_once(
    stack: Stack, provider: FakeOpenAI
) -> None:
    token = stack.register(f"broker-loss-{uuid.uuid4().hex[:8]}@example.com")
    provider.set_default(fake.ok(delay=3.0))
    accepted: list[int] = []
    for _ in range(ROUNDS):
        hits = provider.hits
        accepted += [request_analysis(stack, token) for _ in range(IN_FLIGHT)]
        wait_until(lambda hits=hits: provider.hits >= hits + IN_FLIGHT, timeout=30, what="calls")
        stack.redis.kill()
        stack.redis.start()
        wait_until(lambda: a_worker_answers(stack), timeout=60, what="a worker on the new Redis")

    # The sweep (every minute under the beat) sends again what the dead runs left running.
    def every_analysis_ended() -> bool:
        stack.manage("shell", "-c", SWEEP)
        statuses = [
            stack.call("GET", f"/api/v1/analyses/{number}", token=token).body["status"]
            for number in accepted
        ]
        if all(status in ("succeeded", "failed") for status in statuses):
            return True
        time.sleep(2)
        return False

    provider.set_default(fake.ok())
    wait_until(every_analysis_ended, timeout=120, what="every analysis to end")

    outcomes = [stack.call("GET", f"/api/v1/analyses/{n}", token=token).body for n in accepted]
    assert [a["status"] for a in outcomes] == ["succeeded"] * len(accepted)
    ledger = stack.call("GET", "/api/v1/tokens/transactions", token=token).body
    charges = [
        row["reference_id"] for row in ledger["results"] if row["transaction_type"] == "ai_usage"
    ]
    assert sorted(charges) == sorted(f"analysis:{n}" for n in accepted)
    balance = stack.call("GET", "/api/v1/tokens/balance", token=token).body
    assert (balance["balance"], balance["held"]) == (1000 - COST * len(accepted), 0)
    assert stack.worker.process.poll() is None  # the supervisor itself never ends
