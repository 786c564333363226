"""The OpenAPI components every error response refers to: the envelope, problem details, the
`details` whose shape is part of the contract, and the response headers the API sends."""

from __future__ import annotations

from typing import Any

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


_INTEGER = {"type": "integer"}
# The details of the codes whose details are part of the contract, most specific first: a
# client tries them in turn; anything else is a plain object.
DETAIL_SCHEMAS: dict[str, dict[str, Any]] = {
    "InsufficientBalanceDetails": _details(
        "TOKEN_INSUFFICIENT_BALANCE",
        required_amount=_INTEGER,
        available_balance=_INTEGER,
        missing_amount=_INTEGER,
    ),
    "RateLimitDetails": _details(
        "RATE_LIMIT_EXCEEDED: the limit, its window in seconds, and the seconds to wait",
        retry_after={"type": "integer", "minimum": 1},
        limit=_INTEGER,
        window=_INTEGER,
        scope={"type": "string"},
    ),
    "VersionMismatchDetails": _details(
        "CONFLICT_VERSION_MISMATCH", current_version={"type": "integer", "minimum": 1}
    ),
    "ResourceLockedDetails": _details(
        "CONFLICT_RESOURCE_LOCKED: the analysis still queued or running", analysis_id=_INTEGER
    ),
    "DuplicateDealDetails": _details(
        "CONFLICT_DUPLICATE_DEAL: the deal already saved with this URL", deal_id=_INTEGER
    ),
    "ValidationDetails": {
        "type": "object",
        "description": "VALIDATION_ERROR: the messages of each invalid field (dotted paths for "
        "nested ones, non_field_errors for the whole object)",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
}

_STRING: dict[str, Any] = {"type": "string"}
_TIME: dict[str, Any] = {"type": "string", "format": "date-time"}
ENVELOPE_SCHEMA = _object(
    "Every error answers in this shape. `code` is listed at GET /api/v1/errors; each operation "
    "names the codes it can send in its responses' `x-error-codes`.",
    status={"type": "string", "const": "error"},
    code={"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"},
    message=_STRING,
    details={"anyOf": [*(_ref(name) for name in DETAIL_SCHEMAS), {"type": "object"}]},
    request_id=_STRING,
    timestamp=_TIME,
)
_FIELD_ERROR = _object("One message of one field.", field=_STRING, pointer=_STRING, detail=_STRING)
PROBLEM_SCHEMA = _object(
    "RFC 9457 problem details, for clients that accept application/problem+json.",
    optional=("errors",),
    type={"type": "string", "format": "uri"},
    title=_STRING,
    status=_INTEGER,
    detail=_STRING,
    instance=_STRING,
    code=_STRING,
    request_id=_STRING,
    timestamp=_TIME,
    details={"type": "object"},
    errors={"type": "array", "items": _FIELD_ERROR},
)

SCHEMAS = {ENVELOPE_COMPONENT: ENVELOPE_SCHEMA, PROBLEM_COMPONENT: PROBLEM_SCHEMA, **DETAIL_SCHEMAS}


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
    "Cache-Control": _header("`no-store`: the answer carries tokens; nothing may keep a copy."),
}


def example_for(code: str) -> dict[str, Any]:
    """An envelope of `code`, as the server writes it."""
    return {
        "status": "error",
        "code": code,
        "message": CATALOGUE[code].message,
        "details": {},
        "request_id": "3f2b9c1e-6d4a-4f0e-9a71-5c2d8e0b7a14",
        "timestamp": "2026-12-01T12:00:00Z",
    }
