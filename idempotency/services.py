"""Idempotency-Key handling, scoped to user + method + path + key, with a body fingerprint.

A request claims its key in a committed row before it runs, so a concurrent repeat sees the claim
and answers 409 CONFLICT_REQUEST_IN_PROGRESS. The view's writes and the stored outcome commit in
one transaction, so an outcome is stored exactly when its effects are. Outcomes below 500 are
kept 24 hours and replayed with `Idempotent-Replayed: true`; a 5xx frees the key for a retry.
Errors are stored as their parts and rendered again for the repeat (its request id, and the
envelope or problem details as the repeat asks).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from errors import exceptions as app_errors
from errors import handlers
from errors.context import current_request_id
from idempotency.models import IdempotencyRecord

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
RETENTION = timedelta(hours=24)
# A claim older than this whose request never finished (the process died) may be taken over.
LEASE = timedelta(minutes=2)
MAX_KEY_LENGTH = 255
_KEPT_HEADERS = ("Location", "ETag", "Retry-After")


class _KeyTakenOver(Exception):
    """Our claim's lease ran out and another request took the key: our work must roll back."""


def request_fingerprint(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


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
        "response_body": "",
        "response_headers": None,
        "request_id": current_request_id() or "",
        "created_at": now,
        "locked_until": now + LEASE,
        "expires_at": now + RETENTION,
    }
    scope = {"user": user, "method": method, "path": path, "key": key}
    # Twice at most: a record can vanish between our failed insert and our read (released
    # after a 5xx, or purged), and then the key is simply free again.
    for _ in range(2):
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(**scope, **fresh), True
        except IntegrityError:
            pass
        record = IdempotencyRecord.objects.filter(**scope).first()
        if record is None:
            continue
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
    raise app_errors.RequestInProgressError(headers={"Retry-After": "1"})


def _complete(
    record: IdempotencyRecord, *, status: int, body: Any, headers: dict[str, str]
) -> None:
    done = IdempotencyRecord.objects.filter(
        pk=record.pk,
        status=IdempotencyRecord.Status.IN_PROGRESS,
        locked_until=record.locked_until,
    ).update(
        status=IdempotencyRecord.Status.COMPLETED,
        response_status=status,
        response_body=json.dumps(body, ensure_ascii=True),
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


def _kept_headers(response: HttpResponse) -> dict[str, str]:
    return {name: response[name] for name in _KEPT_HEADERS if name in response}


def _replay(request: Request, record: IdempotencyRecord) -> HttpResponse:
    stored = json.loads(record.response_body or "null")
    headers = dict(record.response_headers or {})
    if isinstance(stored, dict) and "error" in stored and record.response_status >= 400:
        error = stored["error"]
        response = handlers.render_error(
            request,
            status=record.response_status,
            code=error["code"],
            message=error["message"],
            details=error["details"],
            headers=headers,
        )
        response["Original-Request-ID"] = record.request_id
    else:
        response = HttpResponse(
            json.dumps(stored.get("data") if isinstance(stored, dict) else stored),
            status=record.response_status,
            content_type="application/json",
        )
        for name, value in headers.items():
            response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def run_idempotently(
    *, request: Request, key: str, run: Callable[[], HttpResponse]
) -> HttpResponse:
    key = _validated_key(key)
    fingerprint = request_fingerprint(request.data)
    record, owned = _claim(
        user=request.user,
        method=request.method,
        path=request.path_info.rstrip("/"),
        key=key,
        fingerprint=fingerprint,
        now=timezone.now(),
    )
    if not owned:
        if record.fingerprint != fingerprint:
            raise app_errors.IdempotencyKeyReusedError()
        if record.status == IdempotencyRecord.Status.IN_PROGRESS:
            raise app_errors.RequestInProgressError(headers={"Retry-After": "1"})
        return _replay(request, record)

    try:
        with transaction.atomic():
            response = run()
            data = response.data if isinstance(response, Response) else None
            body = {"data": json.loads(JSONRenderer().render(data) or b"null")}
            _complete(
                record, status=response.status_code, body=body, headers=_kept_headers(response)
            )
        return response
    except _KeyTakenOver:
        raise app_errors.RequestInProgressError(headers={"Retry-After": "1"}) from None
    except Exception as exc:  # noqa: BLE001 - the view's error is answered, and kept if final
        error = handlers.to_app_error(exc)
        response = handlers.error_response(request, error)
        if error.status_code >= 500:
            _release(record)
            return response
        outcome = {
            "error": {"code": error.code, "message": error.message, "details": error.details}
        }
        try:
            with transaction.atomic():
                _complete(
                    record, status=error.status_code, body=outcome, headers=dict(error.headers)
                )
        except (_KeyTakenOver, DatabaseError):
            logger.warning("idempotent outcome not stored; key released", exc_info=True)
            _release(record)
        return response


def idempotency_records_purge(*, now: datetime | None = None) -> int:
    """Delete records past their retention; returns how many."""
    deleted, _ = IdempotencyRecord.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
