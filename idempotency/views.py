"""`@idempotent("post")`: Idempotency-Key support for a DRF view's unsafe methods."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.views import APIView

from errors import exceptions as app_errors
from errors.views import outside_request_transaction
from idempotency import services

ViewClass = TypeVar("ViewClass", bound=type[APIView])

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name=services.HEADER,
    location=OpenApiParameter.HEADER,
    required=False,
    description="1 to 255 characters; a repeat with the same body replays the first response.",
)
IDEMPOTENCY_ERRORS = (app_errors.IdempotencyKeyReusedError, app_errors.RequestInProgressError)


def idempotent(*method_names: str) -> Callable[[ViewClass], ViewClass]:
    """Give the named handler methods Idempotency-Key support.

    The view then manages its own transaction instead of ATOMIC_REQUESTS: the key's claim must
    commit before the work starts, and the work and its stored response commit together.
    Without the header a method simply runs in one transaction, as every other view does.
    """

    def decorate(view_class: ViewClass) -> ViewClass:
        for name in method_names:
            setattr(view_class, name, _with_idempotency(getattr(view_class, name)))
        view_class.idempotent_methods = frozenset(name.upper() for name in method_names)
        return outside_request_transaction(view_class)

    return decorate


def _with_idempotency(handler: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(handler)
    def wrapped(view: APIView, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(services.HEADER)
        if key is None:
            with transaction.atomic():
                return handler(view, request, *args, **kwargs)
        return services.run_idempotently(
            request=request, key=key, run=lambda: handler(view, request, *args, **kwargs)
        )

    return wrapped
