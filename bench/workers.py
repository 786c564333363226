"""Benchmark: analyses a second from one Celery worker process against slow providers, beside the
physical limits, with the 32-thread pool of before as the baseline in the same run.

For each provider latency (1 s and 10 s) and each batch (200 and 2,000 analyses), the analyses are
queued at once with no worker running; then one worker process starts on the Redis broker with
the project's default pool (a plain `celery -A config worker`). The rate is the analyses over the
span from the first one's start to the last one's end (database timestamps: neither queuing nor
start-up counts). Beside it:
- the physical limits: analyses in flight / latency, and 1 / the worker's CPU per analysis (one
  process runs Python on one core at a time);
- peak resident memory, and above idle per analysis in flight;
- how long a run took, claim to result, at the median and the 90th percentile;
- peak PostgreSQL connections of the worker (pg_stat_activity, by application name);
- double charges (must be 0; the run fails if any analysis did not succeed once, charged once).
The baseline, 32 threads (the default before), runs 4 x 32 analyses per latency: its
pool is full from start to end, so its rate is its steady state. Needs PostgreSQL and Redis:
`make bench-workers`.
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

PROVIDER = FakeOpenAI("slow").start()
WORKER_APP = "bench-worker"
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
from django.db import connection
from django.db.models import Count, Max, Min

from accounts.models import User
from ai.models import Analysis, AnalysisStatus
from ai.services import analysis_request
from deals.models import Deal
from tests.support.server import Service, start_celery_worker, wait_until
from tokens.models import TokenTransaction, TransactionType
from tokens.services import tokens_credit

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def queue(name: str, count: int) -> list[int]:
    """`count` analyses of `count` deals of one funded user, queued on the broker at once."""
    user = User.objects.create_user(email=f"{name}@bench.example", password=None, name=name)
    tokens_credit(user=user, amount=count, transaction_type=TransactionType.PURCHASE)
    deals = Deal.objects.bulk_create(
        Deal(owner=user, title=f"{name} deal {index}", price="10.00", original_price="20.00")
        for index in range(count)
    )
    return [analysis_request(user=user, deal_id=deal.pk).pk for deal in deals]


def cpu_seconds(worker: Service) -> float:
    total = 0
    for pid in (worker.pid, *worker.children()):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def worker_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [WORKER_APP]
        )
        return cursor.fetchone()[0]


def worker_env() -> dict[str, str]:
    # The application name tells the worker's connections from this process's.
    separator = "&" if "?" in os.environ["DATABASE_URL"] else "?"
    return {
        **os.environ,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DATABASE_URL": f"{os.environ['DATABASE_URL']}{separator}application_name={WORKER_APP}",
    }


def run(name: str, count: int, latency: float, concurrency: int | None) -> dict[str, float]:
    """One batch through one fresh worker (`concurrency` None: the project's default)."""
    PROVIDER.set_default(ok(delay=latency))
    worker = start_celery_worker(worker_env(), concurrency=concurrency)
    time.sleep(1)
    idle = worker.rss_kib()
    worker.stop()
    ids = queue(name, count)  # all queued before it starts, as after a burst
    worker = start_celery_worker(worker_env(), concurrency=concurrency)
    cpu_before = cpu_seconds(worker)
    peaks = {"rss": idle, "connections": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peaks["rss"] = max(peaks["rss"], worker.rss_kib())
            peaks["connections"] = max(peaks["connections"], worker_connections())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        finished = Analysis.objects.filter(pk__in=ids, status__in=("succeeded", "failed"))
        wait_until(lambda: finished.count() == count, timeout=count * latency + 300, what=name)
        cpu = cpu_seconds(worker) - cpu_before
    finally:
        done.set()
        sampler.join()
        worker.stop(timeout=120)
    in_flight = min(count, concurrency or settings.CELERY_WORKER_CONCURRENCY)
    return measured(name, ids, latency, in_flight, cpu, idle, peaks)


def measured(
    name: str,
    ids: list[int],
    latency: float,
    in_flight: int,
    cpu: float,
    idle: int,
    peaks: dict[str, int],
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
    cpu_ms = cpu * 1000 / len(ids)
    runs = sorted(
        (finished - started).total_seconds()
        for started, finished in analyses.values_list("started_at", "finished_at")
    )
    return {
        "run_p50": runs[len(runs) // 2],
        "run_p90": runs[len(runs) * 9 // 10],
        "rate": len(ids) / seconds,
        "flight_limit": in_flight / latency,
        "cpu_limit": 1000 / cpu_ms,
        "cpu_ms": cpu_ms,
        "peak_mib": peaks["rss"] / 1024,
        "kib_per_flight": (peaks["rss"] - idle) / in_flight,
        "connections": peaks["connections"],
        "double": double,
    }


def report(label: str, result: dict[str, float]) -> None:
    limit = min(result["flight_limit"], result["cpu_limit"])
    print(
        f"{label:34s} {result['rate']:6.1f}/s; limits {result['flight_limit']:.0f}/s in flight, "
        f"{result['cpu_limit']:.0f}/s CPU ({result['cpu_ms']:.1f} ms each): "
        f"{result['rate'] / limit:.2f} of the lower; a run p50 {result['run_p50']:.1f} s, "
        f"p90 {result['run_p90']:.1f} s; peak {result['peak_mib']:.0f} MiB, "
        f"{result['kib_per_flight']:.0f} KiB per analysis in flight; "
        f"{result['connections']} PostgreSQL connections; {result['double']} double charges",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", default="200,2000")
    parser.add_argument("--latencies", default="1,10")
    parser.add_argument("--baseline-concurrency", type=int, default=32)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("bench/workers.py needs PostgreSQL and Redis (use make bench-workers)")
    call_command("migrate", verbosity=0)
    pool = f"{settings.CELERY_WORKER_POOL} x{settings.CELERY_WORKER_CONCURRENCY}"
    baseline = args.baseline_concurrency
    for latency in (float(value) for value in args.latencies.split(",")):
        before = run(f"base{latency:g}", 4 * baseline, latency, baseline) if baseline else None
        if before:
            report(f"{latency:g} s, {4 * baseline:5d} queued, threads x{baseline}", before)
        for count in (int(value) for value in args.batches.split(",")):
            result = run(f"pool{latency:g}-{count}", count, latency, None)
            report(f"{latency:g} s, {count:5d} queued, {pool}", result)
            if before:
                print(f"{'':34s} {result['rate'] / before['rate']:.1f}x the baseline's rate")


if __name__ == "__main__":
    main()
