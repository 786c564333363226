"""Record errors for the support desk, and prune old ones. Recording never raises."""

from __future__ import annotations

import logging
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone
from redis.exceptions import RedisError

from errors.base import CATALOGUE
from errors.logging import redact_text
from monitoring import spool
from monitoring.models import ErrorEvent

logger = logging.getLogger(__name__)

# Answers given because the database could not be used: their events go straight to the spool,
# since trying the database again would only keep the client waiting for the same timeout.
DATABASE_DOWN_CODES = frozenset({"SYSTEM_DATABASE_UNAVAILABLE"})
# After the database failed a write, events go straight to the spool for this long.
DATABASE_DOWN_SECONDS = 10.0
# 4xx events recorded per user and minute; past it they are in the logs and metrics only, so a
# client hammering with bad requests costs no write each.
CLIENT_ERRORS_PER_USER_PER_MINUTE = 60
PRUNE_BATCH = 1000

_database_down_until = 0.0


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
    """Keep one error for the support desk, in the database or, while it is down, in the spool.

    Never raises, and does not wait on a database that just failed.
    """
    if status < 500 and not _within_client_error_budget(user_id):
        return
    entry = CATALOGUE.get(code)
    fields = {
        "event_id": uuid.uuid4(),
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
    if not _stored(fields):
        spool.spool(fields)


def _stored(fields: dict[str, Any]) -> bool:
    """Write the event; False when it must wait in the spool (the database is down)."""
    global _database_down_until
    if fields["code"] in DATABASE_DOWN_CODES or time.monotonic() < _database_down_until:
        return False
    try:
        with transaction.atomic():
            ErrorEvent.objects.create(**fields)
    except (OperationalError, InterfaceError):
        _database_down_until = time.monotonic() + DATABASE_DOWN_SECONDS
        logger.warning("error event not recorded; spooled", extra={"error_code": fields["code"]})
        return False
    except DatabaseError:
        logger.error(
            "error event refused by the database; it is in the logs only",
            exc_info=True,
            extra={"error_code": fields["code"]},
        )
    return True


def error_events_prune(*, now: datetime | None = None) -> int:
    """Delete events past ERROR_EVENT_RETENTION_DAYS, a short transaction per batch."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ERROR_EVENT_RETENTION_DAYS)
    deleted = 0
    while batch := list(
        ErrorEvent.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[:PRUNE_BATCH]
    ):
        deleted += ErrorEvent.objects.filter(pk__in=batch).delete()[0]
    return deleted
