"""The OpenAPI document's account of errors and headers, through drf-spectacular's public
extension points: for every operation, each error status it can answer with (a `oneOf` of the
envelopes of the codes it can send, told apart by `code`, each with its own `details` and an
example; the same for problem details; the codes in the description and in `x-error-codes`), 405
with `Allow` where the path lacks a method, and every response header it sends; then `finish`, a
postprocessing hook for what holds document-wide."""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

from api.components import HEADERS, SCHEMAS, example_for, one_of, problem_example_for
from api.fields import MAX_ID
from errors import exceptions as app_errors


class DocumentedFieldSchema(OpenApiSerializerFieldExtension):
    """A field whose rule is a pattern shows that pattern: the server and the document agree."""

    target_class = "api.fields.Documented"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        return self.target.schema()


_BODY_METHODS = {"POST", "PUT", "PATCH"}
_UNSAFE_METHODS = _BODY_METHODS | {"DELETE"}
# The methods a path without one of them answers with 405 (HEAD and OPTIONS are always answered).
_TRIED_METHODS = _UNSAFE_METHODS | {"GET"}
# Every operation: a bug, a request the server in front refuses, a bad Host, an Accept without
# JSON.
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

    The defaults follow from the view: a body or a query parameter can be invalid,
    authentication can fail, a path parameter can name nothing, a throttle can refuse, the
    database can be down. A view adds its own codes with `error_codes` (a tuple, or a dict by
    method name), says `uses_database = False` when it never touches the database, and names in
    `etag_methods` the methods whose successful answers carry an ETag, and `no_store = True`
    when its answers carry tokens (`Cache-Control: no-store`).
    """

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            # Ids are integers: the routes take `[1-9][0-9]*` and nothing else.
            if parameter["in"] == "path" and parameter["name"].endswith("_id"):
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        responses = operation["responses"]
        for status, response in responses.items():
            response.setdefault("headers", {}).update(self._success_headers(int(status)))
        queried = any(parameter["in"] == "query" for parameter in operation.get("parameters", []))
        by_status: dict[int, list[str]] = defaultdict(list)
        for error_class in self.error_codes(queried=queried):
            if error_class.code not in by_status[error_class.status_code]:
                by_status[error_class.status_code].append(error_class.code)
        for status, codes in sorted(by_status.items()):
            responses.setdefault(str(status), self._error_response(status, codes))
        return operation

    def error_codes(self, *, queried: bool = False) -> list[type[app_errors.AppError]]:
        view, method = self.view, self.method
        codes: list[type[app_errors.AppError]] = list(_ALWAYS)
        if method in _BODY_METHODS and self.get_request_serializer() is not None:
            codes += _BODY
        elif queried or method in getattr(view, "idempotent_methods", ()):
            codes.append(app_errors.ValidationError)  # a query value or a header can be invalid
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
        if self._missing_methods():
            codes.append(app_errors.MethodNotAllowedError)
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

    def _error_response(self, status: int, codes: list[str]) -> dict[str, Any]:
        for name in SCHEMAS:
            self._component(name)
        description = "Error: " + ", ".join(f"`{code}`" for code in codes)
        if status == 405:
            description += f" (to {', '.join(sorted(self._missing_methods()))} on this path)"
        return {
            "description": description,
            "headers": self._error_headers(status, codes),
            "content": {
                "application/json": {
                    # Problem details too, though they come as application/problem+json only: a
                    # client generated from this document picks its parser by status, not by
                    # media type, and must read either answer. Each side is told apart by code.
                    "schema": {"oneOf": [one_of(codes, "Error"), one_of(codes, "Problem")]},
                    "examples": {code: {"value": example_for(code)} for code in codes},
                },
                "application/problem+json": {
                    "schema": one_of(codes, "Problem"),
                    "examples": {code: {"value": problem_example_for(code)} for code in codes},
                },
            },
            "x-error-codes": codes,
        }

    def _missing_methods(self) -> set[str]:
        """The methods a client may try on this path that the view does not have (405)."""
        return _TRIED_METHODS - set(self.view.allowed_methods)

    def _headers(self, names: list[str]) -> dict[str, Any]:
        if getattr(self.view, "throttle_classes", ()):
            names = ["RateLimit-Policy", "RateLimit", *names]
        if getattr(self.view, "no_store", False):
            names = [*names, "Cache-Control"]
        return {
            name: self._component(name, ResolvedComponent.HEADER, HEADERS)
            for name in ["X-Request-ID", "Webhooks-Disabled", *names]
        }

    def _success_headers(self, status: int) -> dict[str, Any]:
        names = []
        if self.method in getattr(self.view, "etag_methods", ()) and status < 300:
            names.append("ETag")
        if status in (201, 202):
            names.append("Location")
        if self.method in getattr(self.view, "idempotent_methods", ()):
            names.append("Idempotent-Replayed")
        return self._headers(names)

    def _error_headers(self, status: int, codes: list[str]) -> dict[str, Any]:
        names = []
        if status in (429, 503) or app_errors.RequestInProgressError.code in codes:
            names.append("Retry-After")
        if status == 401:
            names.append("WWW-Authenticate")
        if status == 405:
            names.append("Allow")
        if self.method in getattr(self.view, "idempotent_methods", ()) and status < 500:
            names += ["Idempotent-Replayed", "Original-Request-ID"]
        return self._headers(names)

    def _component(
        self, name: str, kind: str = ResolvedComponent.SCHEMA, source: dict[str, Any] = SCHEMAS
    ) -> dict[str, str]:
        # A copy: postprocessing hooks rewrite component schemas in place.
        schema = copy.deepcopy(source[name])
        component = ResolvedComponent(name=name, type=kind, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return component.ref


def _as_openapi_3_1(node: Any) -> None:
    """`nullable` (OpenAPI 3.0, still written by DRF's paginators) as a null type, and an allOf
    of one schema and nothing beside it as that schema."""
    if isinstance(node, list):
        for item in node:
            _as_openapi_3_1(item)
        return
    if not isinstance(node, dict):
        return
    if node.pop("nullable", False) and isinstance(node.get("type"), str):
        node["type"] = [node["type"], "null"]
    for key, value in list(node.items()):
        if isinstance(value, dict) and list(value) == ["allOf"] and len(value["allOf"]) == 1:
            node[key] = value["allOf"][0]
        _as_openapi_3_1(node[key])


def finish(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A postprocessing hook: paths as the contract writes them (no trailing slash); no
    `default` keyword anywhere: on a PATCH body a generated client would send it and overwrite
    what it did not mean to, on an answer the field is always sent, and on a request body
    openapi-typescript's default output makes a field with a default required (so a body's
    default is said in its description); every field of an answer required (every one is always
    sent); no key beyond its fields in a request body; `security: []` said outright where no
    credentials are read."""
    result["paths"] = {(path.rstrip("/") or "/"): item for path, item in result["paths"].items()}
    for name, schema in result["components"]["schemas"].items():
        properties = schema.get("properties", {})
        answer = not name.endswith("Request") and name not in SCHEMAS
        for field in properties.values():
            default = field.pop("default", None)
            if default is not None and not answer and not name.startswith("Patched"):
                said = f"Default: `{default}`." if default != "" else "Default: empty."
                field["description"] = f"{field.get('description', '')} {said}".strip()
        if answer and properties:
            schema["required"] = list(properties)
        if name.endswith("Request"):
            schema["additionalProperties"] = False  # api.fields.StrictBodyMixin refuses others
    for item in result["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation.setdefault("security", [])
    _as_openapi_3_1(result["components"]["schemas"])
    return result
