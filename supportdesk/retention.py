"""Retention of tables that only grow: old rows go a batch at a time."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

BATCH = 1000


def delete_in_batches(rows: QuerySet[Any]) -> int:
    """Delete `rows` BATCH at a time, each batch a short statement of its own, so no lock is held
    for long however many rows there are; returns how many went."""
    deleted = 0
    while batch := list(rows.values_list("pk", flat=True)[:BATCH]):
        deleted += rows.model.objects.filter(pk__in=batch).delete()[0]
    return deleted
