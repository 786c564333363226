"""Per-request context (request id, user id, method, path) kept in one context variable."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{8,64}")


@dataclass(slots=True)
class RequestContext:
    request_id: str
    method: str | None = None
    path: str | None = None
    user_id: int | None = None


_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "request_context", default=None
)


def accept_request_id(candidate: str | None) -> str:
    """The incoming id when it is safe to echo and log, otherwise a fresh UUID4."""
    if candidate and REQUEST_ID_PATTERN.fullmatch(candidate):
        return candidate
    return str(uuid.uuid4())


def current() -> RequestContext | None:
    return _context.get()


def current_request_id() -> str | None:
    context = _context.get()
    return context.request_id if context is not None else None


def set_user_id(user_id: int | None) -> None:
    """Record who the current request or task acts for, once authentication has said so."""
    context = _context.get()
    if context is not None:
        context.user_id = user_id


@contextmanager
def bound(
    *,
    request_id: str,
    method: str | None = None,
    path: str | None = None,
    user_id: int | None = None,
) -> Iterator[RequestContext]:
    """Bind the context for the duration of a request or a task, then restore the outer one."""
    context = RequestContext(request_id=request_id, method=method, path=path, user_id=user_id)
    token = _context.set(context)
    try:
        yield context
    finally:
        _context.reset(token)


_CONTEXT_FIELDS = ("request_id", "user_id", "method", "path")


class RequestContextFilter(logging.Filter):
    """Stamp the current request context on records that do not carry it already."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _context.get()
        for name in _CONTEXT_FIELDS:
            if getattr(record, name, None) is None:
                setattr(record, name, getattr(context, name) if context is not None else None)
        return True
