"""Record errors for the support desk, write back those kept while the database was down, and
prune old ones. Recording never raises."""

from __future__ import annotations

import json
import logging
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError, DataError, IntegrityError, transaction
from django.utils import timezone
from django_redis import get_redis_connection
from redis.exceptions import RedisError

from errors import exceptions as app_errors
from errors.base import CATALOGUE
from monitoring.models import ErrorEvent
from observability.logging import redact_text
from supportdesk.retention import delete_in_batches

logger = logging.getLogger(__name__)

# Events answered while the database could not take them wait here, in Redis, for the beat task.
PENDING_KEY = "monitoring:pending-error-events"
# Answers that say the database cannot take a write now: their event goes to Redis at once,
# where a write would only keep the client waiting for the same timeout again.
_DATABASE_REFUSED = frozenset(
    {app_errors.DatabaseUnavailableError.code, app_errors.DatabaseBusyError.code}
)
MAX_PENDING = 10_000
BATCH = 500
# 4xx events recorded per user and minute; past it they are in the logs and metrics only, so a
# client hammering with bad requests costs no write each.
CLIENT_ERRORS_PER_USER_PER_MINUTE = 60


def should_record(*, status: int, user_id: int | None) -> bool:
    """Every 5xx, and every 4xx answered to a signed-in user; anonymous 4xx stay in the logs."""
    return status >= 500 or (status >= 400 and user_id is not None)


def _within_client_error_budget(user_id: int | None) -> bool:
    key = f"monitoring:recorded-4xx:{user_id}:{int(time.time() // 60)}"
    try:
        cache.add(key, 0, timeout=120)
        return cache.incr(key) <= CLIENT_ERRORS_PER_USER_PER_MINUTE
    except (RedisError, OSError, ValueError):  # Redis down, or the key just expired
        return True


def _text(value: str, limit: int) -> str:
    # PostgreSQL stores no NUL character, and a path may carry one (%00).
    return (value or "").replace("\x00", "")[:limit]


def error_event_record(
    *,
    request_id: str,
    code: str,
    status: int,
    error_id: str = "",
    method: str = "",
    path: str = "",
    user_id: int | None = None,
    analysis_id: int | None = None,
    summary: str = "",
) -> None:
    """Keep one error for the support desk: in the database, or in Redis while the database is
    down or busy (an answer that says so goes to Redis at once). Never raises; without Redis
    (down too, or none, as under `make run`), the request's log line is the only record."""
    if status < 500 and not _within_client_error_budget(user_id):
        return
    entry = CATALOGUE.get(code)
    fields = {
        "event_id": str(uuid.uuid4()),
        "request_id": _text(request_id, 64),
        "error_id": _text(error_id, 64),
        "code": code,
        "category": entry.category.label if entry else "",
        "status": status,
        "method": _text(method, 8),
        "path": _text(path, 255),
        "user_id": user_id,
        "analysis_id": analysis_id,
        "summary": _text(redact_text(summary), 500),
        "created_at": timezone.now(),
    }
    if code in _DATABASE_REFUSED or not _stored(fields):
        _keep_pending(fields)


def _stored(fields: dict[str, Any]) -> bool:
    """Write the event; False when the database cannot be reached."""
    try:
        with transaction.atomic():
            ErrorEvent.objects.create(**fields)
    except (DataError, IntegrityError):
        logger.error("error event refused by the database; it is in the logs only", exc_info=True)
    except DatabaseError:
        return False
    return True


def _keep_pending(fields: dict[str, Any]) -> None:
    try:
        redis = get_redis_connection("default")
        redis.pipeline(transaction=False).rpush(PENDING_KEY, json.dumps(fields, default=str)).ltrim(
            PENDING_KEY, -MAX_PENDING, -1
        ).execute()
    except (NotImplementedError, RedisError, OSError):  # no Redis cache, or Redis is down too
        logger.error("error event not recorded; the log line is its record", extra=fields)


def _events(lines: list[bytes]) -> list[ErrorEvent]:
    events = []
    for line in lines:
        try:
            events.append(ErrorEvent(**json.loads(line)))
        except (ValueError, TypeError):
            logger.error("a kept error event is unreadable and is dropped")
    # A user deleted meanwhile would fail the insert; the event stays, without its user.
    named = {event.user_id for event in events if event.user_id is not None}
    users = set(get_user_model().objects.filter(pk__in=named).values_list("pk", flat=True))
    for event in events:
        event.user_id = event.user_id if event.user_id in users else None
    return events


def _insert(lines: list[bytes]) -> None:
    """Write events taken off the list; one the database refuses is dropped, not retried."""
    for event in _events(lines):
        try:
            with transaction.atomic():
                # An event written twice (its batch failed after the insert) is stored once.
                ErrorEvent.objects.bulk_create([event], ignore_conflicts=True)
        except (DataError, IntegrityError):
            logger.error("a kept error event was refused by the database and is dropped")


def error_events_write_pending() -> int:
    """Write the events kept in Redis to the database; how many left the list. A batch the
    database does not take goes back to the head of the list, in order, and the error is raised."""
    try:
        redis = get_redis_connection("default")
    except NotImplementedError:
        return 0
    written = 0
    while batch := redis.lpop(PENDING_KEY, BATCH):
        try:
            _insert(batch)
        except BaseException:
            redis.lpush(PENDING_KEY, *reversed(batch))
            raise
        written += len(batch)
    return written


def error_events_prune(*, now: datetime | None = None) -> int:
    """Delete events past ERROR_EVENT_RETENTION_DAYS, in batches."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ERROR_EVENT_RETENTION_DAYS)
    return delete_in_batches(ErrorEvent.objects.filter(created_at__lt=cutoff))
