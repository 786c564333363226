"""Benchmark: analyses a second from one Celery worker process, against a provider that answers
after 1 s, beside the physical limit (pool size / provider latency).

The project's pool (threads, CELERY_WORKER_CONCURRENCY of them: what a plain `celery -A config
worker` runs) is measured beside the baseline, prefork with one process per core (what that
command ran before). For each: the analyses are queued at once, a worker process starts on the
Redis broker, and the rate is the analyses over the span from the first one's start to the last
one's end (from the database's timestamps, so neither queuing nor start-up counts). Memory per
in-flight analysis is the worker's peak resident memory above its idle memory, over the pool size.
Fails if any analysis did not succeed or any was charged other than exactly once.
Needs PostgreSQL and Redis: `make bench-workers`.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from tests.fakes.openai_server import FakeOpenAI, ok

LATENCY = 1.0
PROVIDER = FakeOpenAI("slow").start()
PROVIDER.set_default(ok(delay=LATENCY))
os.environ.update(
    AI_PRIMARY_BASE_URL=PROVIDER.base_url,
    AI_PRIMARY_MODEL="slow-model",
    AI_PRIMARY_API_KEY="bench",
    AI_RULES_FALLBACK="false",
    AI_ANALYSIS_COST="1",
)

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, Max, Min

from accounts.models import User
from ai.models import Analysis, AnalysisStatus
from ai.services import analysis_request
from deals.models import Deal
from tests.support.server import start_celery_worker, wait_until
from tokens.models import TokenTransaction, TransactionType
from tokens.selectors import ledger_drift
from tokens.services import tokens_credit


def queue(name: str, count: int) -> list[int]:
    """`count` analyses of `count` deals of one funded user, queued on the broker at once."""
    user = User.objects.create_user(email=f"{name}@bench.example", password=None, name=name)
    tokens_credit(user=user, amount=count, transaction_type=TransactionType.PURCHASE)
    deals = Deal.objects.bulk_create(
        Deal(owner=user, title=f"{name} deal {index}", price="10.00", original_price="20.00")
        for index in range(count)
    )
    return [analysis_request(user=user, deal_id=deal.pk).pk for deal in deals]


def run(name: str, count: int, pool: str, concurrency: int) -> dict[str, float]:
    env = {**os.environ, "CELERY_BROKER_URL": settings.CELERY_BROKER_URL}
    worker = start_celery_worker(env, concurrency=concurrency, pool=pool)
    time.sleep(1)
    idle = worker.rss_kib()
    worker.stop()
    # All queued before the worker starts: the queue is full when it begins, as after a burst.
    ids = queue(name, count)
    worker = start_celery_worker(env, concurrency=concurrency, pool=pool)
    peak = [idle]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak.append(worker.rss_kib())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        finished = Analysis.objects.filter(pk__in=ids, status__in=("succeeded", "failed"))
        wait_until(lambda: finished.count() == count, timeout=count * LATENCY + 120, what=f"{name}")
    finally:
        done.set()
        sampler.join()
        worker.stop()
    return measured(name, ids, pool, concurrency, idle, max(peak))


def measured(
    name: str, ids: list[int], pool: str, concurrency: int, idle: int, peak: int
) -> dict[str, float]:
    analyses = Analysis.objects.filter(pk__in=ids)
    span = analyses.aggregate(first=Min("started_at"), last=Max("finished_at"))
    seconds = (span["last"] - span["first"]).total_seconds()
    succeeded = analyses.filter(status=AnalysisStatus.SUCCEEDED).count()
    charges = (
        TokenTransaction.objects.filter(
            transaction_type=TransactionType.AI_USAGE,
            reference_id__in=[f"analysis:{pk}" for pk in ids],
        )
        .values("reference_id")
        .annotate(rows=Count("id"))
    )
    charged_once = sum(1 for row in charges if row["rows"] == 1)
    double = sum(1 for row in charges if row["rows"] > 1)
    if succeeded != len(ids) or charged_once != len(ids) or double:
        sys.exit(f"{name}: {succeeded} succeeded, {charged_once} charged once, {double} twice")
    rate = len(ids) / seconds
    limit = concurrency / LATENCY
    return {
        "rate": rate,
        "limit": limit,
        "ratio": rate / limit,
        "kib_per_flight": (peak - idle) / concurrency,
        "peak_mib": peak / 1024,
        "double": double,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--analyses", type=int, default=200)
    parser.add_argument("--baseline-analyses", type=int, default=40)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("bench/workers.py needs PostgreSQL and Redis (use make bench-workers)")
    call_command("migrate", verbosity=0)
    cores = os.cpu_count() or 1
    results = {
        f"threads x{settings.CELERY_WORKER_CONCURRENCY}": run(
            "threads", args.analyses, "threads", settings.CELERY_WORKER_CONCURRENCY
        ),
        f"prefork x{cores} (baseline)": run("prefork", args.baseline_analyses, "prefork", cores),
    }
    for name, result in results.items():
        print(
            f"{name:22s} {result['rate']:6.1f} analyses/s of a physical limit of "
            f"{result['limit']:5.1f} ({result['ratio']:.2f}); peak {result['peak_mib']:.0f} MiB, "
            f"{result['kib_per_flight']:.0f} KiB per analysis in flight; "
            f"{result['double']} double charges"
        )
    threads, prefork = results.values()
    print(f"throughput ratio threads / prefork: {threads['rate'] / prefork['rate']:.1f}x")
    print(f"threads against the physical limit: {threads['ratio']:.2f} (goal 0.80)")
    drift = ledger_drift()
    if drift:
        sys.exit(f"the ledger drifted: {drift}")


if __name__ == "__main__":
    try:
        main()
    finally:
        PROVIDER.stop()
