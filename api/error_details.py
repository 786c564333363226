"""What `details` holds for each error code: the schema components of the OpenAPI document,
and an example of each as the server writes it."""

from __future__ import annotations

from typing import Any

from errors import exceptions  # noqa: F401 - defining the error classes fills the catalogue
from errors.base import CATALOGUE


def object_schema(
    description: str, *, optional: tuple[str, ...] = (), **properties: dict[str, Any]
) -> dict[str, Any]:
    """An object with these properties, each required but the `optional` ones."""
    required = [name for name in properties if name not in optional]
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
    }


_INTEGER: dict[str, Any] = {"type": "integer"}
_STRING: dict[str, Any] = {"type": "string"}
_TIME: dict[str, Any] = {"type": "string", "format": "date-time"}
_RETRY_AFTER = {"type": "integer", "minimum": 1, "description": "Seconds; also Retry-After."}


def _exact(
    description: str, *, optional: tuple[str, ...] = (), **properties: dict[str, Any]
) -> dict[str, Any]:
    """Details with exactly these keys (each required but the `optional` ones)."""
    return object_schema(description, optional=optional, **properties) | {
        "additionalProperties": False
    }


# The shapes `details` takes. Each code has one (DETAILS_OF); the server sends no other key.
DETAIL_SCHEMAS: dict[str, dict[str, Any]] = {
    "NoDetails": {
        "type": "object",
        "description": "Nothing more: `{}`.",
        "properties": {},
        "additionalProperties": False,
    },
    "RetryAfterDetails": _exact(
        "The seconds to wait before trying again.", retry_after=_RETRY_AFTER
    ),
    "ValidationDetails": {
        "type": "object",
        "description": "The messages of each invalid field (dotted paths for nested ones, "
        "non_field_errors for the whole object, a header's name for a header)",
        "additionalProperties": {"type": "array", "items": _STRING, "minItems": 1},
    },
    "RateLimitDetails": _exact(
        "The seconds to wait; from the application also the limit, its window in seconds and "
        "what it counts (the proxy in front sends only the wait)",
        optional=("limit", "window", "scope"),
        retry_after=_RETRY_AFTER,
        limit=_INTEGER,
        window=_INTEGER,
        scope=_STRING,
    ),
    "InsufficientBalanceDetails": _exact(
        "What the operation needs, what the account has (balance less holds), and the difference",
        required_amount=_INTEGER,
        available_balance=_INTEGER,
        missing_amount=_INTEGER,
    ),
    "VersionMismatchDetails": _exact(
        "The deal's version now: re-read it, or retry with this version",
        current_version={"type": "integer", "minimum": 1},
    ),
    "ResourceLockedDetails": _exact(
        "The analysis still queued or running (null if it ended in the meantime)",
        analysis_id={"type": ["integer", "null"]},
    ),
    "DuplicateDealDetails": _exact("The deal already saved with this URL", deal_id=_INTEGER),
    "HoldResolvedDetails": _exact("The hold and how it resolved", hold_id=_INTEGER, status=_STRING),
    "TokenInvalidDetails": _exact(
        "Why a refresh token was refused (`expired`: sign in again; `revoked`: the session was "
        "ended; `used`: it was replaced, so every session of its chain ended; `invalid`: anything "
        "else). An access token's refusal has no reason.",
        optional=("reason",),
        reason={"type": "string", "enum": ["expired", "invalid", "revoked", "used"]},
    ),
    "PermissionDeniedDetails": _exact(
        "Why an adjustment was refused (`own_account`; `above_cap`, with the cap in tokens); "
        "other refusals say nothing more",
        optional=("reason", "cap"),
        reason={"type": "string", "enum": ["own_account", "above_cap"]},
        cap=_INTEGER,
    ),
    "ProvidersDetails": _exact(
        "How each AI provider's last attempt ended",
        optional=("providers",),
        providers={"type": "object", "additionalProperties": _STRING},
    ),
    "UnhandledDetails": _exact(
        "The id under which the full record is logged: quote it to support",
        error_id=_STRING,
    ),
    "PayloadTooLargeDetails": _exact("The largest body accepted, in bytes", max_bytes=_INTEGER),
    "DependencyDetails": _exact(
        "The state of each dependency",
        checks={
            "type": "object",
            "additionalProperties": {"type": "string", "enum": ["ok", "unavailable", "in-process"]},
        },
    ),
}

REQUEST_ID = "3f2b9c1e-6d4a-4f0e-9a71-5c2d8e0b7a14"
_NO_DETAILS: tuple[str, dict[str, Any]] = ("NoDetails", {})
# Each code's details: the component, and an example as the server writes it.
DETAILS_OF: dict[str, tuple[str, dict[str, Any]]] = {
    "HTTP_413": ("PayloadTooLargeDetails", {"max_bytes": 1_048_576}),
    "HTTP_428": (
        "ValidationDetails",
        {
            "If-Match": ['The ETag from GET, such as "3", or * for any version.'],
            "version": ["Or the version you read, in the body."],
        },
    ),
    "VALIDATION_ERROR": (
        "ValidationDetails",
        {"price": ["Ensure that there are no more than 10 digits in total."]},
    ),
    "AUTH_TOKEN_INVALID": ("TokenInvalidDetails", {"reason": "used"}),
    "FORBIDDEN_PERMISSION_DENIED": ("PermissionDeniedDetails", {}),
    "CONFLICT_RESOURCE_LOCKED": ("ResourceLockedDetails", {"analysis_id": 41}),
    "CONFLICT_DUPLICATE_DEAL": ("DuplicateDealDetails", {"deal_id": 17}),
    "CONFLICT_VERSION_MISMATCH": ("VersionMismatchDetails", {"current_version": 4}),
    "CONFLICT_HOLD_RESOLVED": ("HoldResolvedDetails", {"hold_id": 9, "status": "captured"}),
    "RATE_LIMIT_EXCEEDED": (
        "RateLimitDetails",
        {"retry_after": 42, "limit": 600, "window": 60, "scope": "user"},
    ),
    "INTEGRATION_AI_UNAVAILABLE": ("ProvidersDetails", {"providers": {"primary": "timeout"}}),
    "AI_INVALID_RESPONSE": ("ProvidersDetails", {"providers": {"primary": "invalid_output"}}),
    "SYSTEM_UNHANDLED_ERROR": ("UnhandledDetails", {"error_id": REQUEST_ID}),
    "SYSTEM_DEPENDENCY_UNAVAILABLE": (
        "DependencyDetails",
        {"checks": {"database": "ok", "cache": "unavailable", "broker": "ok"}},
    ),
    "TOKEN_INSUFFICIENT_BALANCE": (
        "InsufficientBalanceDetails",
        {"required_amount": 10, "available_balance": 3, "missing_amount": 7},
    ),
}


def details_of(code: str) -> tuple[str, dict[str, Any]]:
    """The details component of `code` and an example of them."""
    if code in DETAILS_OF:
        return DETAILS_OF[code]
    wait = CATALOGUE[code].retry_after
    return _NO_DETAILS if wait is None else ("RetryAfterDetails", {"retry_after": wait})
