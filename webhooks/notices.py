"""An endpoint disabled after failing for days is told to its owner on every API answer, in the
`Webhooks-Disabled` header (the endpoints' ids), until they enable or delete it.

The ids are kept in the cache under the owner, written when an endpoint is disabled, enabled or
deleted: an answer reads one cache key, never the database. With the cache down the header is left
out; the endpoint itself still says `enabled: false` with `disabled_at`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from observability.context import request_user_id
from webhooks.models import WebhookEndpoint

HEADER = "Webhooks-Disabled"
_CACHE_ERRORS = (RedisError, ConnectionInterrupted, OSError)


def _key(user_id: int) -> str:
    return f"webhooks:disabled:{user_id}"


def disabled_refresh(user_id: int) -> None:
    """Note (or forget) the owner's endpoints disabled for failing."""
    disabled = WebhookEndpoint.objects.filter(
        owner_id=user_id, enabled=False, disabled_at__isnull=False
    ).order_by("pk")
    ids = ",".join(str(pk) for pk in disabled.values_list("pk", flat=True))
    try:
        if ids:
            cache.set(_key(user_id), ids, timeout=None)
        else:
            cache.delete(_key(user_id))
    except _CACHE_ERRORS:
        pass  # the endpoint still says it is disabled


class DisabledEndpointsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/"):
            return response
        user_id = request_user_id(request)
        if user_id is not None:
            try:
                ids = cache.get(_key(user_id))
            except _CACHE_ERRORS:
                ids = None
            if ids:
                response[HEADER] = ids
        return response
