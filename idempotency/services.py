"""Idempotency-Key handling, scoped to user + method + path + key, with a body fingerprint.

A request claims its key in a committed row before it runs, so a concurrent repeat sees the claim
and answers 409 CONFLICT_REQUEST_IN_PROGRESS. The view's writes and the stored response commit in
one transaction, so a response is stored exactly when its effects are. Responses below 500 are
kept 24 hours and replayed with `Idempotent-Replayed: true`; a 5xx frees the key for a retry.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from errors import exceptions as app_errors
from errors.context import current_request_id
from idempotency.models import IdempotencyRecord

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
RETENTION = timedelta(hours=24)
# A claim older than this whose request never finished (the process died) may be taken over.
LEASE = timedelta(minutes=2)
MAX_KEY_LENGTH = 255
_KEPT_HEADERS = ("Content-Type", "Location", "Retry-After")


class _KeyTakenOver(Exception):
    """Our claim's lease ran out and another request took the key: our work must roll back."""


def request_fingerprint(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _validated_key(raw: str) -> str:
    if not 1 <= len(raw) <= MAX_KEY_LENGTH:
        raise app_errors.ValidationError(
            details={HEADER: [f"Must be 1 to {MAX_KEY_LENGTH} characters."]}
        )
    return raw


def _claim(
    *, user: Any, method: str, path: str, key: str, fingerprint: str, now: datetime
) -> tuple[IdempotencyRecord, bool]:
    """The record for this key, and whether this request now owns it."""
    fresh = {
        "fingerprint": fingerprint,
        "status": IdempotencyRecord.Status.IN_PROGRESS,
        "response_status": None,
        "response_body": None,
        "response_headers": None,
        "request_id": current_request_id() or "",
        "created_at": now,
        "locked_until": now + LEASE,
        "expires_at": now + RETENTION,
    }
    scope = {"user": user, "method": method, "path": path, "key": key}
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(**scope, **fresh), True
    except IntegrityError:
        pass
    record = IdempotencyRecord.objects.get(**scope)
    stale = record.expires_at <= now or (
        record.status == IdempotencyRecord.Status.IN_PROGRESS and record.locked_until <= now
    )
    if stale:
        taken = IdempotencyRecord.objects.filter(
            pk=record.pk, status=record.status, locked_until=record.locked_until
        ).update(**fresh)
        record.refresh_from_db()
        if taken:
            return record, True
    return record, False


def _stored_body(response: HttpResponse) -> Any:
    if isinstance(response, Response):
        return json.loads(JSONRenderer().render(response.data) or b"null")
    return json.loads(response.content or b"null")


def _complete(record: IdempotencyRecord, response: HttpResponse) -> None:
    headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
    if isinstance(response, Response):
        # Not rendered yet: its Content-Type is a placeholder; a replay is rendered as JSON.
        headers.pop("Content-Type", None)
    done = IdempotencyRecord.objects.filter(
        pk=record.pk,
        status=IdempotencyRecord.Status.IN_PROGRESS,
        locked_until=record.locked_until,
    ).update(
        status=IdempotencyRecord.Status.COMPLETED,
        response_status=response.status_code,
        response_body=_stored_body(response),
        response_headers=headers,
    )
    if not done:
        raise _KeyTakenOver


def _release(record: IdempotencyRecord) -> None:
    IdempotencyRecord.objects.filter(
        pk=record.pk,
        status=IdempotencyRecord.Status.IN_PROGRESS,
        locked_until=record.locked_until,
    ).delete()


def _replay(record: IdempotencyRecord) -> HttpResponse:
    body = record.response_body
    headers = dict(record.response_headers or {})
    error_code = None
    if record.response_status >= 400 and isinstance(body, dict) and "request_id" in body:
        # An error body's request id always names the request being answered.
        request_id = current_request_id()
        body = {**body, "request_id": request_id}
        if "instance" in body:
            body["instance"] = f"urn:request:{request_id}"
        headers["Original-Request-ID"] = record.request_id
        error_code = body.get("code")
    response = JsonResponse(body, status=record.response_status, safe=False)
    for name, value in headers.items():
        response[name] = value
    response.error_code = error_code
    response[REPLAYED_HEADER] = "true"
    return response


def run_idempotently(
    *,
    request: Request,
    key: str,
    run: Callable[[], HttpResponse],
    render_error: Callable[[Exception], HttpResponse],
) -> HttpResponse:
    key = _validated_key(key)
    now = timezone.now()
    record, owned = _claim(
        user=request.user,
        method=request.method,
        path=request.path_info.rstrip("/"),
        key=key,
        fingerprint=request_fingerprint(request.data),
        now=now,
    )
    if not owned:
        if record.fingerprint != request_fingerprint(request.data):
            raise app_errors.IdempotencyKeyReusedError()
        if record.status == IdempotencyRecord.Status.IN_PROGRESS:
            raise app_errors.RequestInProgressError(headers={"Retry-After": "1"})
        return _replay(record)

    try:
        with transaction.atomic():
            response = run()
            _complete(record, response)
        return response
    except _KeyTakenOver:
        raise app_errors.RequestInProgressError(headers={"Retry-After": "1"}) from None
    except Exception as exc:  # noqa: BLE001 - the view's error is answered, and kept if final
        response = render_error(exc)
        if response.status_code >= 500:
            _release(record)
            return response
        try:
            with transaction.atomic():
                _complete(record, response)
        except _KeyTakenOver:
            logger.warning(
                "idempotency claim taken over before completion", extra={"key_id": record.pk}
            )
        return response


def idempotency_records_purge(*, now: datetime | None = None) -> int:
    """Delete records past their retention; returns how many."""
    deleted, _ = IdempotencyRecord.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
