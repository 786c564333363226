"""Benchmark: the cost of failing over, and analyses per second through a real worker.

1. With the primary down and its breaker open, the p50 latency of a chain call that fails over
   to the fallback, against calling the fallback directly, in the same process and minute
   (goal: < 5 ms added at p50).
2. Analyses per second through a real Celery worker process (prefork, 2 children) with a
   zero-latency fake provider, against running the same analyses in-process one by one.

Needs PostgreSQL and Redis: `make bench-ai` starts throwaway ones (scripts/with-test-services.sh)
and runs `python bench/ai_failover.py [--calls 300 --analyses 200]` against them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from tests.fakes.openai_server import FakeOpenAI, ok, status

PRIMARY = FakeOpenAI("primary").start()
FALLBACK = FakeOpenAI("fallback").start()
PRIMARY.set_default(status(500))
FALLBACK.set_default(ok())
os.environ.update(
    AI_PRIMARY_BASE_URL=PRIMARY.base_url,
    AI_PRIMARY_MODEL="primary-model",
    AI_PRIMARY_API_KEY="bench",
    AI_FALLBACK_BASE_URL=FALLBACK.base_url,
    AI_FALLBACK_MODEL="fallback-model",
    AI_FALLBACK_API_KEY="bench",
    AI_RULES_FALLBACK="false",
    AI_ANALYSIS_COST="1",
)

import django

django.setup()

from django.core.management import call_command
from django.db import connection

from accounts.models import User
from ai.analyser import chain_policy
from ai.breaker import OPEN, CircuitBreaker
from ai.llm import LLMChain
from ai.models import Analysis, AnalysisStatus
from ai.providers import configured_providers
from ai.runs import analysis_run
from ai.services import analysis_request
from config.celery import app as celery_app
from deals.models import Deal
from tokens.models import TransactionType
from tokens.selectors import ledger_drift
from tokens.services import tokens_credit

MESSAGES = [{"role": "user", "content": '{"title": "Kettle", "price": "20.00"}'}]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def failover_latency(calls: int) -> None:
    policy = chain_policy()
    primary, fallback = configured_providers()
    breaker = CircuitBreaker(
        "primary", threshold=policy.breaker_threshold, reset_seconds=3600, probe_ttl=15
    )
    for _ in range(policy.breaker_threshold):
        breaker.record_failure()
    assert breaker.state() == OPEN
    via_failover = LLMChain([primary, fallback], policy=policy)
    direct = LLMChain([fallback], policy=policy)
    for chain in (via_failover, direct):
        for _ in range(20):
            chain.run(MESSAGES)
    timings: dict[str, list[float]] = {"failover": [], "direct": []}
    for _ in range(calls):
        for name, chain in (("failover", via_failover), ("direct", direct)):
            started = time.perf_counter()
            _, provider = chain.run(MESSAGES)
            timings[name].append((time.perf_counter() - started) * 1000)
            assert provider.name == "fallback"
    assert PRIMARY.hits == 0, "the open breaker must keep every call off the primary"
    failover_p50 = statistics.median(timings["failover"])
    direct_p50 = statistics.median(timings["direct"])
    for label, name, p50 in (
        ("fallback directly     ", "direct", direct_p50),
        ("failover, breaker open", "failover", failover_p50),
    ):
        print(f"{label} p50 {p50:6.2f} ms   p99 {percentile(timings[name], 0.99):6.2f} ms")
    print(
        f"added by failing over: {failover_p50 - direct_p50:+.2f} ms at p50 "
        f"(ratio {failover_p50 / direct_p50:.2f}x; goal < 5 ms)"
    )


def make_analyses(user: User, count: int) -> list[int]:
    ids = []
    for index in range(count):
        deal = Deal.objects.create(owner=user, title=f"Bench deal {index}", price="20.00")
        ids.append(analysis_request(user=user, deal_id=deal.pk).pk)
    return ids


def wait_finished(ids: list[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = (
            Analysis.objects.filter(pk__in=ids).exclude(status=AnalysisStatus.SUCCEEDED).count()
        )
        if pending == 0:
            return
        time.sleep(0.05)
    raise RuntimeError(f"{pending} analyses did not finish")


def throughput(count: int) -> None:
    PRIMARY.set_default(ok())
    for name in ("primary", "fallback"):
        CircuitBreaker(name, threshold=1, reset_seconds=1, probe_ttl=1).record_success()
    run_id = int(time.time())
    user = User.objects.create_user(email=f"bench{run_id}@bench.example", password=None, name="B")
    tokens_credit(user=user, amount=10 * count, transaction_type=TransactionType.PURCHASE)

    # Baseline: the same work in this process, one analysis after another.
    inline_ids = make_analyses(user, count)
    celery_app.control.purge()  # their messages: the worker must not find them
    started = time.perf_counter()
    for analysis_id in inline_ids:
        analysis_run(analysis_id=analysis_id)
    inline_rate = count / (time.perf_counter() - started)

    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "2",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        warm = make_analyses(user, 4)
        wait_finished(warm, timeout=60)
        started = time.perf_counter()
        worker_ids = make_analyses(user, count)
        wait_finished(worker_ids, timeout=120)
        worker_rate = count / (time.perf_counter() - started)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    print(f"in-process, one by one      {inline_rate:7.1f} analyses/s")
    print(f"real worker (prefork, 2)    {worker_rate:7.1f} analyses/s (enqueue included)")
    print(f"ratio worker / in-process: {worker_rate / inline_rate:.2f}x")
    charged = user.token_account.transactions.filter(
        transaction_type=TransactionType.AI_USAGE
    ).count()
    print(
        f"analyses charged: {charged} of {2 * count + 4}; reconciliation: "
        f"{'clean' if not ledger_drift() else 'DRIFT'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--analyses", type=int, default=200)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        sys.exit("bench/ai_failover.py needs PostgreSQL and Redis (use make bench-ai)")
    call_command("migrate", verbosity=0)
    try:
        failover_latency(args.calls)
        throughput(args.analyses)
    finally:
        PRIMARY.stop()
        FALLBACK.stop()


if __name__ == "__main__":
    main()
