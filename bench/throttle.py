"""Benchmark: an authenticated endpoint with and without the rate limiter, in the same run.

Serves the project twice under gunicorn (one sync worker each) on the same PostgreSQL and Redis,
once with RATE_LIMIT_ENABLED=true and once false, loads `GET /api/v1/tokens/balance` with a
bearer token with wrk, one server after the other and the order swapped every round, and prints
requests/s of each, the median per-round ratio, and how many commands the limiter sent Redis a
request. Needs PostgreSQL and Redis: `make bench-throttle`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command
from django_redis import get_redis_connection
from rest_framework_simplejwt.tokens import AccessToken
from serving import paired_rounds, require_wrk, serve, stop

from accounts.models import User

PATH = "/api/v1/tokens/balance"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    require_wrk()
    if not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("bench/throttle.py needs PostgreSQL and Redis (use make bench-throttle)")
    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(email="throttle@bench.example", defaults={"name": "T"})
    headers = {"Authorization": f"Bearer {AccessToken.for_user(user)}"}
    common = {
        "LOG_LEVEL": "WARNING",
        "RATE_LIMIT_USER": "100000000/minute",
        "JWT_ACCESS_TTL_SECONDS": "3600",
    }
    limited, limited_url = serve(
        "config.wsgi:application", {**common, "RATE_LIMIT_ENABLED": "true"}, ROOT, PATH, headers
    )
    unlimited, unlimited_url = serve(
        "config.wsgi:application", {**common, "RATE_LIMIT_ENABLED": "false"}, ROOT, PATH, headers
    )
    redis = get_redis_connection("default")
    try:
        pairs = paired_rounds(
            limited_url,
            unlimited_url,
            args.rounds,
            args.seconds,
            args.connections,
            headers,
            # Counted from the first measured round: the warm-up's requests are not in `served`.
            warmed=redis.config_resetstat,
        )
    finally:
        stop(limited, unlimited)
    # Only the limited server talks to Redis (the unlimited one has no reason to): an INCR (a
    # small EVAL that increments an existing counter) a request, a SET NX a window.
    commands = redis.info("commandstats")
    round_trips = sum(
        commands.get(name, {}).get("calls", 0)
        for name in ("cmdstat_evalsha", "cmdstat_eval", "cmdstat_set")
    )
    runs = {"with limiter": [a[0] for a, _ in pairs], "without": [b[0] for _, b in pairs]}
    for name, rates in runs.items():
        print(f"{name:13s} {statistics.median(rates):8.1f} req/s (median of {len(rates)} rounds)")
    ratios = [ours / base for ours, base in zip(runs["with limiter"], runs["without"], strict=True)]
    print("per-round ratios:", " ".join(f"{ratio:.2f}" for ratio in ratios))
    print(f"ratio with / without limiter: {statistics.median(ratios):.2f}x")
    served = sum(a[0] for a, _ in pairs) * args.seconds
    print(
        f"limiter round trips to Redis: {round_trips} for about {served:.0f} requests "
        f"({round_trips / served:.3f} a request)"
    )


if __name__ == "__main__":
    main()
