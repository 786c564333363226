"""One translation from any exception (DRF's, Django's, the database's, simplejwt's) to an AppError.

An exception nothing here names is a bug: it is logged in full under a fresh error id, reported to
Sentry once, and answered as SYSTEM_UNHANDLED_ERROR with only that id.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import sentry_sdk
from django.conf import settings
from django.core import exceptions as django_exceptions
from django.db import DataError, IntegrityError, InterfaceError, OperationalError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from rest_framework import exceptions as drf_exceptions
from rest_framework_simplejwt import exceptions as jwt_exceptions

from errors import exceptions as app_errors

logger = logging.getLogger("errors")

NON_FIELD_ERRORS_KEY = "non_field_errors"
# SQLSTATEs of a transaction the database aborted to keep concurrent writes consistent.
_SERIALIZATION_FAILURES = {"40001", "40P01", "55P03"}


def flatten_validation_detail(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as one list of messages per dotted field path."""
    flat: dict[str, list[str]] = {}

    def add(path: str, messages: list[str]) -> None:
        known = flat.setdefault(path, [])
        known.extend(message for message in messages if message not in known)

    if isinstance(detail, dict):
        for name, value in detail.items():
            name = NON_FIELD_ERRORS_KEY if name == django_exceptions.NON_FIELD_ERRORS else str(name)
            path = f"{prefix}.{name}" if prefix else name
            for nested_path, messages in flatten_validation_detail(value, path).items():
                add(nested_path, messages)
    elif isinstance(detail, list | tuple):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list | tuple):
                path = f"{prefix}.{index}" if prefix else str(index)
                for nested_path, messages in flatten_validation_detail(item, path).items():
                    add(nested_path, messages)
            else:
                add(prefix or NON_FIELD_ERRORS_KEY, [str(item)])
    else:
        add(prefix or NON_FIELD_ERRORS_KEY, [str(detail)])
    return flat


def validation_error(fields: dict[str, list[str]]) -> app_errors.ValidationError:
    named = [name for name in fields if name != NON_FIELD_ERRORS_KEY]
    if named:
        message = f"Invalid input in: {', '.join(named)}."
    else:
        message = (fields.get(NON_FIELD_ERRORS_KEY) or [None])[0]
    return app_errors.ValidationError(message, details=fields)


def _detail_text(exc: drf_exceptions.APIException) -> str | None:
    """A DRF exception's own text, or None when it is just the class default."""
    detail = exc.detail
    if isinstance(detail, str) and detail != str(type(exc).default_detail):
        return str(detail)
    return None


def _sqlstate(exc: BaseException) -> str | None:
    return getattr(exc.__cause__, "sqlstate", None)


def _from_integrity_error(exc: IntegrityError) -> app_errors.AppError:
    state = _sqlstate(exc)
    diagnostics = getattr(exc.__cause__, "diag", None)
    logger.warning(
        "integrity error refused a write",
        extra={"sqlstate": state, "constraint": getattr(diagnostics, "constraint_name", None)},
    )
    if state == "23505" or "UNIQUE constraint failed" in str(exc):
        return app_errors.DuplicateResourceError()
    return app_errors.ConstraintViolationError()


def _from_operational_error(exc: OperationalError | InterfaceError) -> app_errors.AppError:
    state = _sqlstate(exc)
    if state in _SERIALIZATION_FAILURES:
        return app_errors.ConcurrentUpdateError()
    if "database is locked" in str(exc) or "database table is locked" in str(exc):
        # SQLite: the writers queued past the busy timeout. Busy, not down.
        logger.error("database busy", extra={"cause": str(exc)[:200]})
        return app_errors.DatabaseBusyError()
    logger.error(
        "database unavailable", extra={"sqlstate": state, "error_class": type(exc).__name__}
    )
    return app_errors.DatabaseUnavailableError()


