"""The one renderer: an AppError as the envelope, as RFC 9457 problem details when the client asks
for them, or as a plain HTML page for browsers outside the API."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import DisallowedHost
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from errors import exceptions as app_errors
from errors.base import CATALOGUE
from observability.context import accept_request_id, current_request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
# Paths whose clients are programs: they get JSON, never a page.
MACHINE_PATH_PREFIXES = ("/api/", "/metrics")
WWW_AUTHENTICATE = 'Bearer realm="api"'


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(MACHINE_PATH_PREFIXES)


def utc_timestamp() -> str:
    """Now in UTC, to the second: `2026-01-31T12:00:00Z`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(error: app_errors.AppError, request_id: str) -> dict[str, Any]:
    return {
        "status": "error",
        "code": error.code,
        "message": error.message,
        "details": error.details,
        "request_id": request_id,
        "timestamp": utc_timestamp(),
    }


def _catalogue_url(request: HttpRequest, code: str) -> str:
    path = f"/api/v1/errors/{code}"
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return f"http://localhost{path}"


def problem_details(request: HttpRequest, body: dict[str, Any], status: int) -> dict[str, Any]:
    code = body["code"]
    problem = {
        "type": _catalogue_url(request, code),
        "title": CATALOGUE[code].message,
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


def wants_problem_details(request: HttpRequest) -> bool:
    """Whether the client prefers problem details to plain JSON (`*/*` and ties: JSON)."""
    preferred = request.get_preferred_type(["application/json", PROBLEM_MEDIA_TYPE])
    return preferred == PROBLEM_MEDIA_TYPE


def _json(request: HttpRequest, error: app_errors.AppError, request_id: str) -> HttpResponse:
    body = envelope(error, request_id)
    content_type = "application/json"
    if wants_problem_details(request):
        body, content_type = problem_details(request, body, error.status_code), PROBLEM_MEDIA_TYPE
    return HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")),
        status=error.status_code,
        content_type=content_type,
    )


def _page(request: HttpRequest, error: app_errors.AppError, request_id: str) -> HttpResponse:
    """A plain page for browsers outside the API; never Django's debug page."""
    context = {
        "status": error.status_code,
        "title": error.category.title if error.status_code < 500 else "Server Error",
        "message": error.message,
        "request_id": request_id,
    }
    return HttpResponse(
        render_to_string("errors/error.html", context),
        status=error.status_code,
        content_type="text/html; charset=utf-8",
    )


def render(request: HttpRequest, error: app_errors.AppError) -> HttpResponse:
    """The response for `error`, marked with its code for the access line and metrics."""
    request_id = (
        getattr(request, "request_id", None) or current_request_id() or accept_request_id(None)
    )
    if is_api_request(request):
        response = _json(request, error, request_id)
    else:
        response = _page(request, error, request_id)
    for name, value in error.headers.items():
        response[name] = value
    if error.status_code == 401:
        response.setdefault("WWW-Authenticate", WWW_AUTHENTICATE)
    response.error_code = error.code
    response.error_id = error.details.get("error_id", "")
    response.error_summary = error.message
    return response
