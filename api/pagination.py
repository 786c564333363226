"""Cursor (keyset) pagination for lists that grow without bound.

Every list is ordered newest first by its primary key, a unique key with an index behind it, so a
page is `WHERE id < position ORDER BY id DESC LIMIT 21` however deep it is, and no request counts a
user's whole history. The cursor in `next` and `previous` is signed, and bound to the list, its
filters and the user it was given to: a cursor that was edited, came from another list or filter,
or outlived the key that signed it is refused with a 400 naming `cursor`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core import signing
from django.urls import resolve
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from errors import exceptions as app_errors

CURSOR_PATTERN = r"^[A-Za-z0-9_:-]{1,200}$"
_CURSOR_RULE = (
    "Must be the cursor from the next or previous link of this same list, with the same filters; "
    "leave it out for the first page."
)
_PAGE_RULE = "Lists are paged by cursor: follow the next and previous links."
_SALT_VERSION = "cursor-v1"


def _scope(path: str, filters: Sequence[tuple[str, str]], user_id: int) -> str:
    """What a cursor is valid for: this list (its route, whatever the trailing slash; `path` as
    the URLconf sees it, without a script prefix), these filters, this user."""
    match = resolve(path)
    route = f"{match.view_name}:{sorted(match.kwargs.items())}"
    return f"{_SALT_VERSION}|{route}|{sorted(filters)}|{user_id}"


def _filters(request: Request) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, values in request.query_params.lists()
        if name != Cursors.cursor_query_param
        for value in values
    ]


def cursor_for(
    path: str,
    *,
    user_id: int,
    position: int | None,
    filters: Sequence[tuple[str, str]] = (),
    reverse: bool = False,
    offset: int = 0,
) -> str:
    """The cursor of the page of `path`'s list (for `user_id`, with `filters`) that starts
    just past `position`, an id; what a `next` link carries. Tools use it to start deep in a
    list."""
    position = None if position is None else int(position)
    payload = [int(offset), int(reverse), position]
    return signing.dumps(payload, salt=_scope(path, filters, user_id))


class Cursors(CursorPagination):
    ordering = "-id"
    cursor_query_description = (
        "Where the page starts: the cursor from a page's `next` or `previous` link. Leave it out "
        "for the newest entries. Only a cursor the server issued, for this list, these filters "
        "and this user, is valid (it is signed): any other string answers 400 naming `cursor`."
    )

    def decode_cursor(self, request: Request) -> Cursor | None:
        if "page" in request.query_params:
            raise app_errors.ValidationError(
                "Invalid page parameter: lists are paged by cursor.",
                details={"page": [_PAGE_RULE]},
            )
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            scope = _scope(request.path_info, _filters(request), request.user.pk)
            offset, reverse, position = signing.loads(encoded, salt=scope)
            offset = int(offset)
            position = None if position is None else str(int(position))
            if not 0 <= offset <= self.offset_cutoff:
                raise ValueError(offset)
        except (signing.BadSignature, TypeError, ValueError) as error:
            raise app_errors.ValidationError(
                "Invalid cursor: it is not one this list gave out, or it was changed.",
                details={self.cursor_query_param: [_CURSOR_RULE]},
            ) from error
        return Cursor(offset=offset, reverse=bool(reverse), position=position)

    def encode_cursor(self, cursor: Cursor) -> str:
        token = cursor_for(
            self.request.path_info,
            user_id=self.request.user.pk,
            filters=_filters(self.request),
            position=cursor.position,
            reverse=cursor.reverse,
            offset=cursor.offset,
        )
        return replace_query_param(self.base_url, self.cursor_query_param, token)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": self.cursor_query_description,
                "schema": {"type": "string", "pattern": CURSOR_PATTERN, "maxLength": 200},
            }
        ]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "Older entries; null on the last page."},
                "previous": {**link, "description": "Newer entries; null on the first page."},
                "results": schema,
            },
        }