def _from_data_error(exc: DataError) -> app_errors.AppError:
    """A value the database cannot store (SQLSTATE class 22) came from the request; else a bug."""
    state = _sqlstate(exc)
    logger.warning("database refused a value", extra={"sqlstate": state})
    if state is None or state.startswith("22"):
        return app_errors.BadRequestError("A value is out of range or malformed.")
    return report_unhandled(exc)


def _from_suspicious(exc: django_exceptions.SuspiciousOperation) -> app_errors.AppError:
    if isinstance(exc, django_exceptions.RequestDataTooBig):
        max_bytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return app_errors.PayloadTooLargeError(details={"max_bytes": max_bytes})
    if isinstance(exc, django_exceptions.DisallowedHost):
        return app_errors.BadRequestError("Invalid Host header.")
    return app_errors.BadRequestError()


def _from_django_validation(exc: django_exceptions.ValidationError) -> app_errors.AppError:
    if hasattr(exc, "error_dict"):
        return validation_error(flatten_validation_detail(exc.message_dict))
    return validation_error({NON_FIELD_ERRORS_KEY: list(exc.messages)})


def _from_jwt_error(exc: jwt_exceptions.TokenError) -> app_errors.AppError:
    if isinstance(exc, jwt_exceptions.ExpiredTokenError):
        return app_errors.TokenExpiredError()
    return app_errors.TokenInvalidError()


# DRF exceptions the table below does not name, by their status code.
_BY_STATUS: dict[int, type[app_errors.AppError]] = {
    400: app_errors.BadRequestError,
    401: app_errors.NotAuthenticatedError,
    403: app_errors.PermissionDeniedError,
    404: app_errors.ResourceNotFoundError,
    405: app_errors.MethodNotAllowedError,
    406: app_errors.NotAcceptableError,
    409: app_errors.ConstraintViolationError,
    415: app_errors.UnsupportedMediaTypeError,
}


def _from_api_exception(exc: drf_exceptions.APIException) -> app_errors.AppError:
    error_class = _BY_STATUS.get(exc.status_code)
    if error_class is None:
        return report_unhandled(exc) if exc.status_code >= 500 else app_errors.BadRequestError()
    return error_class(_detail_text(exc))


# Order matters: the first matching type wins, so subclasses stand before their bases.
_TRANSLATIONS: tuple[tuple[type[BaseException], Callable[[Any], app_errors.AppError]], ...] = (
    (
        drf_exceptions.ValidationError,
        lambda e: validation_error(flatten_validation_detail(e.detail)),
    ),
    (drf_exceptions.ParseError, lambda e: app_errors.MalformedBodyError(_detail_text(e))),
    (drf_exceptions.NotAuthenticated, lambda e: app_errors.NotAuthenticatedError()),
    (drf_exceptions.AuthenticationFailed, lambda e: app_errors.TokenInvalidError(_detail_text(e))),
    (drf_exceptions.MethodNotAllowed, lambda e: app_errors.MethodNotAllowedError(str(e.detail))),
    (drf_exceptions.NotAcceptable, lambda e: app_errors.NotAcceptableError()),
    (
        drf_exceptions.UnsupportedMediaType,
        lambda e: app_errors.UnsupportedMediaTypeError(
            f"{str(e.detail).rstrip('.')}. Send JSON with Content-Type: application/json."
        ),
    ),
    (drf_exceptions.Throttled, lambda e: app_errors.RateLimitError(retry_after=e.wait or 1)),
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
    code = app_errors.UnhandledError.code
    logger.error(
        "unhandled exception",
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"error_id": error_id, "error_code": code},
    )
    # A no-op when Sentry is not configured (SENTRY_DSN).
    sentry_sdk.capture_exception(exc, tags={"error_code": code, "error_id": error_id})
    return app_errors.UnhandledError(details={"error_id": error_id})


def to_app_error(exc: BaseException) -> app_errors.AppError:
    """The AppError a client is answered with for `exc`."""
    if isinstance(exc, app_errors.AppError):
        return exc
    for exception_type, translate in _TRANSLATIONS:
        if isinstance(exc, exception_type):
            return translate(exc)
    return report_unhandled(exc)
