"""`@idempotent("post")`: Idempotency-Key support for a DRF view's unsafe methods."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import DatabaseError, transaction
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from errors import exceptions as app_errors
from errors.translation import to_app_error
from idempotency import services
from idempotency.models import IdempotencyRecord

logger = logging.getLogger(__name__)

ViewClass = TypeVar("ViewClass", bound=type[APIView])

REPLAYED_HEADER = "Idempotent-Replayed"
# What a replayed success carries again besides its body.
KEPT_HEADERS = ("Location", "ETag", "Retry-After")
IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name=services.HEADER,
    type={"type": "string", "minLength": 1, "maxLength": services.MAX_KEY_LENGTH},
    location=OpenApiParameter.HEADER,
    required=False,
    description="1 to 255 characters; a repeat with the same body replays the first response.",
)
IDEMPOTENCY_ERRORS = (app_errors.IdempotencyKeyReusedError, app_errors.RequestInProgressError)


def idempotent(*method_names: str, body: bool = True) -> Callable[[ViewClass], ViewClass]:
    """Give the named handler methods Idempotency-Key support.

    With the header, the key's claim commits before the work starts, and the work and its stored
    outcome commit together in one transaction. Without it, the method simply runs. A method
    that takes no body (`body=False`) never reads one, not even to fingerprint it.
    """

    def decorate(view_class: ViewClass) -> ViewClass:
        for name in method_names:
            setattr(view_class, name, _with_idempotency(getattr(view_class, name), body))
        view_class.idempotent_methods = frozenset(name.upper() for name in method_names)
        return view_class

    return decorate


def _with_idempotency(
    handler: Callable[..., HttpResponse], body: bool
) -> Callable[..., HttpResponse]:
    @functools.wraps(handler)
    def wrapped(view: APIView, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(services.HEADER)
        if key is None:
            return handler(view, request, *args, **kwargs)
        record, owned = services.idempotency_claim(
            user=request.user,
            method=request.method,
            path=request.path_info.rstrip("/"),
            key=services.validated_key(key),
            fingerprint=services.request_fingerprint(request.data if body else None),
        )
        if not owned:
            return _replay(record)
        return _run_once(record, lambda: handler(view, request, *args, **kwargs))

    return wrapped


def _run_once(record: IdempotencyRecord, run: Callable[[], HttpResponse]) -> HttpResponse:
    try:
        with transaction.atomic():
            response = run()
            data = response.data if isinstance(response, Response) else None
            services.idempotency_complete(
                record=record,
                status=response.status_code,
                body={"data": json.loads(JSONRenderer().render(data) or b"null")},
                headers={name: response[name] for name in KEPT_HEADERS if name in response},
            )
        return response
    except services.KeyTakenOver:
        raise app_errors.RequestInProgressError() from None
    except Exception as exc:  # kept when final, then answered like any error
        error = to_app_error(exc)
        _keep_error(record, error)
        raise error from exc


def _keep_error(record: IdempotencyRecord, error: app_errors.AppError) -> None:
    """Store an error outcome for replays; a 5xx frees the key instead, for a retry."""
    if error.status_code >= 500:
        services.idempotency_release(record=record)
        return
    outcome = {"error": {"code": error.code, "message": error.message, "details": error.details}}
    try:
        with transaction.atomic():
            services.idempotency_complete(
                record=record, status=error.status_code, body=outcome, headers=error.headers
            )
    except (services.KeyTakenOver, DatabaseError):
        logger.warning("idempotent outcome not stored; key released", exc_info=True)
        services.idempotency_release(record=record)


def _replay(record: IdempotencyRecord) -> HttpResponse:
    stored = json.loads(record.response_body or "null")
    headers = {**(record.response_headers or {}), REPLAYED_HEADER: "true"}
    if record.response_status >= 400:
        # The first request's error again, with this request's id; the first one's beside it.
        raise app_errors.AppError.rebuild(
            code=stored["error"]["code"],
            message=stored["error"]["message"],
            details=stored["error"]["details"],
            headers={**headers, "Original-Request-ID": record.request_id},
        )
    response = HttpResponse(
        json.dumps(stored["data"]), status=record.response_status, content_type="application/json"
    )
    for name, value in headers.items():
        response[name] = value
    return response
