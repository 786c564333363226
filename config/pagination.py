"""Page-number pagination whose refusal says which pages exist."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    # `?page=last` is not a number: the document says pages are numbers, and so does the server.
    last_page_strings = ()

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        # `?page=` is no page, not the first: only a missing parameter means page 1.
        return request.query_params.get(self.page_query_param, 1)

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            paginator = self.django_paginator_class(queryset, self.get_page_size(request))
            asked = request.query_params.get(self.page_query_param, "")
            raise NotFound(
                f"There is no page {asked!r}: pages run from 1 to {paginator.num_pages}."
            ) from error

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "The page, from 1; past the last page the answer is 404.",
                "schema": {"type": "integer", "minimum": 1},
            }
        ]
