"""Record errors for the support desk, and prune old ones. Recording never raises."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_redis.exceptions import ConnectionInterrupted

from errors.exceptions import CATALOGUE
from errors.logging import redact_text
from monitoring import spool
from monitoring.models import ErrorEvent

logger = logging.getLogger(__name__)

# Answers given because the database could not be used: their events go straight to the spool,
# since trying the database again would only keep the client waiting for the same timeout.
DATABASE_DOWN_CODES = frozenset({"SYSTEM_DATABASE_UNAVAILABLE"})
PRUNE_BATCH = 1000


def should_record(*, status: int, user_id: int | None) -> bool:
    """Every 5xx, and every 4xx answered to a signed-in user; anonymous 4xx stay in the logs."""
    return status >= 500 or (status >= 400 and user_id is not None)


def _first_refusal_this_minute(user_id: int | None) -> bool:
    """A client past its limit may send thousands of requests a minute; one 429 a minute is
    recorded per user, so refusals stay cheap (all are in the logs and metrics)."""
    try:
        return cache.add(f"monitoring:recorded-429:{user_id}", 1, timeout=60)
    except ConnectionInterrupted:  # Redis is down: record, as if this were the first
        return True


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

    Never raises and never waits on a database known to be down.
    """
    if status == 429 and not _first_refusal_this_minute(user_id):
        return
    entry = CATALOGUE.get(code)
    fields = {
        "event_id": uuid.uuid4(),
        "request_id": request_id or "",
        "error_id": error_id or "",
        "code": code,
        "category": entry.category.label if entry else "",
        "status": status,
        "method": method[:8],
        "path": path[:255],
        "user_id": user_id,
        "analysis_id": analysis_id,
        "summary": redact_text(summary)[:500],
        "created_at": timezone.now(),
    }
    if code not in DATABASE_DOWN_CODES:
        try:
            with transaction.atomic():
                ErrorEvent.objects.create(**fields)
        except DatabaseError:
            logger.warning("error event not recorded; spooled", extra={"error_code": code})
        else:
            return
    spool.spool(fields)


def error_events_prune(*, now: datetime | None = None) -> int:
    """Delete events past ERROR_EVENT_RETENTION_DAYS, a short transaction per batch."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ERROR_EVENT_RETENTION_DAYS)
    deleted = 0
    while batch := list(
        ErrorEvent.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[:PRUNE_BATCH]
    ):
        deleted += ErrorEvent.objects.filter(pk__in=batch).delete()[0]
    return deleted
