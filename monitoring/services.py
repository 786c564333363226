"""Record errors for the support desk, and prune old ones. Recording never raises."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from errors.exceptions import CATALOGUE
from errors.logging import redact_text
from monitoring.models import ErrorEvent

logger = logging.getLogger(__name__)

# Errors the support desk wants on record besides every 5xx.
RECORDED_CODES = frozenset({"INTEGRATION_AI_UNAVAILABLE", "AI_INVALID_RESPONSE"})
# The database is the one place an event could go; when it is down, the log line must do.
UNRECORDABLE_CODES = frozenset({"SYSTEM_DATABASE_UNAVAILABLE"})


def should_record(*, status: int, code: str) -> bool:
    return (status >= 500 or code in RECORDED_CODES) and code not in UNRECORDABLE_CODES


def error_event_record(
    *,
    request_id: str,
    code: str,
    status: int,
    error_id: str = "",
    method: str = "",
    path: str = "",
    user_id: Any = None,
    summary: str = "",
) -> ErrorEvent | None:
    """Write one ErrorEvent; its own failure is logged and swallowed, never re-raised."""
    entry = CATALOGUE.get(code)
    try:
        return ErrorEvent.objects.create(
            request_id=request_id or "",
            error_id=error_id or "",
            code=code,
            category=entry.category.label if entry else "",
            status=status,
            method=method[:8],
            path=path[:255],
            user_id=user_id,
            summary=redact_text(summary)[:500],
        )
    except DatabaseError:
        logger.warning("error event not recorded", exc_info=True, extra={"error_code": code})
        return None


def error_events_prune(*, now: Any = None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=settings.ERROR_EVENT_RETENTION_DAYS)
    deleted, _ = ErrorEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted
