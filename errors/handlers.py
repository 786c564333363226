"""Turn any exception into the error envelope (or an HTML page outside the API).

One translation table maps every exception kind to an `AppError`; every layer uses it: DRF's
exception handler, the last-resort middleware, and Django's handler400/403/404/500.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

import orjson
from django.conf import settings
from django.core import exceptions as django_exceptions
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import got_request_exception
from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    transaction,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from rest_framework import exceptions as drf_exceptions
from rest_framework.views import set_rollback
from rest_framework_simplejwt import exceptions as jwt_exceptions

from errors import exceptions as app_errors
from errors.context import current_request_id
from errors.negotiation import PROBLEM_MEDIA_TYPE
from errors.views import runs_outside_request_transaction
from monitoring.sentry import report_exception

logger = logging.getLogger("errors")

API_PATH_PREFIX = "/api/"
NON_FIELD_ERRORS_KEY = "non_field_errors"
DATABASE_RETRY_AFTER_SECONDS = 5
_SERIALIZATION_FAILURES = {"40001", "40P01", "55P03"}


# Translation ----------------------------------------------------------------------------------


def flatten_validation_detail(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as one list of messages per dotted field path."""
    flat: dict[str, list[str]] = {}

    def key_for(name: str) -> str:
        return f"{prefix}.{name}" if prefix else name

    if isinstance(detail, dict):
        for name, value in detail.items():
            name = NON_FIELD_ERRORS_KEY if name == django_exceptions.NON_FIELD_ERRORS else str(name)
            for path, messages in flatten_validation_detail(value, key_for(name)).items():
                flat.setdefault(path, []).extend(messages)
    elif isinstance(detail, list | tuple):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list | tuple):
                if item:
                    nested = flatten_validation_detail(item, key_for(str(index)))
                    for path, messages in nested.items():
                        flat.setdefault(path, []).extend(messages)
            else:
                flat.setdefault(prefix or NON_FIELD_ERRORS_KEY, []).append(str(item))
    else:
        flat.setdefault(prefix or NON_FIELD_ERRORS_KEY, []).append(str(detail))
    return flat


def validation_error(fields: dict[str, list[str]]) -> app_errors.ValidationError:
    named = [name for name in fields if name != NON_FIELD_ERRORS_KEY]
    if named:
        message = f"Invalid input in: {', '.join(named)}."
    elif fields.get(NON_FIELD_ERRORS_KEY):
        message = fields[NON_FIELD_ERRORS_KEY][0]
    else:
        message = None
    return app_errors.ValidationError(message, details=fields)


def _detail_text(exc: drf_exceptions.APIException) -> str | None:
    """A DRF exception's own text, or None when it is just the class default."""
    detail = exc.detail
    if isinstance(detail, str) and detail != str(type(exc).default_detail):
        return str(detail)
    return None


def _sqlstate(exc: BaseException) -> str | None:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None)


def _from_integrity_error(exc: IntegrityError) -> app_errors.AppError:
    state = _sqlstate(exc)
    diag = getattr(exc.__cause__, "diag", None)
    logger.warning(
        "integrity error refused a write",
        extra={"sqlstate": state, "constraint": getattr(diag, "constraint_name", None)},
    )
    if state == "23505" or "UNIQUE constraint failed" in str(exc):
        return app_errors.DuplicateResourceError()
    return app_errors.ConstraintViolationError()


def _from_operational_error(exc: DatabaseError) -> app_errors.AppError:
    state = _sqlstate(exc)
    if state in _SERIALIZATION_FAILURES:
        return app_errors.ConcurrentUpdateError()
    logger.error(
        "database unavailable", extra={"sqlstate": state, "error_class": type(exc).__name__}
    )
    return app_errors.DatabaseUnavailableError(
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
        details={"retry_after": DATABASE_RETRY_AFTER_SECONDS},
    )


def _from_data_error(exc: DataError) -> app_errors.AppError:
    """A value the database cannot store (SQLSTATE class 22) came from the request; else a bug."""
    state = _sqlstate(exc)
    logger.warning("database refused a value", extra={"sqlstate": state})
    if state is None or state.startswith("22"):
        return app_errors.BadRequestError("A value is out of range or malformed.")
    return report_unhandled(exc)


