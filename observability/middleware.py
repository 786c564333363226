"""The request id and the access line of every request."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from observability import context

access_logger = logging.getLogger("access")

REQUEST_ID_HEADER = "X-Request-ID"


class RequestIdMiddleware:
    """Outermost: binds the request id for every log line, stamps it on the response, writes the
    access line (INFO, WARNING for 4xx, ERROR for 5xx, with the error code)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = context.accept_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        started = time.perf_counter()
        with context.bound(request_id=request_id, method=request.method, path=request.path_info):
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            status = response.status_code
            level = logging.ERROR if status >= 500 else logging.INFO
            level = logging.WARNING if 400 <= status < 500 else level
            access_logger.log(
                level,
                "%s %s %s",
                request.method,
                request.path_info,
                status,
                extra={
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "user_id": context.request_user_id(request),
                    "error_code": getattr(response, "error_code", None),
                },
            )
        return response
