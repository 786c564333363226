"""Carry the originating request id into Celery tasks, so worker log lines share it."""

from __future__ import annotations

from typing import Any

from celery import signals

from observability import context

_HEADER = "request_id"
_bound: dict[str, Any] = {}


def _attach_request_id(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    request_id = context.current_request_id()
    if headers is not None and request_id and _HEADER not in headers:
        headers[_HEADER] = request_id


def _bind_task_context(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    request_id = getattr(task.request, _HEADER, None) if task is not None else None
    # A task run in-process (no broker) keeps the request id of the request that ran it.
    request_id = request_id or context.current_request_id() or task_id
    manager = context.bound(request_id=context.accept_request_id(request_id))
    manager.__enter__()
    if task_id:
        _bound[task_id] = manager


def _unbind_task_context(task_id: str | None = None, **kwargs: Any) -> None:
    manager = _bound.pop(task_id, None) if task_id else None
    if manager is not None:
        manager.__exit__(None, None, None)


def connect_signals() -> None:
    signals.before_task_publish.connect(_attach_request_id, dispatch_uid="observability.request_id")
    signals.task_prerun.connect(_bind_task_context, dispatch_uid="observability.bind_task")
    signals.task_postrun.connect(_unbind_task_context, dispatch_uid="observability.unbind_task")
