"""How the admin shows a time as text: to the second, in UTC, as the log lines and Sentry do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import SafeString

# The column header of a time shown by `utc_time`.
UTC_TIME = "time (UTC)"


def utc_time(value: datetime | None) -> SafeString | str:
    """`2026-01-31 12:00:05`, marked up with its machine-readable form; "-" for no time."""
    if value is None:
        return "-"
    moment = value.astimezone(UTC)
    return format_html(
        '<time datetime="{}">{}</time>',
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        moment.strftime("%Y-%m-%d %H:%M:%S"),
    )


def utc_time_column(field: str, description: str = UTC_TIME) -> Callable[[Any], SafeString | str]:
    """A `list_display` column for the time in `field`, shown by `utc_time` and sorted by it."""

    @admin.display(description=description, ordering=field)
    def column(row: Any) -> SafeString | str:
        return utc_time(getattr(row, field))

    column.__name__ = field
    return column
