"""Benchmark: other addresses' requests while one address floods nginx with slow bodies.

A deployment of its own (PostgreSQL, Redis, gunicorn with two sync workers, nginx rendered from
deploy/nginx) is asked `GET /api/v1/health` from 127.0.0.3, one request after another: first
idle, then while 127.0.0.2 holds `--sockets` connections, each sending `POST
/api/v1/client-errors` with `Content-Length: 100000` and one body byte every 2 s and each one
nginx closes opened again, then idle again; each phase lasts `--seconds`. Prints the p50 and p99
of each phase, the p50 under attack as a ratio to the idle p50 of the same run, and what became
of the attacker's connections. Exits non-zero if any request of the other address failed.

    python bench/slow_clients.py --sockets 2000 --seconds 20     (make bench-slow-clients)

Needs PostgreSQL's binaries, redis-server and nginx on the machine, as `make test` does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from tests.support.nginx import SlowBodies, request_from
from tests.support.server import wait_until
from tests.support.stack import Stack

ATTACKER = "127.0.0.2"
OTHER_CLIENT = "127.0.0.3"
PATH = "/api/v1/health"


def timed_requests(port: int, seconds: float) -> tuple[list[float], int]:
    """One request after another for `seconds`: milliseconds of each successful one, and how
    many failed."""
    latencies, failed = [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        status, _ = request_from(OTHER_CLIENT, port, PATH)
        if status == 200:
            latencies.append((time.perf_counter() - started) * 1000)
        else:
            failed += 1
    return latencies, failed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sockets", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20, help="of each phase")
    args = parser.parse_args()
    stack = Stack("bench-slow-clients", {"LOG_LEVEL": "WARNING"}, worker=False, web_workers=2)
    try:
        port = stack.nginx.port
        timed_requests(port, 2)  # warm-up: imports, connections to PostgreSQL and Redis
        idle_before, failed_before = timed_requests(port, args.seconds)
        attack = SlowBodies(port, source=ATTACKER, count=args.sockets, reconnect=True)
        try:
            wait_until(
                lambda: attack.outcomes()["open"] < args.sockets // 2,
                timeout=60,
                what="nginx to refuse the flood",
            )
            attacked, failed_attacked = timed_requests(port, args.seconds)
            outcomes = attack.outcomes()
        finally:
            attack.close()
        idle_after, failed_after = timed_requests(port, args.seconds)
    finally:
        stack.close()
    idle = idle_before + idle_after
    print(f"{args.sockets} slow sockets from {ATTACKER}; {OTHER_CLIENT} asks GET {PATH}")
    for name, values, failed in (
        ("idle, before", idle_before, failed_before),
        ("under attack", attacked, failed_attacked),
        ("idle, after", idle_after, failed_after),
    ):
        print(
            f"  {name:13} p50 {statistics.median(values):7.2f} ms   "
            f"p99 {percentile(values, 0.99):7.2f} ms   failed {failed}/{len(values) + failed}"
        )
    ratio = statistics.median(attacked) / statistics.median(idle)
    print(f"p50 under attack / idle p50: {ratio:.2f}x")
    print(f"the attacker's connections: {dict(sorted(outcomes.items()))}")
    return 1 if failed_before + failed_attacked + failed_after else 0


if __name__ == "__main__":
    sys.exit(main())
