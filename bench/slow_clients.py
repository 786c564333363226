"""Benchmark: other addresses' requests while one address floods nginx with slow bodies.

A deployment of its own (PostgreSQL, Redis, gunicorn with two sync workers, nginx rendered from
deploy/nginx) is asked `GET /api/v1/health` every 10 ms, each time on a new connection: first
idle from 127.0.0.3, then from 127.0.0.4 while 127.0.0.2 holds `--sockets` connections, each
sending `POST /api/v1/client-errors` with `Content-Length: 100000` and one body byte every 2 s
and each one nginx closes opened again, then idle again from 127.0.0.5; each phase lasts
`--seconds`. Prints the p50 and p99 of each phase, the p50 under attack as a ratio to the idle
p50 of the same run, and what became of the attacker's connections. Exits non-zero if any
request of the other addresses failed.

    python bench/slow_clients.py --sockets 2000 --seconds 20     (make bench-slow-clients)

Needs PostgreSQL's binaries, redis-server and nginx on the machine, as `make test` does.
"""

from __future__ import annotations

import argparse
import itertools
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
# The other clients, one address a phase: each request is a new connection, and the thousands
# of closed ones an address leaves in TIME_WAIT would slow its later connects.
BEFORE, DURING, AFTER = "127.0.0.3", "127.0.0.4", "127.0.0.5"
PATH = "/api/v1/health"
PACE = 0.01


def timed_requests(port: int, seconds: float, source: str) -> tuple[list[float], int]:
    """A request every 10 ms from `source` for `seconds`, each on a new connection: the
    milliseconds of each successful one, and how many failed."""
    latencies, failed = [], 0
    started_at = time.monotonic()
    for index in itertools.count():
        slot = started_at + index * PACE
        if slot > started_at + seconds:
            break
        time.sleep(max(0.0, slot - time.monotonic()))
        started = time.perf_counter()
        status, _, _ = request_from(source, port, PATH)
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
        timed_requests(port, 2, BEFORE)  # warm-up: imports, connections to PostgreSQL and Redis
        idle_before, failed_before = timed_requests(port, args.seconds, BEFORE)
        attack = SlowBodies(port, source=ATTACKER, count=args.sockets, reconnect=True)
        try:
            wait_until(
                lambda: attack.outcomes()["open"] < args.sockets // 2,
                timeout=60,
                what="nginx to refuse the flood",
            )
            attacked, failed_attacked = timed_requests(port, args.seconds, DURING)
            outcomes = attack.outcomes()
        finally:
            attack.close()
        idle_after, failed_after = timed_requests(port, args.seconds, AFTER)
    finally:
        stack.close()
    idle = idle_before + idle_after
    print(f"{args.sockets} slow sockets from {ATTACKER}; other addresses ask GET {PATH}")
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
