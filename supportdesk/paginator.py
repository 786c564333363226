"""Change lists of tables that only grow (the ledger, recorded errors, LLM attempts, idempotency
records): counted up to ADMIN_COUNT_CAP rows and no further, so a page never counts a million."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedCountPaginator(Paginator):
    """`count` is the number of rows up to ADMIN_COUNT_CAP (a `COUNT(*)` over a `LIMIT`ed
    subquery); past it, filter or search to reach older rows."""

    @cached_property
    def count(self) -> int:
        return self.object_list[: settings.ADMIN_COUNT_CAP].count()


class GrowingTableAdminMixin:
    """For a ModelAdmin of a table that only grows: bounded counts, no full-table count."""

    paginator = BoundedCountPaginator
    show_full_result_count = False
