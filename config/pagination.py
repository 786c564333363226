"""Page-number pagination whose refusal says which pages exist."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            paginator = self.django_paginator_class(queryset, self.get_page_size(request))
            asked = request.query_params.get(self.page_query_param, "")
            raise NotFound(
                f"There is no page {asked!r}: pages run from 1 to {paginator.num_pages}."
            ) from error
