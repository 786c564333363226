"""DRF throttles on the shared counters: anonymous per address, users per id, and scoped ones.

A throttle that refuses raises RATE_LIMIT_EXCEEDED itself, with the limit and window in details.
If the counters cannot be reached, ordinary traffic goes through (logged): a limiter outage must
not take the API down. Login attempts are the exception (`login_attempt_count`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from prometheus_client import Counter
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from errors import exceptions as app_errors
from observability.context import client_address
from throttling import limiter

logger = logging.getLogger(__name__)

rate_limited_total = Counter("rate_limited_total", "Requests refused by a limit.", ["scope"])
rate_limiter_unavailable_total = Counter(
    "rate_limiter_unavailable_total",
    "Requests that met an unreachable limiter (let through, or refused for logins).",
    ["scope"],
)

DECISIONS_ATTRIBUTE = "rate_limit_decisions"


def remember(request: Any, decision: limiter.Decision) -> None:
    """Keep the decision on the Django request, for the RateLimit headers of the response."""
    django_request = getattr(request, "_request", request)
    decisions = getattr(django_request, DECISIONS_ATTRIBUTE, None)
    if decisions is None:
        decisions = []
        setattr(django_request, DECISIONS_ATTRIBUTE, decisions)
    decisions.append(decision)


def policy_headers(decisions: list[limiter.Decision]) -> dict[str, str]:
    """`RateLimit-Policy` and `RateLimit` (IETF httpapi draft) for these decisions."""
    return {
        "RateLimit-Policy": ", ".join(f'"{d.scope}";q={d.limit};w={d.window}' for d in decisions),
        "RateLimit": ", ".join(f'"{d.scope}";r={d.remaining};t={d.reset}' for d in decisions),
    }


def refuse(decision: limiter.Decision) -> app_errors.RateLimitError:
    """The 429 for a refused decision, carrying that decision's RateLimit headers."""
    rate_limited_total.labels(decision.scope).inc()
    return app_errors.RateLimitError(
        retry_after=decision.reset,
        details={"limit": decision.limit, "window": decision.window, "scope": decision.scope},
        headers=policy_headers([decision]),
    )


class SharedCounterThrottle(BaseThrottle):
    scope = ""

    def get_ident(self, request: Request) -> str | None:
        return client_address(request)

    def identity(self, request: Request) -> str | None:
        """Who is counted, or None when this throttle does not apply to the request."""
        raise NotImplementedError

    def allow_request(self, request: Request, view: Any) -> bool:
        if not settings.RATE_LIMIT_ENABLED:
            return True
        identity = self.identity(request)
        if identity is None:
            return True
        rate = limiter.parse_rate(settings.RATE_LIMITS[self.scope])
        try:
            decision = limiter.hit(self.scope, identity, rate)
        except limiter.LimiterUnavailable:
            rate_limiter_unavailable_total.labels(self.scope).inc()
            logger.warning(
                "rate limiter unavailable; request let through", extra={"scope": self.scope}
            )
            return True
        if not decision.allowed:
            raise refuse(decision)
        remember(request, decision)
        return True


class AnonymousThrottle(SharedCounterThrottle):
    scope = "anon"

    def identity(self, request: Request) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return limiter.address_identity(self.get_ident(request))


class UserThrottle(SharedCounterThrottle):
    scope = "user"

    def identity(self, request: Request) -> str | None:
        user = request.user
        return str(user.pk) if user and user.is_authenticated else None


class RegisterThrottle(SharedCounterThrottle):
    scope = "register"

    def identity(self, request: Request) -> str | None:
        if request.method != "POST":
            return None
        return limiter.address_identity(self.get_ident(request))


class _UserScopedThrottle(SharedCounterThrottle):
    def identity(self, request: Request) -> str | None:
        user = request.user
        unsafe = request.method not in ("GET", "HEAD", "OPTIONS")
        return str(user.pk) if unsafe and user and user.is_authenticated else None


class DeductThrottle(_UserScopedThrottle):
    scope = "deduct"


class AnalysisThrottle(_UserScopedThrottle):
    scope = "analysis"


class WebhookSendThrottle(_UserScopedThrottle):
    """Test pings and retries a user asks for: each is a POST to a URL of their choosing."""

    scope = "webhook_send"


class ClientErrorThrottle(SharedCounterThrottle):
    """Reports of pages' own failures, per address: tight, since anyone may send them."""

    scope = "client_errors"

    def identity(self, request: Request) -> str | None:
        return limiter.address_identity(self.get_ident(request))


DEFAULT_THROTTLES = (AnonymousThrottle, UserThrottle)


def login_attempt_count(*, email: str, address: str | None) -> None:
    """Count one login attempt, failed or not, before the password is checked; refuse past any
    limit: per account and address (`login`), per account from anywhere (`login_account`) and per
    address (`login_ip`). Counting successes too keeps right passwords from buying unlimited
    password hashes (each costs a core about half a second). If the counters cannot be reached,
    logins are refused (503) rather than let a guesser through."""
    if not settings.RATE_LIMIT_ENABLED:
        return
    where = limiter.address_identity(address)
    identities = {"login": f"{email}|{where}", "login_account": email, "login_ip": where}
    try:
        for scope, identity in identities.items():
            decision = limiter.hit(scope, identity, limiter.parse_rate(settings.RATE_LIMITS[scope]))
            if not decision.allowed:
                raise refuse(decision)
    except limiter.LimiterUnavailable as error:
        rate_limiter_unavailable_total.labels("login").inc()
        logger.error("login refused: rate limiter unavailable")
        raise app_errors.RateLimiterUnavailableError() from error
