"""The OpenAPI components every error response refers to: for each code its envelope and its
problem details (their `details` in api.error_details), the unions told apart by `code`, an
example of each, and the response headers the API sends."""

from __future__ import annotations

from typing import Any

from api.error_details import DETAIL_SCHEMAS, REQUEST_ID, details_of, object_schema
from errors.base import CATALOGUE

ENVELOPE_COMPONENT = "ErrorEnvelope"
PROBLEM_COMPONENT = "ProblemDetails"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_STRING: dict[str, Any] = {"type": "string"}
_TIME: dict[str, Any] = {"type": "string", "format": "date-time"}


def component_name(code: str, kind: str) -> str:
    """`CONFLICT_VERSION_MISMATCH`, "Error" -> `ConflictVersionMismatchError`."""
    return "".join(part.capitalize() for part in code.split("_")) + kind


def _envelope_of(code: str) -> dict[str, Any]:
    error = CATALOGUE[code]
    return object_schema(
        f"`{code}` ({error.status_code}): {error.description}",
        status={"type": "string", "const": "error"},
        code={"type": "string", "const": code},
        message=_STRING,
        details=_ref(details_of(code)[0]),
        request_id=_STRING,
        timestamp=_TIME,
    )


_FIELD_ERROR = object_schema(
    "One message of one field.", field=_STRING, pointer=_STRING, detail=_STRING
)


def _problem_of(code: str) -> dict[str, Any]:
    error = CATALOGUE[code]
    return object_schema(
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
    "Webhooks-Disabled": _header(
        "Sent to a signed-in user while some of their webhook endpoints are disabled after "
        "failing for 5 days: their ids, comma-separated (`3,7`). Enabling or deleting them "
        "ends it.",
        {"type": "string", "pattern": "^[1-9][0-9]*(,[1-9][0-9]*)*$"},
    ),
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
        "request_id": REQUEST_ID,
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
        "instance": f"urn:request:{REQUEST_ID}",
        **{key: body[key] for key in ("code", "request_id", "timestamp", "details")},
    }
    if code == "VALIDATION_ERROR":
        problem["errors"] = [
            {"field": field, "pointer": f"/{field}", "detail": message}
            for field, messages in body["details"].items()
            for message in messages
        ]
    return problem
