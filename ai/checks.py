"""System checks: the broker must not deliver a running analysis's message again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

from ai.runs import stale_after


def check_visibility_timeout(**kwargs: Any) -> list[CheckMessage]:
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    longest = stale_after().total_seconds()
    if visibility > longest:
        return []
    return [
        Error(
            f"CELERY_VISIBILITY_TIMEOUT_SECONDS ({visibility}) must be above "
            f"AI_DEADLINE_SECONDS + AI_REQUEUE_AFTER_SECONDS ({longest:g}), or a running "
            "analysis's message would be delivered again",
            id="ai.E001",
        )
    ]
