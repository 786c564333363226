"""Change lists of tables that only grow (the ledger, recorded errors, LLM attempts, idempotency
records): counted up to ADMIN_COUNT_CAP rows and no further, so a page never counts a million."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from supportdesk.search import ExactSearchMixin


class BoundedCountPaginator(Paginator):
    """`count` is the number of rows up to ADMIN_COUNT_CAP (a `COUNT(*)` over a `LIMIT`ed
    subquery); past it, filter or search to reach older rows."""

    @cached_property
    def count(self) -> int:
        return self.object_list[: settings.ADMIN_COUNT_CAP].count()


def bounded_count(queryset: QuerySet[Any]) -> str:
    """How many rows, counted up to ADMIN_COUNT_CAP: "10000+" past it."""
    cap = settings.ADMIN_COUNT_CAP
    count = queryset.order_by()[: cap + 1].count()
    return f"{cap}+" if count > cap else str(count)


class GrowingTableAdminMixin(ExactSearchMixin):
    """For a ModelAdmin of a table that only grows: bounded counts, no full-table count, exact
    searches on indexes. Its list filters must not read the table for their choices (no plain
    column filters, no `date_hierarchy`): see `fixed_choices_filter`."""

    paginator = BoundedCountPaginator
    show_full_result_count = False
    ordering = ("-id",)  # newest first along the primary key's index
