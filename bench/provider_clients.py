"""Benchmark: CPU per provider call with 500 threads in flight, each thread with its own async
client (the project's way, ai.providers) against one async client shared by all (the baseline),
in the same process, alternating rounds.

A fake OpenAI-compatible provider answering after 0.2 s runs in a process of its own, so that
only the calling side's CPU is counted (this process's CPU time over the calls). httpx's pool
looks at every connection it holds on each request: a shared pool of 500 connections costs more
CPU per call than 500 pools of one. `make bench-provider-clients`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

import openai

from ai import eventloop
from ai.providers import OpenAICompatibleProvider, ProviderConfig

THREADS, CALLS, ROUNDS = 500, 4, 3
MESSAGES = [{"role": "user", "content": "hello"}]
FAKE = (
    "import sys, time; sys.path.insert(0, sys.argv[1]);"
    "from tests.fakes.openai_server import FakeOpenAI, ok;"
    "fake = FakeOpenAI('bench').start(); fake.set_default(ok(delay=0.2));"
    "print(fake.base_url, flush=True); time.sleep(3600)"
)


def cpu_ms_per_call(call: Callable[[], None]) -> float:
    def work() -> None:
        for _ in range(CALLS):
            call()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    started = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (time.process_time() - started) * 1000 / (THREADS * CALLS)


def main() -> None:
    fake = subprocess.Popen(
        [sys.executable, "-c", FAKE, str(ROOT)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert fake.stdout is not None
        base_url = fake.stdout.readline().strip()
        provider = OpenAICompatibleProvider(ProviderConfig("bench", base_url, "bench", "model"))
        shared = openai.AsyncOpenAI(base_url=base_url, api_key="bench", max_retries=0)

        def per_thread() -> None:
            provider.complete(MESSAGES, timeout=30)

        def one_shared() -> None:
            eventloop.run(provider._post(shared, MESSAGES, timeout=30), timeout=30)

        for round_number in range(1, ROUNDS + 1):
            own, baseline = cpu_ms_per_call(per_thread), cpu_ms_per_call(one_shared)
            print(
                f"round {round_number}: a client per thread {own:.2f} ms of CPU a call, "
                f"one shared client (baseline) {baseline:.2f} ms: {own / baseline:.2f}x",
                flush=True,
            )
    finally:
        fake.kill()


if __name__ == "__main__":
    main()
