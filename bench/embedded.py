"""Benchmark: `make run`'s embedded default beside the PostgreSQL deployment, on the realistic mix.

The embedded default is `scripts/run.sh` as `make run` starts it (SQLite in a fresh var/, the
in-process cache, one gunicorn process with eight threads); the deployment is gunicorn with two
sync workers on PostgreSQL and Redis (the baseline). wrk runs bench/realistic.lua against each in
turn, the order swapped every round. Users register and sign in over HTTP on each server. Prints
requests/s and p99 of each, and the median of the per-round ratios embedded / PostgreSQL; fails
if any answer was a 5xx or not the expected status. Needs PostgreSQL, Redis and wrk:
`make bench-embedded`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from serving import alternating_rounds, checked, load, require_wrk, serve, stop

from tests.support.server import start_embedded

SCRIPT = BENCH / "realistic.lua"
PASSWORD = "bench-password-2026-x"
# Limits high enough never to refuse, and enough tokens for every deduction of the run.
ENV = {
    "LOG_LEVEL": "INFO",
    "JWT_ACCESS_TTL_SECONDS": "7200",
    "SIGNUP_BONUS_TOKENS": "100000000",
    "RATE_LIMIT_USER": "100000000/minute",
    "RATE_LIMIT_DEDUCT": "100000000/minute",
    "RATE_LIMIT_REGISTER": "100000000/minute",
}


def post(base_url: str, path: str, body: dict) -> dict:
    request = urllib.request.Request(
        f"{base_url}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def signed_in(base_url: str, name: str, count: int) -> str:
    """`count` new users of this server; their access tokens, comma-separated for the script."""
    tokens = []
    for index in range(count):
        email = f"{name}-{index}@bench.example"
        post(base_url, "/api/v1/auth/register", {"email": email, "password": PASSWORD, "name": "B"})
        pair = post(base_url, "/api/v1/auth/token", {"email": email, "password": PASSWORD})
        tokens.append(pair["access"])
    return ",".join(tokens)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    require_wrk()
    if not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("bench/embedded.py needs PostgreSQL and Redis (use make bench-embedded)")
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, capture_output=True
    )
    if migrated.returncode:
        sys.exit(migrated.stderr.decode())
    var = Path(tempfile.mkdtemp(prefix="bench-embedded-"))
    embedded = postgres = None
    try:
        embedded, embedded_url = start_embedded({**ENV, "VAR_DIR": str(var)})
        postgres, health = serve("config.wsgi:application", ENV, ROOT, "/api/v1/health", workers=2)
        started = {"make run (SQLite)": embedded_url, "PostgreSQL": health.rsplit("/api/", 1)[0]}
        tokens = {
            name: signed_in(url, str(index), args.connections)
            for index, (name, url) in enumerate(started.items())
        }
        results = rounds(started, tokens, args)
    finally:
        if embedded is not None:
            embedded.stop()
        if postgres is not None:
            stop(postgres)
        shutil.rmtree(var, ignore_errors=True)
    report(results)


def rounds(started, tokens, args) -> dict[str, list[tuple[float, float]]]:
    def run(name: str, seconds: int) -> tuple[float, float]:
        return load(
            started[name],
            seconds,
            args.connections,
            script=SCRIPT,
            env={"BENCH_TOKENS": tokens[name]},
            check=checked(name),
        )

    return alternating_rounds(list(started), run, args.rounds, args.seconds)


def report(results: dict[str, list[tuple[float, float]]]) -> None:
    for name, runs in results.items():
        rate = statistics.median(run[0] for run in runs)
        p99 = statistics.median(run[1] for run in runs)
        print(f"{name:18s} {rate:8.1f} req/s   p99 {p99:7.2f} ms   (median of {len(runs)} rounds)")
    embedded, postgres = results.values()
    ratios = [a[0] / b[0] for a, b in zip(embedded, postgres, strict=True)]
    print("per-round throughput ratios:", " ".join(f"{ratio:.2f}" for ratio in ratios))
    print(f"throughput ratio make run / PostgreSQL deployment: {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