def _from_suspicious(exc: django_exceptions.SuspiciousOperation) -> app_errors.AppError:
    if isinstance(exc, django_exceptions.RequestDataTooBig):
        return payload_too_large()
    if isinstance(exc, django_exceptions.DisallowedHost):
        return app_errors.BadRequestError("Invalid Host header.")
    return app_errors.BadRequestError()


def payload_too_large() -> app_errors.PayloadTooLargeError:
    return app_errors.PayloadTooLargeError(
        details={"max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    )


def _from_throttled(exc: drf_exceptions.Throttled) -> app_errors.AppError:
    wait = exc.wait if exc.wait is not None else 1
    return app_errors.RateLimitError(retry_after=math.ceil(wait))


def _from_django_validation(exc: django_exceptions.ValidationError) -> app_errors.AppError:
    if hasattr(exc, "error_dict"):
        return validation_error(flatten_validation_detail(exc.message_dict))
    return validation_error({NON_FIELD_ERRORS_KEY: list(exc.messages)})


def _from_jwt_error(exc: jwt_exceptions.TokenError) -> app_errors.AppError:
    if isinstance(exc, jwt_exceptions.ExpiredTokenError):
        return app_errors.TokenExpiredError()
    return app_errors.TokenInvalidError()


def _from_api_exception(exc: drf_exceptions.APIException) -> app_errors.AppError:
    """DRF exceptions the table below does not name, by their status code."""
    if exc.status_code >= 500:
        return report_unhandled(exc)
    return error_for_status(exc.status_code, _detail_text(exc)) or app_errors.BadRequestError()


# Order matters: the first matching type wins, so subclasses stand before their bases.
_TRANSLATIONS: tuple[tuple[type[BaseException], Callable[[Any], app_errors.AppError]], ...] = (
    (
        drf_exceptions.ValidationError,
        lambda e: validation_error(flatten_validation_detail(e.detail)),
    ),
    (drf_exceptions.ParseError, lambda e: app_errors.MalformedBodyError(_detail_text(e))),
    (drf_exceptions.NotAuthenticated, lambda e: app_errors.NotAuthenticatedError()),
    (drf_exceptions.AuthenticationFailed, lambda e: app_errors.TokenInvalidError(_detail_text(e))),
    (drf_exceptions.PermissionDenied, lambda e: app_errors.PermissionDeniedError(_detail_text(e))),
    (drf_exceptions.NotFound, lambda e: app_errors.ResourceNotFoundError(_detail_text(e))),
    (drf_exceptions.MethodNotAllowed, lambda e: app_errors.MethodNotAllowedError(str(e.detail))),
    (drf_exceptions.NotAcceptable, lambda e: app_errors.NotAcceptableError()),
    (
        drf_exceptions.UnsupportedMediaType,
        lambda e: app_errors.UnsupportedMediaTypeError(str(e.detail)),
    ),
    (drf_exceptions.Throttled, _from_throttled),
    (drf_exceptions.APIException, _from_api_exception),
    (jwt_exceptions.TokenError, _from_jwt_error),
    (Http404, lambda e: app_errors.ResourceNotFoundError()),
    (django_exceptions.ObjectDoesNotExist, lambda e: app_errors.ResourceNotFoundError()),
    (django_exceptions.PermissionDenied, lambda e: app_errors.PermissionDeniedError()),
    (django_exceptions.ValidationError, _from_django_validation),
    (django_exceptions.SuspiciousOperation, _from_suspicious),
    (django_exceptions.BadRequest, lambda e: app_errors.BadRequestError()),
    (MultiPartParserError, lambda e: app_errors.MalformedBodyError()),
    (IntegrityError, _from_integrity_error),
    (DataError, _from_data_error),
    (OperationalError, _from_operational_error),
    (InterfaceError, _from_operational_error),
)


def report_unhandled(exc: BaseException) -> app_errors.UnhandledError:
    """Log an unexpected exception in full under a fresh error id; the client gets only the id."""
    error_id = str(uuid.uuid4())
    logger.error(
        "unhandled exception",
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"error_id": error_id, "error_code": app_errors.UnhandledError.code},
    )
    report_exception(exc, error_code=app_errors.UnhandledError.code, error_id=error_id)
    return app_errors.UnhandledError(details={"error_id": error_id})


def to_app_error(exc: BaseException) -> app_errors.AppError:
    if isinstance(exc, app_errors.AppError):
        return exc
    for exception_type, translate in _TRANSLATIONS:
        if isinstance(exc, exception_type):
            return translate(exc)
    return report_unhandled(exc)


# Rendering ------------------------------------------------------------------------------------


_last_second: tuple[int, str] = (-1, "")


def utc_timestamp() -> str:
    """Now in UTC, to the second (`2026-01-31T12:00:00Z`); formatted once a second."""
    global _last_second
    second = int(time.time())
    known = _last_second  # one tuple, so threads never pair a second with another's text
    if known[0] != second:
        known = (second, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second)))
        _last_second = known
    return known[1]


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PATH_PREFIX)


