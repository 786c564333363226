"""Per-request context (request id, user id, method, path) kept in one context variable, and the
client address every limit and allow-list decides by."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.utils.functional import SimpleLazyObject, empty
from rest_framework.settings import api_settings

logger = logging.getLogger(__name__)

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


def request_user_id(request: Any) -> int | None:
    """The id of the user `request` authenticated as, or None. Never a query: a session user
    that nothing looked up stays unknown (the database may be down)."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        user = None
    if getattr(user, "is_authenticated", False):
        return user.pk
    bound = _context.get()
    return bound.user_id if bound is not None else None


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


_warned_of_untrusted_proxy = False


def _warn_of_untrusted_proxy() -> None:
    """Say once per process that X-Forwarded-For arrives while no proxy is trusted: behind a
    proxy, every client would then share the proxy's address, and its login limits."""
    global _warned_of_untrusted_proxy
    if not _warned_of_untrusted_proxy:
        _warned_of_untrusted_proxy = True
        logger.warning(
            "X-Forwarded-For arrived but TRUSTED_PROXY_COUNT=0: clients are told apart by "
            "REMOTE_ADDR alone; behind a proxy, set TRUSTED_PROXY_COUNT to the number of proxies"
        )


def client_address(request: Any) -> str | None:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry the outermost of
    NUM_PROXIES (TRUSTED_PROXY_COUNT) trusted proxies added; DRF's `get_ident` rules, read
    straight from META (DRF builds `request.headers` from every header to read one). Rate limits,
    logins and /metrics all decide by this address."""
    meta = getattr(request, "_request", request).META
    remote = meta.get("REMOTE_ADDR")
    proxies = api_settings.NUM_PROXIES
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if proxies == 0:
        if forwarded is not None:
            _warn_of_untrusted_proxy()
        return remote
    if proxies is None:
        return "".join(forwarded.split()) if forwarded else remote
    if forwarded is None:
        return remote
    addresses = forwarded.split(",")
    return addresses[-min(proxies, len(addresses))].strip()


_CONTEXT_FIELDS = ("request_id", "user_id", "method", "path")


class RequestContextFilter(logging.Filter):
    """Stamp the current request context on records that do not carry it already."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _context.get()
        for name in _CONTEXT_FIELDS:
            if getattr(record, name, None) is None:
                setattr(record, name, getattr(context, name) if context is not None else None)
        return True
