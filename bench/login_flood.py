"""Benchmark: how a flood of right-password logins slows everyone else, with the application's
login limits alone and with nginx's sign-in limit in front of them, in the same run.

A deployment of its own (PostgreSQL, Redis, gunicorn with two sync workers, nginx rendered from
deploy/nginx, as `make stack` runs them). In each round eight loops sign one ordinary account in
with its right password from four addresses for `--seconds`, while a ninth client times
`GET /api/v1/health` one request after another, first idle for 5 s and then under the flood:

- "application limits alone" (the baseline): straight to gunicorn, the four addresses given as
  X-Forwarded-For (TRUSTED_PROXY_COUNT=1), so only RATE_LIMIT_LOGIN* refuse;
- "with nginx's sign-in limit": through nginx from 127.0.0.11 to .14, so limit_req refuses what
  exceeds 2 a second per address after a burst of 20 before it reaches gunicorn.

Each round has an account and addresses of its own (the application's counts last 15 minutes).
Prints health's p50 idle and under each flood with their ratio, the logins by status, and the
limited round against the baseline. Needs PostgreSQL's binaries, redis-server and nginx on the
machine, as `make test` does: `make bench-login-flood`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from tests.support.nginx import request_from
from tests.support.stack import Stack

PASSWORD = "a-right-password-for-the-flood"
LOOPS = 8
HEALTH_FROM = "127.0.0.20"


def health_p50(port: int, seconds: float) -> float:
    """Milliseconds, median of back-to-back GET /api/v1/health for `seconds`."""
    samples, stop_at = [], time.monotonic() + seconds
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        request_from(HEALTH_FROM, port, "/api/v1/health", timeout=30)
        samples.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)
    return statistics.median(samples)


def flood(port: int, seconds: float, email: str, sources: list[tuple[str, dict]]) -> tuple:
    """Health's p50 while LOOPS threads sign `email` in; each loop's (source address, headers)
    from `sources` in turn. Returns the p50 and the logins counted by status."""
    stop_at = time.monotonic() + seconds
    counts: Counter = Counter()
    lock = threading.Lock()
    body = json.dumps({"email": email, "password": PASSWORD}).encode()

    def loop(index: int) -> None:
        source, headers = sources[index % len(sources)]
        while time.monotonic() < stop_at:
            status, _, _ = request_from(
                source,
                port,
                "/api/v1/auth/token",
                method="POST",
                body=body,
                headers={"Content-Type": "application/json", **headers},
                timeout=30,
            )
            with lock:
                counts[status] += 1

    threads = [threading.Thread(target=loop, args=(index,)) for index in range(LOOPS)]
    for thread in threads:
        thread.start()
    p50 = health_p50(port, seconds)
    for thread in threads:
        thread.join()
    return p50, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    stack = Stack("bench-login-flood", {"LOG_LEVEL": "ERROR"}, worker=False, web_workers=2)
    try:
        direct_port = int(stack.app_url.rsplit(":", 1)[1])
        rounds = {
            "application limits alone (baseline)": (
                direct_port,
                [("127.0.0.1", {"X-Forwarded-For": f"198.51.100.{n}"}) for n in range(1, 5)],
            ),
            "with nginx's sign-in limit": (
                stack.nginx.port,
                [(f"127.0.0.{n}", {}) for n in range(11, 15)],
            ),
        }
        results = {}
        for number, (name, (port, sources)) in enumerate(rounds.items()):
            email = f"flood-{number}@bench.example"
            stack.register(email, PASSWORD)
            health_p50(port, 2)  # warm-up: imports, connections to PostgreSQL and Redis
            idle = health_p50(port, 5)
            under, counts = flood(port, args.seconds, email, sources)
            results[name] = (idle, under, counts)
    finally:
        stack.close()
    for name, (idle, under, counts) in results.items():
        print(
            f"{name}: health p50 idle {idle:.1f} ms, under the flood {under:.1f} ms "
            f"({under / idle:.2f}x idle); logins by status {dict(sorted(counts.items()))}"
        )
    (_, base_under, _), (_, limited_under, _) = results.values()
    ratio = limited_under / base_under
    print(f"health under the flood, with nginx's limit vs the baseline: {ratio:.2f}x")


if __name__ == "__main__":
    main()
