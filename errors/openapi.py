"""OpenAPI generation that documents, for every operation, the error responses it can return."""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

from errors import exceptions as app_errors

ENVELOPE_COMPONENT = "ErrorEnvelope"
PROBLEM_COMPONENT = "ProblemDetails"

ENVELOPE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every error answers in this shape; `code` is listed at GET /api/v1/errors.",
    "properties": {
        "status": {"type": "string", "enum": ["error"]},
        "code": {"type": "string"},
        "message": {"type": "string"},
        "details": {"type": "object", "additionalProperties": True},
        "request_id": {"type": "string"},
        "timestamp": {"type": "string", "format": "date-time"},
    },
    "required": ["status", "code", "message", "details", "request_id", "timestamp"],
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details, for clients that accept application/problem+json.",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string"},
        "request_id": {"type": "string"},
        "timestamp": {"type": "string", "format": "date-time"},
        "details": {"type": "object", "additionalProperties": True},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "pointer": {"type": "string"},
                    "detail": {"type": "string"},
                },
            },
        },
    },
    "required": ["type", "title", "status", "detail", "instance", "code", "request_id"],
}

_BODY_METHODS = {"POST", "PUT", "PATCH"}


class ErrorDocumentingAutoSchema(AutoSchema):
    """Adds the envelope responses each operation can give.

    The defaults follow from the view: a body can be invalid, authentication can fail, a path
    parameter can name nothing, a throttle can refuse, the database can be down, and anything can
    fail unexpectedly. A view adds its own codes with `error_codes = (SomeError, ...)`, and says
    `uses_database = False` when it never touches the database.
    """

    def error_codes(self) -> list[type[app_errors.AppError]]:
        view = self.view
        # Refused by the server before any view runs (errors/server.py), whatever the operation.
        codes: list[type[app_errors.AppError]] = [
            app_errors.UnhandledError,
            app_errors.UriTooLongError,
            app_errors.HeadersTooLargeError,
        ]
        if self.method in _BODY_METHODS:
            codes += [
                app_errors.ValidationError,
                app_errors.MalformedBodyError,
                app_errors.PayloadTooLargeError,
                app_errors.UnsupportedMediaTypeError,
            ]
        elif self.get_filter_backends():
            codes.append(app_errors.ValidationError)  # a query filter's value can be invalid
        permissions = getattr(view, "permission_classes", ())
        if permissions and not all(permission is AllowAny for permission in permissions):
            codes += [
                app_errors.NotAuthenticatedError,
                app_errors.TokenExpiredError,
                app_errors.TokenInvalidError,
            ]
        # A paginated list answers 404 for a page that does not exist (`?page=999`).
        paginated = self.method == "GET" and self._is_list_view() and self._get_paginator()
        if "{" in self.path or paginated:
            codes.append(app_errors.ResourceNotFoundError)
        if getattr(view, "throttle_classes", ()):
            codes.append(app_errors.RateLimitError)
        if getattr(view, "uses_database", True):
            codes.append(app_errors.DatabaseUnavailableError)
        codes += list(getattr(view, "error_codes", ()))
        return codes

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        envelope = self._component(ENVELOPE_COMPONENT, ENVELOPE_SCHEMA)
        problem = self._component(PROBLEM_COMPONENT, PROBLEM_SCHEMA)
        by_status: dict[int, list[str]] = defaultdict(list)
        for error_class in self.error_codes():
            if error_class.code not in by_status[error_class.status_code]:
                by_status[error_class.status_code].append(error_class.code)
        for status, codes in sorted(by_status.items()):
            if str(status) in responses:
                continue
            responses[str(status)] = {
                "description": "Error: " + ", ".join(f"`{code}`" for code in codes),
                "content": {
                    "application/json": {
                        "schema": {
                            "allOf": [
                                envelope,
                                {"type": "object", "properties": {"code": {"enum": codes}}},
                            ]
                        }
                    },
                    "application/problem+json": {"schema": problem},
                },
            }
        return responses

    def _component(self, name: str, schema: dict[str, Any]) -> dict[str, str]:
        # A copy: the enum postprocessing hook rewrites component schemas in place, and the
        # module's constants are also what the rest of the code validates against.
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=copy.deepcopy(schema)
        )
        self.registry.register_on_missing(component)
        return component.ref


def strip_trailing_slashes(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: list paths as the contract writes them, without a trailing slash."""
    result["paths"] = {
        (path.rstrip("/") or "/"): operations for path, operations in result["paths"].items()
    }
    return result
