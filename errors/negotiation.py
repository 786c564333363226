"""Content negotiation that treats `application/problem+json` as a wish for JSON.

Errors are then rendered as problem details by the handler; success responses stay JSON, and a
client that asks only for problem+json is never refused with 406.
"""

from __future__ import annotations

from typing import Any

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

PROBLEM_MEDIA_TYPE = "application/problem+json"

# Accept headers are the client's to choose, so the memory of past choices is bounded.
_REMEMBERED_LIMIT = 512


class ProblemAwareContentNegotiation(DefaultContentNegotiation):
    # (Accept header, format, renderer classes) -> (renderer position, media type). Parsing and
    # matching the Accept header cost about a tenth of a small response; the answer only
    # depends on these three.
    _remembered: dict[tuple[Any, ...], tuple[int, str]] = {}

    def select_renderer(
        self, request: Request, renderers: list[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        override = self.settings.URL_FORMAT_OVERRIDE
        # Without an override parameter the query string is not parsed just to look for it.
        requested_format = format_suffix or (
            request.query_params.get(override) if override else None
        )
        key = (
            request.META.get("HTTP_ACCEPT"),
            requested_format,
            tuple(type(renderer) for renderer in renderers),
        )
        known = self._remembered.get(key)
        if known is not None:
            position, media_type = known
            return renderers[position], media_type
        renderer, media_type = super().select_renderer(request, renderers, format_suffix)
        if len(self._remembered) >= _REMEMBERED_LIMIT:
            self._remembered.clear()
        self._remembered[key] = (renderers.index(renderer), media_type)
        return renderer, media_type

    def get_accept_list(self, request: Request) -> list[str]:
        accepted = super().get_accept_list(request)
        return [
            media.replace(PROBLEM_MEDIA_TYPE, "application/json", 1)
            if media.strip().startswith(PROBLEM_MEDIA_TYPE)
            else media
            for media in accepted
        ]
