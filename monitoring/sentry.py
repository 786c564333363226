"""Sentry setup for web and worker processes: only the integrations listed here, and secrets
stripped from every event and breadcrumb."""

from __future__ import annotations

import logging
from typing import Any

import sentry_sdk
from sentry_sdk.integrations import Integration
from sentry_sdk.integrations.atexit import AtexitIntegration
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.dedupe import DedupeIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.excepthook import ExcepthookIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

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


def before_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any] | None:
    return redact(crumb)


def integrations() -> list[Integration]:
    """Every integration Sentry runs with; no other is installed, not even those it would enable
    by itself on finding a library (the OpenAI one would report each failed provider call that
    the chain handles)."""
    return [
        # Unhandled errors of requests and tasks: one event each (Dedupe: reported once, however
        # many hooks see them).
        DjangoIntegration(),
        CeleryIntegration(),
        DedupeIntegration(),
        # A process that dies of an exception; what is queued is sent before it exits.
        ExcepthookIntegration(),
        AtexitIntegration(),
        # Our handlers report each 5xx once themselves; log records stay breadcrumbs.
        LoggingIntegration(level=logging.INFO, event_level=None),
    ]


def init_sentry(dsn: str, *, environment: str = "production", release: str | None = None) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        default_integrations=False,
        auto_enabling_integrations=False,
        integrations=integrations(),
        # The successor of send_default_pii=False in this SDK: no user identity, cookies, request
        # bodies, SQL parameters, queue payloads, model prompts or local variables of stack
        # frames (they can hold anything).
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "database_query_data": False,
            "queues": False,
            "gen_ai": {"inputs": False, "outputs": False},
            "stack_frame_variables": False,
        },
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
        traces_sample_rate=0.0,
    )
