"""Run a function in many real threads at once, each on its own database connection."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db import connections


def race(work: Callable[[int], Any], threads: int) -> list[Any]:
    """Start `threads` threads behind one barrier; each gives work(i) or the exception raised."""
    barrier = threading.Barrier(threads)
    results: list[Any] = [None] * threads

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    pool = [threading.Thread(target=run, args=(index,)) for index in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results


def outcome_counts(results: list[Any]) -> Counter[str]:
    return Counter(type(result).__name__ for result in results)
