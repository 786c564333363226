"""`RateLimit-Policy` and `RateLimit` headers (IETF httpapi draft) on every throttled response."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from throttling.throttles import DECISIONS_ATTRIBUTE, policy_headers


class RateLimitHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        decisions = getattr(request, DECISIONS_ATTRIBUTE, None)
        if decisions:
            # A refusal already names the limit it hit; the limits passed on the way follow it.
            for name, value in policy_headers(decisions).items():
                response[name] = f"{response[name]}, {value}" if name in response else value
        return response
