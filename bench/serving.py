"""Shared by the HTTP benchmarks: serve a WSGI app under gunicorn, load it with wrk."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_wrk() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is required: apt-get install -y wrk")


def serve(
    app: str,
    env: dict[str, str],
    cwd: Path,
    path: str,
    headers: dict[str, str] | None = None,
    workers: int = 1,
) -> tuple[subprocess.Popen, str]:
    """Start gunicorn (sync workers) and wait until `path` answers; returns it and the URL."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}{path}"
    for _ in range(150):
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=1)
            return process, url
        except urllib.error.HTTPError:
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{app} did not start")


def load(
    url: str,
    seconds: int,
    connections: int,
    headers: dict[str, str] | None = None,
    script: Path | None = None,
    env: dict[str, str] | None = None,
    check: Callable[[str], None] | None = None,
) -> tuple[float, float]:
    """wrk for `seconds`: (requests/s, p99 latency in ms). With a Lua `script`, one thread per
    connection (a script keeps its state per thread), and `check` sees wrk's output."""
    threads = connections if script else 1
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    ).stdout
    if check is not None:
        check(out)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return rate, float(p99.group(1)) * scale


def paired_rounds(
    first: str,
    second: str,
    rounds: int,
    seconds: int,
    connections: int,
    headers: dict[str, str] | None = None,
    warmed: Callable[[], None] | None = None,
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Warm both URLs (then call `warmed`), then load them one after the other `rounds` times,
    swapping which goes first each round (whichever runs first in a pair has the machine in a
    different state). Returns, per round, ((req/s, p99 ms) of `first`, (req/s, p99 ms) of
    `second`)."""
    load(first, 1, connections, headers)
    load(second, 1, connections, headers)
    if warmed is not None:
        warmed()
    pairs = []
    for index in range(rounds):
        if index % 2:
            b = load(second, seconds, connections, headers)
            a = load(first, seconds, connections, headers)
        else:
            a = load(first, seconds, connections, headers)
            b = load(second, seconds, connections, headers)
        pairs.append((a, b))
    return pairs


def checked(name: str) -> Callable[[str], None]:
    """A `check` for load(): bench/realistic.lua's count of 5xx and unexpected answers must be 0."""

    def check(output: str) -> None:
        counts = re.search(r"bench-5xx=(\d+) bench-unexpected=(\d+)", output)
        if counts is None or counts.groups() != ("0", "0"):
            sys.exit(f"{name}: answers were not all as expected:\n{output}")

    return check


def alternating_rounds(
    names: list[str], run: Callable[[str, int], tuple[float, float]], rounds: int, seconds: int
) -> dict[str, list[tuple[float, float]]]:
    """Warm each server up for 2 s, then load them in turn for `rounds` rounds of `seconds`,
    swapping which goes first each round; `run(name, seconds)` gives (req/s, p99 ms)."""
    for name in names:
        run(name, 2)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for index in range(rounds):
        for name in names if index % 2 == 0 else reversed(names):
            results[name].append(run(name, seconds))
    return results


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        process.terminate()
        process.wait(timeout=10)
