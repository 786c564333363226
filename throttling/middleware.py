"""`RateLimit-Policy` and `RateLimit` headers (IETF httpapi draft) on every throttled response."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from throttling.throttles import DECISIONS_ATTRIBUTE


class RateLimitHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        decisions = getattr(request, DECISIONS_ATTRIBUTE, None)
        if decisions:
            response["RateLimit-Policy"] = ", ".join(
                f'"{d.scope}";q={d.limit};w={d.window}' for d in decisions
            )
            response["RateLimit"] = ", ".join(
                f'"{d.scope}";r={d.remaining};t={d.reset}' for d in decisions
            )
        return response
