"""The OpenAPI document's account of errors and headers: for every operation, each error status it
can answer with (one ErrorEnvelope and one ProblemDetails component, the codes in the description
and in `x-error-codes`), and every response header it sends."""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

from errors import exceptions as app_errors
from errors.fields import MAX_ID, Documented
from errors.openapi_components import (
    ENVELOPE_COMPONENT,
    HEADERS,
    PROBLEM_COMPONENT,
    SCHEMAS,
    example_for,
)


class DocumentedFieldSchema(OpenApiSerializerFieldExtension):
    """A field whose rule is a pattern shows that pattern: the server and the document agree."""

    target_class = "errors.fields.Documented"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        return self.target.schema()


_BODY_METHODS = {"POST", "PUT", "PATCH"}
_UNSAFE_METHODS = _BODY_METHODS | {"DELETE"}
# Every operation: a bug, a request gunicorn refuses, a bad Host, an Accept without JSON.
_ALWAYS = (
    app_errors.UnhandledError,
    app_errors.UriTooLongError,
    app_errors.HeadersTooLargeError,
    app_errors.BadRequestError,
    app_errors.NotAcceptableError,
)
_BODY = (
    app_errors.ValidationError,
    app_errors.MalformedBodyError,
    app_errors.PayloadTooLargeError,
    app_errors.UnsupportedMediaTypeError,
)
_AUTH = (
    app_errors.NotAuthenticatedError,
    app_errors.TokenExpiredError,
    app_errors.TokenInvalidError,
)
# A write the database refuses in a way no service foresaw: a race, a constraint, a value.
_DATABASE_WRITE = (
    app_errors.ConcurrentUpdateError,
    app_errors.DuplicateResourceError,
    app_errors.ConstraintViolationError,
)


class ErrorDocumentingAutoSchema(AutoSchema):
    """Adds the error responses and response headers of each operation.

    The defaults follow from the view: a body can be invalid, authentication can fail, a path
    parameter can name nothing, a throttle can refuse, the database can be down. A view adds its
    own codes with `error_codes` (a tuple, or a dict by method name), says `uses_database = False`
    when it never touches the database, and names in `etag_methods` the methods whose successful
    answers carry an ETag.
    """

    # A Documented field's schema is whole as it gives it: no second pattern, no oneOf for blank
    # (its pattern already says whether "" is taken), no minLength 1 over its own.
    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        if not isinstance(field, Documented):
            super()._insert_field_validators(field, schema)

    def _get_serializer_field_meta(self, field: Any, direction: str) -> dict[str, Any]:
        meta = super()._get_serializer_field_meta(field, direction)
        if isinstance(field, Documented):
            meta.pop("minLength", None)
        if direction == "response":
            meta.pop("default", None)  # an answer always carries the field; a default says nothing
        return meta

    def error_codes(self) -> list[type[app_errors.AppError]]:
        view, method = self.view, self.method
        codes: list[type[app_errors.AppError]] = list(_ALWAYS)
        if method in _BODY_METHODS and self.get_request_serializer() is not None:
            codes += _BODY
        elif method == "GET" and (self.get_filter_backends() or self._get_paginator()):
            codes.append(app_errors.ValidationError)  # a query filter's value can be invalid
        elif method in getattr(view, "idempotent_methods", ()):
            codes.append(app_errors.ValidationError)  # the Idempotency-Key header can be
        permissions = getattr(view, "permission_classes", ())
        if permissions and not all(permission is AllowAny for permission in permissions):
            codes += _AUTH
        if "{" in self.path:
            codes.append(app_errors.ResourceNotFoundError)
        if getattr(view, "throttle_classes", ()):
            codes.append(app_errors.RateLimitError)
        if getattr(view, "uses_database", True):
            codes.append(app_errors.DatabaseUnavailableError)
            if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
                codes.append(app_errors.DatabaseBusyError)  # writers queued past the timeout
            if method in _UNSAFE_METHODS:
                codes += _DATABASE_WRITE
        declared = getattr(view, "error_codes", ())
        if isinstance(declared, dict):
            declared = declared.get(method.lower(), ())
        return codes + list(declared)

    def get_auth(self) -> list[dict[str, list[str]]]:
        """No `security` at all where no credentials are read: `[{}]` ("a token, or none") would
        make a generated client demand a token to register or sign in."""
        if not getattr(self.view, "authentication_classes", ()):
            return []
        return super().get_auth()

    def _resolve_path_parameters(self, variables: list[str]) -> list[dict[str, Any]]:
        """Ids are integers: the routes take `[1-9][0-9]*` and nothing else."""
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["name"].endswith("_id"):
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        return parameters

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status, response in responses.items():
            response.setdefault("headers", {}).update(self._success_headers(int(status)))
        envelope = self._component(ENVELOPE_COMPONENT)
        problem = self._component(PROBLEM_COMPONENT)
        for name in SCHEMAS:
            self._component(name)
        by_status: dict[int, list[str]] = defaultdict(list)
        for error_class in self.error_codes():
            if error_class.code not in by_status[error_class.status_code]:
                by_status[error_class.status_code].append(error_class.code)
        for status, codes in sorted(by_status.items()):
            responses.setdefault(
                str(status), self._error_response(status, codes, envelope, problem)
            )
        return responses

    def _error_response(
        self, status: int, codes: list[str], envelope: dict[str, str], problem: dict[str, str]
    ) -> dict[str, Any]:
        return {
            "description": "Error: " + ", ".join(f"`{code}`" for code in codes),
            "headers": self._error_headers(status, codes),
            "content": {
                "application/json": {
                    # ProblemDetails too, though it comes as application/problem+json only: a
                    # client generated from this document picks its parser by status, not by
                    # media type, and must read either answer.
                    "schema": {"oneOf": [envelope, problem]},
                    "examples": {codes[0]: {"value": example_for(codes[0])}},
                },
                "application/problem+json": {"schema": problem},
            },
            "x-error-codes": codes,
        }

    def _header(self, name: str) -> dict[str, str]:
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.HEADER,
            object=name,
            schema=copy.deepcopy(HEADERS[name]),
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _common_headers(self) -> dict[str, Any]:
        names = ["X-Request-ID"]
        if getattr(self.view, "throttle_classes", ()):
            names += ["RateLimit-Policy", "RateLimit"]
        return {name: self._header(name) for name in names}

    def _success_headers(self, status: int) -> dict[str, Any]:
        headers = self._common_headers()
        names = []
        if self.method in getattr(self.view, "etag_methods", ()) and status < 300:
            names.append("ETag")
        if status in (201, 202):
            names.append("Location")
        if self.method in getattr(self.view, "idempotent_methods", ()):
            names.append("Idempotent-Replayed")
        return headers | {name: self._header(name) for name in names}

    def _error_headers(self, status: int, codes: list[str]) -> dict[str, Any]:
        headers = self._common_headers()
        names = []
        if status in (429, 503) or app_errors.RequestInProgressError.code in codes:
            names.append("Retry-After")
        if status == 401:
            names.append("WWW-Authenticate")
        if self.method in getattr(self.view, "idempotent_methods", ()) and status < 500:
            names += ["Idempotent-Replayed", "Original-Request-ID"]
        return headers | {name: self._header(name) for name in names}

    def _component(self, name: str) -> dict[str, str]:
        # A copy: postprocessing hooks rewrite component schemas in place.
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=name,
            schema=copy.deepcopy(SCHEMAS[name]),
        )
        self.registry.register_on_missing(component)
        return component.ref
