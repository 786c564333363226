"""One asyncio event loop per process, in a thread of its own, where provider calls wait.

A worker runs hundreds of analyses at once, one thread each (CELERY_WORKER_CONCURRENCY). A thread
hands its provider call to this loop and sleeps on the result; the loop's one thread does the
HTTP of every call in flight. The synchronous `openai` client in 500 threads spends about 20 ms
of CPU a request (httpx's locks and pool under a contended GIL); the async client on one loop
spends a fraction of that, which is what lets one process keep 500 calls in flight (figures in
bench/README.md, `make bench-workers`).
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import threading
from collections.abc import Awaitable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

CANCEL_MARGIN_SECONDS = 5.0

_lock = threading.Lock()
_loops: dict[int, asyncio.AbstractEventLoop] = {}


def event_loop() -> asyncio.AbstractEventLoop:
    """This process's loop, started on first use; a forked child starts its own."""
    pid = os.getpid()
    with _lock:
        loop = _loops.get(pid)
        if loop is None:
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="provider-calls", daemon=True)
            thread.start()
            _loops.clear()  # a parent's loop (its thread did not survive the fork)
            _loops[pid] = loop
        return loop


async def _in_context(context: contextvars.Context, awaitable: Awaitable[T]) -> T:
    # The task runs in its own copy of the loop's context: the caller's values (the request id
    # on log lines) are set there and go nowhere else.
    for variable, value in context.items():
        variable.set(value)
    return await awaitable


def run(coroutine: Coroutine[Any, Any, T], *, timeout: float) -> T:
    """Run `coroutine` on the loop and wait for it; it is cancelled after `timeout` seconds of
    wall-clock time (TimeoutError), whatever it was waiting on."""
    bounded = asyncio.wait_for(coroutine, timeout)
    call = asyncio.run_coroutine_threadsafe(
        _in_context(contextvars.copy_context(), bounded), event_loop()
    )
    try:
        # wait_for ends it in time; the margin covers only a loop that something blocked.
        return call.result(timeout + CANCEL_MARGIN_SECONDS)
    except TimeoutError:
        call.cancel()
        raise
