"""Idempotency-Key handling, scoped to user + method + path + key, with a body fingerprint.

A request claims its key in a committed row before it runs, so a concurrent repeat sees the claim
and answers 409 CONFLICT_REQUEST_IN_PROGRESS. The view's writes and the stored outcome commit in
one transaction, so an outcome is stored exactly when its effects are. Outcomes below 500 are
kept 24 hours and replayed with `Idempotent-Replayed: true`; a 5xx frees the key for a retry.
Errors are stored as their parts (status, code, message, details, headers); a repeat raises
them again, so they are rendered like any error, with the repeat's request id.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from errors import exceptions as app_errors
from idempotency.models import IdempotencyRecord
from observability.context import current_request_id
from supportdesk.retention import delete_in_batches

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
RETENTION = timedelta(hours=24)
# A claim older than this whose request never finished (the process died) may be taken over.
LEASE = timedelta(minutes=2)
MAX_KEY_LENGTH = 255


class KeyTakenOver(Exception):
    """Our claim's lease ran out and another request took the key: our work must roll back."""


def request_fingerprint(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def validated_key(raw: str) -> str:
    if not 1 <= len(raw) <= MAX_KEY_LENGTH:
        rule = f"Must be 1 to {MAX_KEY_LENGTH} characters."
        raise app_errors.ValidationError(
            f"Invalid {HEADER} header: {rule.lower()}", details={HEADER: [rule]}
        )
    return raw


def idempotency_claim(
    *, user: Any, method: str, path: str, key: str, fingerprint: str, now: datetime | None = None
) -> tuple[IdempotencyRecord, bool]:
    """The record for this key, and whether this request now owns it (or has only to replay it).

    The same key with another body: 409 CONFLICT_IDEMPOTENCY_KEY_REUSED; one still running: 409
    CONFLICT_REQUEST_IN_PROGRESS.
    """
    now = now or timezone.now()
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
        if record.fingerprint != fingerprint:
            raise app_errors.IdempotencyKeyReusedError()
        if record.status == IdempotencyRecord.Status.IN_PROGRESS:
            raise app_errors.RequestInProgressError()
        return record, False
    raise app_errors.RequestInProgressError()


def idempotency_complete(
    *, record: IdempotencyRecord, status: int, body: Any, headers: dict[str, str]
) -> None:
    """Store the outcome of the request that owns `record`; KeyTakenOver if it no longer does."""
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
        raise KeyTakenOver


def idempotency_release(*, record: IdempotencyRecord) -> None:
    """Free the key of a request that failed with a 5xx, for a retry to succeed."""
    IdempotencyRecord.objects.filter(
        pk=record.pk,
        status=IdempotencyRecord.Status.IN_PROGRESS,
        locked_until=record.locked_until,
    ).delete()


def idempotency_records_purge(*, now: datetime | None = None) -> int:
    """Delete records past their retention, in batches; returns how many."""
    return delete_in_batches(
        IdempotencyRecord.objects.filter(expires_at__lte=now or timezone.now())
    )
