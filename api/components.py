"""The OpenAPI components every error response refers to: the envelope, problem details, the
`details` whose shape is part of the contract, and the response headers the API sends."""

from __future__ import annotations

from typing import Any

from errors import exceptions  # noqa: F401 - defining the error classes fills the catalogue
from errors.base import CATALOGUE

ENVELOPE_COMPONENT = "ErrorEnvelope"
PROBLEM_COMPONENT = "ProblemDetails"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(
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


def _details(description: str, **properties: dict[str, Any]) -> dict[str, Any]:
    return _object(description, **properties) | {"additionalProperties": True}


_INTEGER: dict[str, Any] = {"type": "integer"}
_STRING: dict[str, Any] = {"type": "string"}
_TIME: dict[str, Any] = {"type": "string", "format": "date-time"}
_RETRY_AFTER = {"type": "integer", "minimum": 1, "description": "Seconds; also Retry-After."}


def _exact(
    description: str, *, optional: tuple[str, ...] = (), **properties: dict[str, Any]
) -> dict[str, Any]:
    """Details with exactly these keys (each required but the `optional` ones)."""
    return _object(description, optional=optional, **properties) | {"additionalProperties": False}


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

_REQUEST_ID = "3f2b9c1e-6d4a-4f0e-9a71-5c2d8e0b7a14"
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
    "SYSTEM_UNHANDLED_ERROR": ("UnhandledDetails", {"error_id": _REQUEST_ID}),
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


def component_name(code: str, kind: str) -> str:
    """`CONFLICT_VERSION_MISMATCH`, "Error" -> `ConflictVersionMismatchError`."""
    return "".join(part.capitalize() for part in code.split("_")) + kind


def _envelope_of(code: str) -> dict[str, Any]:
    error = CATALOGUE[code]
    return _object(
        f"`{code}` ({error.status_code}): {error.description}",
        status={"type": "string", "const": "error"},
        code={"type": "string", "const": code},
        message=_STRING,
        details=_ref(details_of(code)[0]),
        request_id=_STRING,
        timestamp=_TIME,
    )


_FIELD_ERROR = _object("One message of one field.", field=_STRING, pointer=_STRING, detail=_STRING)


def _problem_of(code: str) -> dict[str, Any]:
    error = CATALOGUE[code]
    return _object(
        f"`{code}` ({error.status_code}) as RFC 9457 problem details: {error.description}",
        optional=("errors",),
        type={"type": "string", "format": "uri"},
        title=_STRING,
        status={"type": "integer", "const": error.status_code},
        detail=_STRING,
        instance=_STRING,
        code={"type": "string", "const": code},
        request_id=_STRING,
        timestamp=_TIME,
        details=_ref(details_of(code)[0]),
        errors={"type": "array", "items": _ref("FieldError")},
    )


def one_of(codes: list[str], kind: str) -> dict[str, Any]:
    """Any of these codes' envelopes (kind "Error") or problem details ("Problem"), told apart
    by `code`."""
    names = {code: component_name(code, kind) for code in codes}
    return {
        "oneOf": [_ref(name) for name in names.values()],
        "discriminator": {
            "propertyName": "code",
            "mapping": {code: _ref(name)["$ref"] for code, name in names.items()},
        },
    }


def _all_errors() -> dict[str, dict[str, Any]]:
    codes = sorted(CATALOGUE)
    return {
        ENVELOPE_COMPONENT: one_of(codes, "Error")
        | {
            "description": "Every error answers in this shape, its `details` set by its `code`. "
            "The codes are listed at GET /api/v1/errors; each operation names the codes it can "
            "send in its responses' `x-error-codes`."
        },
        PROBLEM_COMPONENT: one_of(codes, "Problem")
        | {"description": "RFC 9457 problem details, for clients that ask for them."},
        **{component_name(code, "Error"): _envelope_of(code) for code in codes},
        **{component_name(code, "Problem"): _problem_of(code) for code in codes},
        "FieldError": _FIELD_ERROR,
    }


SCHEMAS = {**_all_errors(), **DETAIL_SCHEMAS}


def _header(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "schema": schema or {"type": "string"}}


HEADERS: dict[str, dict[str, Any]] = {
    "X-Request-ID": _header("This request's id; quote it to support. Equals `request_id`."),
    "RateLimit-Policy": _header('The limits counted, e.g. `"user";q=600;w=60`.'),
    "RateLimit": _header('What is left of each, e.g. `"user";r=599;t=42`.'),
    "Retry-After": _header("Seconds to wait before trying again.", {"type": "integer"}),
    "ETag": _header('The deal\'s version, quoted (`"3"`): send it back as If-Match.'),
    "Location": _header("The URL of what was created or queued."),
    "Idempotent-Replayed": _header(
        "`true` when this is the stored answer to an earlier request with the same key.",
        {"type": "string", "enum": ["true"]},
    ),
    "Original-Request-ID": _header("On a replayed error: the request id of the first answer."),
    "WWW-Authenticate": _header('`Bearer realm="api"`.'),
    "Allow": _header("The methods this path has, e.g. `GET, POST, HEAD, OPTIONS`."),
    "Cache-Control": _header("`no-store`: the answer carries tokens; nothing may keep a copy."),
}


def example_for(code: str) -> dict[str, Any]:
    """An envelope of `code` with real details, as the server writes it."""
    error = CATALOGUE[code]
    details = details_of(code)[1]
    return {
        "status": "error",
        "code": code,
        "message": error.template.format(**details) if error.template else error.message,
        "details": details,
        "request_id": _REQUEST_ID,
        "timestamp": "2026-12-01T12:00:00Z",
    }


def problem_example_for(code: str) -> dict[str, Any]:
    """The problem details of `code`'s example."""
    body = example_for(code)
    problem = {
        "type": f"https://api.example.com/api/v1/errors/{code}",
        "title": CATALOGUE[code].message,
        "status": CATALOGUE[code].status_code,
        "detail": body["message"],
        "instance": f"urn:request:{_REQUEST_ID}",
        **{key: body[key] for key in ("code", "request_id", "timestamp", "details")},
    }
    if code == "VALIDATION_ERROR":
        problem["errors"] = [
            {"field": field, "pointer": f"/{field}", "detail": message}
            for field, messages in body["details"].items()
            for message in messages
        ]
    return problem
