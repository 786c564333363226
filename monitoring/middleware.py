"""Per response: latency and error metrics, the support desk's ErrorEvent, and 5xx alerts."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import AccessToken

from errors import context
from errors.base import CATALOGUE
from monitoring import alerts, metrics, services, spool

logger = logging.getLogger(__name__)

# Label values are bounded: any other method is counted as "other".
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class MonitoringMiddleware:
    """Outermost: it sees the final response, envelope included, after every other layer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Errors a process that ended kept in this host's spool directory are written out.
        spool.resume()

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
        request_id = getattr(request, "request_id", "")
        if status >= 500:
            alerts.note_server_error(code=code, request_id=request_id)
        user_id = _signed_in_user_id(request, status)
        if not services.should_record(status=status, user_id=user_id):
            return
        services.error_event_record(
            request_id=request_id,
            error_id=getattr(response, "error_id", ""),
            code=code,
            status=status,
            method=method,
            path=request.path_info,
            user_id=user_id,
            summary=getattr(response, "error_summary", ""),
        )


def _signed_in_user_id(request: HttpRequest, status: int) -> int | None:
    """Who the request was answered to: the user authentication found, or, where no view
    authenticated (an unknown URL), the user a valid access token names. A 401 has no user."""
    if status == 401:
        return None
    user_id = context.request_user_id(request)
    if user_id is not None:
        return user_id
    scheme, _, raw = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme != "Bearer" or not raw:
        return None
    try:
        return AccessToken(raw.strip()).get(jwt_settings.USER_ID_CLAIM)
    except TokenError:
        return None
