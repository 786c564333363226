"""The one renderer: an AppError as the envelope, as RFC 9457 problem details when the client asks
for them, or as a page in the site's layout for browsers outside the API."""

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


# What a page says, by status, for people: its heading, and a lead that stands in for the
# error's own message when that is only its class's default (written for programs).
_PAGE_TEXT: dict[int, tuple[str, str]] = {
    400: ("This request could not be understood", ""),
    401: ("Please sign in", ""),
    402: ("Not enough tokens", ""),
    403: ("Not allowed", ""),
    404: (
        "Page not found",
        "There is no page at this address. Check the link, or start again from your deals.",
    ),
    405: ("This page does not accept that request", ""),
    409: ("This conflicts with a recent change", ""),
    413: ("This request is too large", ""),
    429: ("Too many requests", ""),
    500: (
        "Something went wrong on our side",
        "We could not finish this request, and the error is recorded. Try again in a moment; if "
        "it happens again, quote the request id below to support.",
    ),
}
_CLIENT_ERROR_TEXT = ("This request could not be completed", "")
_SERVER_ERROR_TEXT = ("Something went wrong on our side", "")

# An error page loads the site's stylesheet and nothing else: no script, no inline style.
ERROR_PAGE_POLICY = "; ".join(
    (
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)


def page_text(error: app_errors.AppError) -> tuple[str, str]:
    """The heading and the message of the page for `error`."""
    fallback = _SERVER_ERROR_TEXT if error.status_code >= 500 else _CLIENT_ERROR_TEXT
    title, lead = _PAGE_TEXT.get(error.status_code, fallback)
    if lead and error.message == type(error).message:
        return title, lead
    return title, error.message


def _page(request: HttpRequest, error: app_errors.AppError, request_id: str) -> HttpResponse:
    """A page in the site's layout, never Django's debug page. It reads no database and runs no
    script, so it renders while the database is down and whoever is signed in."""
    title, message = page_text(error)
    context = {
        "page": "error",
        "status": error.status_code,
        "title": title,
        "message": message,
        "request_id": request_id,
    }
    response = HttpResponse(
        render_to_string("errors/error.html", context),
        status=error.status_code,
        content_type="text/html; charset=utf-8",
    )
    response["Content-Security-Policy"] = ERROR_PAGE_POLICY
    return response


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
