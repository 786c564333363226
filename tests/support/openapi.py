"""A test-only middleware: every answer of a documented operation must be what the OpenAPI document
says, its status, body, error code (one of the response's `x-error-codes`) and the headers the API
sends; otherwise the test that caused it fails."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from drf_spectacular.generators import SchemaGenerator
from openapi_core import Config, OpenAPI
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest, MockResponse

HOST = "http://testserver"
# The headers the API itself sends: each must be documented where it is sent.
API_HEADERS = (
    "X-Request-ID",
    "ETag",
    "Location",
    "Retry-After",
    "Idempotent-Replayed",
    "Original-Request-ID",
    "RateLimit",
    "RateLimit-Policy",
    "WWW-Authenticate",
    "Cache-Control",
    "Webhooks-Disabled",
)


class UndocumentedAnswer(AssertionError):
    """The server answered something its OpenAPI document does not say."""


@functools.cache
def document() -> tuple[dict[str, Any], OpenAPI, list[tuple[re.Pattern[str], str]]]:
    # The project's routes, whatever urlconf the test that comes first has swapped in.
    spec = SchemaGenerator(urlconf="config.urls").get_schema(request=None, public=True)
    spec["servers"] = [{"url": HOST}]
    templates = [
        (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path)
        for path in spec["paths"]
    ]
    # Problem details are JSON too; the validator knows only application/json by name.
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return spec, OpenAPI.from_dict(spec, config=config), templates


def _documented_answer(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
    """The document's response object for this operation and status ({} when none)."""
    spec, _, templates = document()
    path = request.path_info.rstrip("/")
    for pattern, template in templates:
        if pattern.match(path):
            operation = spec["paths"][template].get(request.method.lower())
            return (operation or {}).get("responses", {}).get(str(response.status_code)) or {}
    return {}


def _sent_code(response: HttpResponse) -> str | None:
    if response.status_code < 400 or "json" not in response.get("Content-Type", ""):
        return None
    try:
        return json.loads(response.content).get("code")
    except (ValueError, AttributeError):
        return None


def check(request: HttpRequest, response: HttpResponse) -> None:
    _, openapi, _ = document()
    content_type = response.get("Content-Type", "application/json").split(";")[0]
    try:
        openapi.validate_response(
            MockRequest(HOST, request.method, request.path_info.rstrip("/")),
            MockResponse(
                response.content,
                status_code=response.status_code,
                headers=dict(response.items()),
                content_type=content_type,
            ),
        )
    except (PathNotFound, OperationNotFound):
        return  # not an operation of the document (a test view, an unknown URL, OPTIONS)
    except Exception as error:  # any finding of the validator: what it says is the failure
        raise UndocumentedAnswer(
            f"{request.method} {request.path_info} answered {response.status_code}, "
            f"not as documented: {error!r} {getattr(error, '__cause__', '')!r}\n"
            f"{response.content[:500]!r}"
        ) from error
    answer = _documented_answer(request, response)
    code = _sent_code(response)
    if code is not None and code not in answer.get("x-error-codes", ()):
        raise UndocumentedAnswer(
            f"{request.method} {request.path_info} answered {response.status_code} {code}, "
            f"a code its x-error-codes do not list: {answer.get('x-error-codes')}"
        )
    documented = {name.lower() for name in answer.get("headers", {})}
    sent = {name for name in API_HEADERS if name in response}
    undocumented = {name for name in sent if name.lower() not in documented}
    if undocumented:
        raise UndocumentedAnswer(
            f"{request.method} {request.path_info} {response.status_code} sent "
            f"undocumented headers {sorted(undocumented)}"
        )


class ValidateAgainstTheDocument:
    """Outermost: it sees the final answer, every header included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith("/api/v1/") and request.method not in ("HEAD", "OPTIONS"):
            check(request, response)
        return response
