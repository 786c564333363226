"""Benchmark: the enveloped, logged, request-id'd 404 against a bare DRF 404.

Serves this project and bench/baseline_project.py side by side under gunicorn (one sync worker
each), loads them alternately with wrk (Debian package `wrk`), and prints requests/s and p99
latency of each and their ratio.
Run: `make bench` or `.venv/bin/python bench/error_path.py [--rounds 7 --seconds 3]`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = "/api/v1/errors/NO_SUCH_CODE"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(app: str, env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}{PATH}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=1)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{app} did not start")


def load(url: str, seconds: int, connections: int) -> tuple[float, float]:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return rate, float(p99.group(1)) * scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is required: apt-get install -y wrk")

    ours_env = {
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdef",
        "DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}",
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "INFO"),
    }
    ours, ours_url = serve("config.wsgi:application", ours_env, ROOT)
    baseline, baseline_url = serve("baseline_project:application", {}, ROOT / "bench")
    results: dict[str, list[tuple[float, float]]] = {"agentic-deals": [], "bare-drf": []}
    try:
        load(ours_url, 1, args.connections)
        load(baseline_url, 1, args.connections)
        for _ in range(args.rounds):
            results["agentic-deals"].append(load(ours_url, args.seconds, args.connections))
            results["bare-drf"].append(load(baseline_url, args.seconds, args.connections))
    finally:
        for process in (ours, baseline):
            process.terminate()
            process.wait(timeout=10)

    for name, runs in results.items():
        rate = statistics.median(run[0] for run in runs)
        p99 = statistics.median(run[1] for run in runs)
        print(f"{name:14s} {rate:9.1f} req/s   p99 {p99:7.2f} ms   (median of {len(runs)} rounds)")
    # Each round loads both servers within seconds of each other; the median of the per-round
    # ratios is what survives a noisy machine.
    pairs = list(zip(results["agentic-deals"], results["bare-drf"], strict=True))
    throughput = [ours[0] / base[0] for ours, base in pairs]
    latency = [ours[1] / base[1] for ours, base in pairs]
    print("per-round throughput ratios:", " ".join(f"{ratio:.2f}" for ratio in throughput))
    print(
        f"throughput ratio agentic-deals / bare-drf: {statistics.median(throughput):.2f}x "
        "(goal >= 0.90x)"
    )
    print(f"p99 latency ratio agentic-deals / bare-drf: {statistics.median(latency):.2f}x")


if __name__ == "__main__":
    main()
