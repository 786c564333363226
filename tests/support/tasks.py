"""What a real Celery worker in this process returned, task by task, as it ends them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import signals


class TaskOutcomes:
    """The return values of one task's runs, as the worker's threads end them."""

    def __init__(self, task_name: str) -> None:
        self.task_name = task_name
        self.results: list[Any] = []
        self.changed = threading.Condition()

    def __call__(self, sender: Any = None, retval: Any = None, **kwargs: Any) -> None:
        if sender is not None and sender.name == self.task_name:
            with self.changed:
                self.results.append(retval)
                self.changed.notify_all()

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Any]:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.results) >= count, timeout=timeout), (
                self.results
            )
            return list(self.results)


@contextmanager
def task_outcomes(task_name: str) -> Iterator[TaskOutcomes]:
    outcomes = TaskOutcomes(task_name)
    signals.task_postrun.connect(outcomes, weak=False)
    try:
        yield outcomes
    finally:
        signals.task_postrun.disconnect(outcomes)
