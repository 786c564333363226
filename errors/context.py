"""Per-request context (request id, user id, method, path) kept in context variables."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{8,64}")

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
user_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)
method_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("method", default=None)
path_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("path", default=None)


def accept_request_id(candidate: str | None) -> str:
    """The incoming id when it is safe to echo and log, otherwise a fresh UUID4."""
    if candidate and REQUEST_ID_PATTERN.fullmatch(candidate):
        return candidate
    return str(uuid.uuid4())


def current_request_id() -> str | None:
    return request_id_var.get()


@contextmanager
def bound(
    *,
    request_id: str,
    method: str | None = None,
    path: str | None = None,
    user_id: int | None = None,
) -> Iterator[None]:
    """Bind the context for the duration of a request or a task, then restore the outer one."""
    tokens = [
        (request_id_var, request_id_var.set(request_id)),
        (method_var, method_var.set(method)),
        (path_var, path_var.set(path)),
        (user_id_var, user_id_var.set(user_id)),
    ]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


_CONTEXT_FIELDS: tuple[tuple[str, contextvars.ContextVar[Any]], ...] = (
    ("request_id", request_id_var),
    ("user_id", user_id_var),
    ("method", method_var),
    ("path", path_var),
)


class RequestContextFilter(logging.Filter):
    """Stamp the current request context on records that do not carry it already."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in _CONTEXT_FIELDS:
            if getattr(record, name, None) is None:
                setattr(record, name, var.get())
        return True