def _media_quality(accept: str) -> dict[str, float]:
    qualities: dict[str, float] = {}
    for media_range in accept.split(","):
        media_type, *params = (part.strip() for part in media_range.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        qualities[media_type.lower()] = max(quality, qualities.get(media_type.lower(), 0.0))
    return qualities


@functools.lru_cache(maxsize=512)  # Accept headers are few in practice, and bounded here
def _prefers_problem_details(accept: str) -> bool:
    qualities = _media_quality(accept)
    problem = qualities.get(PROBLEM_MEDIA_TYPE, 0.0)
    return problem > 0 and problem >= qualities.get("application/json", 0.0)


def wants_problem_details(request: HttpRequest) -> bool:
    return _prefers_problem_details(request.META.get("HTTP_ACCEPT", ""))


_django_default = DjangoJSONEncoder().default


def json_body(data: Any) -> bytes:
    """`data` as JSON the way Django's encoder writes dates, decimals and lazy strings, encoded by
    orjson (several times faster than the standard library on every error response)."""
    try:
        return orjson.dumps(data, default=_django_default, option=orjson.OPT_PASSTHROUGH_DATETIME)
    except orjson.JSONEncodeError:  # integers beyond 64 bits, keys that are not strings
        return json.dumps(data, cls=DjangoJSONEncoder).encode()


def _request_id(request: HttpRequest) -> str:
    return getattr(request, "request_id", None) or current_request_id() or str(uuid.uuid4())


def _catalogue_url(request: HttpRequest, code: str) -> str:
    path = f"/api/v1/errors/{code}"
    try:
        return request.build_absolute_uri(path)
    except django_exceptions.DisallowedHost:
        return f"http://localhost{path}"


def problem_details(request: HttpRequest, body: dict[str, Any], status: int) -> dict[str, Any]:
    code = body["code"]
    entry = app_errors.CATALOGUE.get(code)
    problem = {
        "type": _catalogue_url(request, code),
        "title": entry.message if entry else body["message"],
        "status": status,
        "detail": body["message"],
        "instance": f"urn:request:{body['request_id']}",
        "code": code,
        "request_id": body["request_id"],
        "timestamp": body["timestamp"],
        "details": body["details"],
    }
    if code == app_errors.ValidationError.code:
        problem["errors"] = [
            {"field": field, "pointer": "/" + field.replace(".", "/"), "detail": message}
            for field, messages in body["details"].items()
            for message in messages
        ]
    return problem


def envelope(*, code: str, message: str, details: dict[str, Any], request_id: str) -> dict:
    return {
        "status": "error",
        "code": code,
        "message": message,
        "details": details,
        "request_id": request_id,
        "timestamp": utc_timestamp(),
    }


def render_error(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: str,
    details: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """The envelope, or problem details when the client asks for them, for an API request."""
    body = envelope(code=code, message=message, details=details, request_id=_request_id(request))
    if wants_problem_details(request):
        response = HttpResponse(
            json_body(problem_details(request, body, status)),
            status=status,
            content_type=PROBLEM_MEDIA_TYPE,
        )
    else:
        response = HttpResponse(json_body(body), status=status, content_type="application/json")
    for name, value in (headers or {}).items():
        response[name] = value
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    response.error_code = code
    response.error_id = details.get("error_id", "") if isinstance(details, dict) else ""
    response.error_summary = message
    return response


def error_response(request: HttpRequest, error: app_errors.AppError) -> HttpResponse:
    return render_error(
        request,
        status=error.status_code,
        code=error.code,
        message=error.message,
        details=error.details,
        headers=error.headers,
    )


def html_error_response(request: HttpRequest, error: app_errors.AppError) -> HttpResponse:
    """A plain page for browsers outside the API; never Django's debug page."""
    context = {
        "status": error.status_code,
        "title": error.category.title if error.status_code < 500 else "Server Error",
        "message": error.message,
        "request_id": _request_id(request),
    }
    response = HttpResponse(
        render_to_string("errors/error.html", context),
        status=error.status_code,
        content_type="text/html; charset=utf-8",
    )
    for name, value in error.headers.items():
        response[name] = value
    response.error_code = error.code
    return response


def respond(request: HttpRequest, error: app_errors.AppError) -> HttpResponse:
    if is_api_request(request):
        return error_response(request, error)
    return html_error_response(request, error)


def response_for(request: HttpRequest, exc: BaseException) -> HttpResponse:
    return respond(request, to_app_error(exc))


# Entry points ---------------------------------------------------------------------------------


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse:
    """DRF's EXCEPTION_HANDLER: every exception a DRF view raises becomes the envelope."""
    view = context.get("view")
    # A view outside ATOMIC_REQUESTS rolled its own atomic block back as the exception left it;
    # marking the enclosing block would doom a transaction that is not the request's.
    if not runs_outside_request_transaction(context["request"], view):
        set_rollback()
    error = to_app_error(exc)
    if isinstance(exc, drf_exceptions.APIException) and getattr(exc, "auth_header", None):
        error.headers.setdefault("WWW-Authenticate", exc.auth_header)
    return error_response(context["request"], error)


def _handler(error_factory: Callable[[], app_errors.AppError]) -> Callable[..., HttpResponse]:
    def handler(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
        if exception is not None and not isinstance(exception, Http404):
            return response_for(request, exception)
        return respond(request, error_factory())

    return handler


bad_request = _handler(app_errors.BadRequestError)
permission_denied = _handler(app_errors.PermissionDeniedError)
page_not_found = _handler(app_errors.ResourceNotFoundError)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the error was logged when it was raised; answer with its error id."""
    error = getattr(request, "unhandled_error", None)
    if error is None:
        exc = sys.exc_info()[1]
        error = report_unhandled(exc) if exc is not None else app_errors.UnhandledError()
    return respond(request, error)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return respond(request, app_errors.CsrfFailedError())


def _record_uncaught_exception(
    sender: Any, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Django is about to answer 500 for an exception no layer handled: log it once, with an id."""
    exc = sys.exc_info()[1]
    if request is not None and exc is not None and not hasattr(request, "unhandled_error"):
        request.unhandled_error = report_unhandled(exc)


def connect_signals() -> None:
    got_request_exception.connect(_record_uncaught_exception, dispatch_uid="errors.record_uncaught")


_GENERIC_BY_STATUS: dict[int, type[app_errors.AppError]] = {
    400: app_errors.BadRequestError,
    401: app_errors.NotAuthenticatedError,
    403: app_errors.PermissionDeniedError,
    404: app_errors.ResourceNotFoundError,
    405: app_errors.MethodNotAllowedError,
    406: app_errors.NotAcceptableError,
    409: app_errors.ConstraintViolationError,
    415: app_errors.UnsupportedMediaTypeError,
    502: app_errors.UpstreamError,
    503: app_errors.DependencyUnavailableError,
}


def error_for_status(status: int, message: str | None = None) -> app_errors.AppError | None:
    """The generic error for a bare HTTP status, or None when there is no generic one."""
    if status == 413:
        return payload_too_large()
    if status == 429:
        return app_errors.RateLimitError(message, retry_after=1)
    error_class = _GENERIC_BY_STATUS.get(status)
    return error_class(message) if error_class is not None else None


__all__ = [
    "api_exception_handler",
    "api_not_found",
    "bad_request",
    "csrf_failure",
    "error_for_status",
    "error_response",
    "page_not_found",
    "permission_denied",
    "response_for",
    "server_error",
    "to_app_error",
]


@transaction.non_atomic_requests
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The catch-all route under /api/: an unknown URL is an enveloped 404, also with DEBUG on."""
    return error_response(request, app_errors.ResourceNotFoundError("No API endpoint at this URL."))
