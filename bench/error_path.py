"""Benchmark: the enveloped, logged, request-id'd 404 against a bare DRF 404.

Serves this project and bench/baseline_project.py side by side under gunicorn (one sync worker
each), loads them alternately with wrk (Debian package `wrk`), and prints requests/s and p99
latency of each and their ratio.
Run: `make bench` or `.venv/bin/python bench/error_path.py [--rounds 7 --seconds 3]`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import paired_rounds, require_wrk, serve, stop

ROOT = Path(__file__).resolve().parents[1]
PATH = "/api/v1/errors/NO_SUCH_CODE"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    require_wrk()

    ours_env = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}",
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "INFO"),
    }
    ours, ours_url = serve("config.wsgi:application", ours_env, ROOT, PATH)
    baseline, baseline_url = serve("baseline_project:application", {}, ROOT / "bench", PATH)
    try:
        pairs = paired_rounds(ours_url, baseline_url, args.rounds, args.seconds, args.connections)
    finally:
        stop(ours, baseline)

    results = {"agentic-deals": [a for a, _ in pairs], "bare-drf": [b for _, b in pairs]}
    for name, runs in results.items():
        rate = statistics.median(run[0] for run in runs)
        p99 = statistics.median(run[1] for run in runs)
        print(f"{name:14s} {rate:9.1f} req/s   p99 {p99:7.2f} ms   (median of {len(runs)} rounds)")
    # Each round loads both servers within seconds of each other; the median of the per-round
    # ratios is what survives a noisy machine.
    throughput = [ours[0] / base[0] for ours, base in pairs]
    latency = [ours[1] / base[1] for ours, base in pairs]
    print("per-round throughput ratios:", " ".join(f"{ratio:.2f}" for ratio in throughput))
    print(
        f"throughput ratio agentic-deals / bare-drf: {statistics.median(throughput):.2f}x "
        "(the realistic benchmark is the guard: bench/README.md)"
    )
    print(f"p99 latency ratio agentic-deals / bare-drf: {statistics.median(latency):.2f}x")


if __name__ == "__main__":
    main()
