"""Benchmark: how a flood of right-password logins slows everyone else, with and without the
login limits, in the same run.

Serves the project under gunicorn (two sync workers, as `make stack` does) on PostgreSQL and
Redis. Eight loops sign one ordinary account in with its right password from four addresses
(X-Forwarded-For behind TRUSTED_PROXY_COUNT=1) for `--seconds`, while a ninth client times
`GET /api/v1/health` one request after another. The baseline is the same flood against the same
server with RATE_LIMIT_ENABLED=false (every login hashes the password, as before the limits
counted successes). Prints health's p50 idle and under each flood, the ratios, and how many
logins were served or refused. Needs PostgreSQL and Redis: `make bench-login-flood`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.cache import cache
from django.core.management import call_command
from serving import serve, stop

from accounts.models import User

EMAIL, PASSWORD = "flood@bench.example", "a-right-password-for-the-flood"
ADDRESSES = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]


def status_of(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def health_p50(base: str, stop_at: float) -> float:
    """Milliseconds, median of back-to-back GET /api/v1/health until `stop_at`."""
    samples = []
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        status_of(urllib.request.Request(f"{base}/api/v1/health"))
        samples.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)
    return statistics.median(samples)


def flood(base: str, seconds: float, loops: int = 8) -> tuple[float, dict[int, int]]:
    """Health's p50 while `loops` threads sign in with the right password; statuses counted."""
    stop_at = time.monotonic() + seconds
    counts: dict[int, int] = {}
    lock = threading.Lock()
    body = json.dumps({"email": EMAIL, "password": PASSWORD}).encode()

    def loop(index: int) -> None:
        while time.monotonic() < stop_at:
            request = urllib.request.Request(
                f"{base}/api/v1/auth/token",
                data=body,
                headers={
                    "Content-Type": "application/json",
                    "X-Forwarded-For": ADDRESSES[index % len(ADDRESSES)],
                },
            )
            status = status_of(request)
            with lock:
                counts[status] = counts.get(status, 0) + 1

    threads = [threading.Thread(target=loop, args=(index,)) for index in range(loops)]
    for thread in threads:
        thread.start()
    p50 = health_p50(base, stop_at)
    for thread in threads:
        thread.join()
    return p50, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("bench/login_flood.py needs PostgreSQL and Redis (use make bench-login-flood)")
    call_command("migrate", verbosity=0)
    User.objects.filter(email=EMAIL).delete()
    User.objects.create_user(email=EMAIL, password=PASSWORD, name="Flood")
    common = {"LOG_LEVEL": "ERROR", "TRUSTED_PROXY_COUNT": "1", "RATE_LIMIT_ANON": "100000/minute"}
    results = {}
    for name, enabled in (
        ("without limits (baseline)", "false"),
        ("with the login limits", "true"),
    ):
        cache.clear()
        server, url = serve(
            "config.wsgi:application",
            {**common, "RATE_LIMIT_ENABLED": enabled},
            ROOT,
            "/api/v1/health",
            workers=2,
        )
        base = url.removesuffix("/api/v1/health")
        try:
            idle = health_p50(base, time.monotonic() + 5)
            under, counts = flood(base, args.seconds)
        finally:
            stop(server)
        results[name] = (idle, under, counts)
    for name, (idle, under, counts) in results.items():
        print(
            f"{name}: health p50 idle {idle:.1f} ms, under the flood {under:.1f} ms "
            f"({under / idle:.2f}x idle); logins by status {dict(sorted(counts.items()))}"
        )
    (_, base_under, _), (_, limited_under, _) = results.values()
    print(f"health under the flood, limited vs baseline: {limited_under / base_under:.2f}x")


if __name__ == "__main__":
    main()
