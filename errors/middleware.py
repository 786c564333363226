"""Request-id and last-resort middleware: every response carries an id, every error the envelope."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

from errors import context, handlers
from errors import exceptions as app_errors

access_logger = logging.getLogger("access")

REQUEST_ID_HEADER = "X-Request-ID"


def _user_id(request: HttpRequest) -> int | None:
    """The user the request authenticated as, without triggering a database query here."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        user = None
    if user is not None and getattr(user, "is_authenticated", False):
        return user.pk
    bound = context.current()
    return bound.user_id if bound is not None else None


class RequestIdMiddleware:
    """Outermost layer: binds the request id, stamps it on the response, writes the access line.

    It is also where responses that some layer produced without the envelope (Django's debug
    pages, a bare 4xx from a third-party view) are replaced by it, so no path escapes the contract.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = context.accept_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        started = time.perf_counter()
        with context.bound(request_id=request_id, method=request.method, path=request.path_info):
            try:
                response = self.get_response(request)
            except Exception as exc:  # noqa: BLE001 - the outermost edge answers for everything
                response = handlers.response_for(request, exc)
            response = self._ensure_envelope(request, response)
            response[REQUEST_ID_HEADER] = request_id
            self._log(request, response, started)
        return response

    @staticmethod
    def _ensure_envelope(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code < 400 or getattr(response, "error_code", None):
            return response
        if not handlers.is_api_request(request) and not settings.DEBUG:
            return response
        error = getattr(request, "unhandled_error", None)
        if error is None or response.status_code < 500:
            error = handlers.error_for_status(response.status_code) or (
                app_errors.UnhandledError(details={"error_id": str(uuid.uuid4())})
                if response.status_code >= 500
                else app_errors.BadRequestError()
            )
        replacement = handlers.respond(request, error)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response and header not in replacement:
                replacement[header] = response[header]
        return replacement

    @staticmethod
    def _log(request: HttpRequest, response: HttpResponse, started: float) -> None:
        status = response.status_code
        level = (
            logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
        )
        if not access_logger.isEnabledFor(level):
            return
        # Built by hand: the line is written for every request, and a preformatted message and
        # no caller lookup keep it cheap.
        record = access_logger.makeRecord(
            access_logger.name,
            level,
            __file__,
            0,
            f"{request.method} {request.path_info} {status}",
            (),
            None,
            extra={
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "user_id": _user_id(request),
                "error_code": getattr(response, "error_code", None),
            },
        )
        access_logger.handle(record)


class LastResortMiddleware:
    """Refuses a bad Host and oversized bodies before any view runs, and answers for view
    exceptions that no DRF handler saw (Django views, the admin, URL-level errors)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.get_host()
        except DisallowedHost as exc:
            return handlers.response_for(request, exc)
        raw_length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw_length)
        except ValueError:
            return handlers.respond(
                request, app_errors.BadRequestError("The Content-Length header is not a number.")
            )
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return handlers.respond(request, handlers.payload_too_large())
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse:
        return handlers.response_for(request, exception)
