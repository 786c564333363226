"""Per response: latency and error metrics, and the support desk's ErrorEvent."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from errors.base import CATALOGUE
from monitoring import metrics, services
from observability import context

logger = logging.getLogger(__name__)

# Label values are bounded: any other method is counted as "other".
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class MonitoringMiddleware:
    """Just inside the request id's middleware: it sees the final response, envelope included,
    while the request's context (its id, its user) is still bound."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        try:
            self._observe(request, response, time.perf_counter() - started)
        except Exception:
            logger.warning("monitoring failed for a response", exc_info=True)
        return response

    @staticmethod
    def _observe(request: HttpRequest, response: HttpResponse, duration: float) -> None:
        status = response.status_code
        method = request.method if request.method in _METHODS else "other"
        metrics.http_request_duration_seconds.labels(method, f"{status // 100}xx").observe(duration)
        code = getattr(response, "error_code", None)
        if not code:
            return
        entry = CATALOGUE.get(code)
        category = entry.category.label if entry else "unknown"
        metrics.http_errors_total.labels(code, category, str(status)).inc()
        # A 401 was answered to no one: whatever the request claimed was refused.
        user_id = None if status == 401 else context.request_user_id(request)
        if not services.should_record(status=status, user_id=user_id):
            return
        services.error_event_record(
            request_id=getattr(request, "request_id", ""),
            error_id=getattr(response, "error_id", ""),
            code=code,
            status=status,
            method=method,
            path=request.path_info,
            user_id=user_id,
            summary=getattr(response, "error_summary", ""),
        )
