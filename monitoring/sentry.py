"""Sentry setup for web and worker processes, with secrets stripped from every event."""

from __future__ import annotations

import logging
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration
from sentry_sdk.integrations.redis import RedisIntegration

from observability import context
from observability.logging import REDACTED, redact

_STRIPPED_HEADERS = frozenset(
    {"authorization", "cookie", "idempotency-key", "x-api-key", "proxy-authorization"}
)


def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any] | None:
    """Tag the event with the request id, code and user id; strip secrets at any depth."""
    request = event.get("request")
    if isinstance(request, dict):
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: (REDACTED if name.lower() in _STRIPPED_HEADERS else value)
                for name, value in headers.items()
            }
        request.pop("cookies", None)
        if "data" in request:
            request["data"] = REDACTED if isinstance(request["data"], str) else request["data"]
    bound = context.current()
    tags = event.setdefault("tags", {})
    if bound is not None:
        tags.setdefault("request_id", bound.request_id)
        if bound.user_id is not None:
            event["user"] = {"id": str(bound.user_id)}
    if "exception" in event:
        tags.setdefault("error_code", "SYSTEM_UNHANDLED_ERROR")
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": str(user["id"])} if user.get("id") is not None else {}
    return redact(event)


def init_sentry(dsn: str, *, environment: str = "production", release: str | None = None) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        # The successor of send_default_pii=False in this SDK: no user identity, no request
        # bodies, no local variables of stack frames (they can hold anything).
        data_collection={"user_info": False, "http_bodies": [], "stack_frame_variables": False},
        before_send=before_send,
        integrations=[
            DjangoIntegration(),
            CeleryIntegration(),
            RedisIntegration(),
            # Our handlers report each 5xx once themselves; log records stay breadcrumbs.
            LoggingIntegration(level=logging.INFO, event_level=None),
        ],
        traces_sample_rate=0.0,
    )
