"""Benchmark: a realistic mix against the bare DRF project doing the same database work.

Both serve under gunicorn (two sync workers each) on the same PostgreSQL and Redis: this project
as deployed (JSON access lines, rate limits on Redis, metrics, request ids, the envelope), and
bench/realistic_baseline.py (the same models and ledger writes behind Django's and DRF's stock
plumbing). wrk runs bench/realistic.lua against each, one after the other with the order swapped
every round: per connection a user creates, lists, patches, deletes deals, reads the balance,
deducts a token, and one request in ten is a client error (400 or 404). Prints requests/s and p99
of each, the median of the per-round ratios (floor 0.85x), and fails if any answer was a 5xx or
not the expected status. Needs PostgreSQL, Redis and wrk: `make bench-realistic`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command
from rest_framework_simplejwt.tokens import AccessToken
from serving import alternating_rounds, checked, load, require_wrk, serve, stop

from accounts.models import User
from tokens.models import TransactionType
from tokens.services import tokens_credit

SCRIPT = BENCH / "realistic.lua"
COMMON_ENV = {
    "LOG_LEVEL": "INFO",
    "JWT_ACCESS_TTL_SECONDS": "7200",
    # Limits high enough never to refuse: the limiter's cost is measured, not its refusals.
    "RATE_LIMIT_USER": "100000000/minute",
    "RATE_LIMIT_DEDUCT": "100000000/minute",
}


def users(prefix: str, count: int) -> str:
    """`count` funded users; their access tokens, comma-separated for the Lua script."""
    tokens = []
    for index in range(count):
        user, created = User.objects.get_or_create(
            email=f"{prefix}-{index}@bench.example", defaults={"name": "Bench"}
        )
        if created:
            tokens_credit(user=user, amount=10**8, transaction_type=TransactionType.PURCHASE)
        tokens.append(str(AccessToken.for_user(user)))
    return ",".join(tokens)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    require_wrk()
    if not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("bench/realistic.py needs PostgreSQL and Redis (use make bench-realistic)")
    call_command("migrate", verbosity=0)
    servers = {
        "agentic-deals": ("config.wsgi:application", ROOT),
        "bare-drf": ("realistic_baseline:application", BENCH),
    }
    env_of = {name: {"BENCH_TOKENS": users(name, args.connections)} for name in servers}
    started = {}
    try:
        for name, (app, cwd) in servers.items():
            env = {**COMMON_ENV, "PYTHONPATH": str(ROOT)}
            started[name] = serve(app, env, cwd, "/api/v1/tokens/balance", workers=2)
        results = rounds(started, env_of, args)
    finally:
        stop(*(process for process, _ in started.values()))
    report(results)


def rounds(started, env_of, args) -> dict[str, list[tuple[float, float]]]:
    def run(name: str, seconds: int) -> tuple[float, float]:
        base_url = started[name][1].rsplit("/api/", 1)[0]
        return load(
            base_url,
            seconds,
            args.connections,
            script=SCRIPT,
            env=env_of[name],
            check=checked(name),
        )

    return alternating_rounds(list(started), run, args.rounds, args.seconds)


def report(results: dict[str, list[tuple[float, float]]]) -> None:
    for name, runs in results.items():
        rate = statistics.median(run[0] for run in runs)
        p99 = statistics.median(run[1] for run in runs)
        print(f"{name:14s} {rate:8.1f} req/s   p99 {p99:7.2f} ms   (median of {len(runs)} rounds)")
    ours, base = results["agentic-deals"], results["bare-drf"]
    throughput = [a[0] / b[0] for a, b in zip(ours, base, strict=True)]
    latency = [a[1] / b[1] for a, b in zip(ours, base, strict=True)]
    print("per-round throughput ratios:", " ".join(f"{ratio:.2f}" for ratio in throughput))
    print(
        f"throughput ratio agentic-deals / bare-drf: {statistics.median(throughput):.2f}x "
        "(floor 0.85x)"
    )
    print(f"p99 latency ratio agentic-deals / bare-drf: {statistics.median(latency):.2f}x")


if __name__ == "__main__":
    main()
