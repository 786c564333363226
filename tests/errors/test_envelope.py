"""Every exception kind, from a DRF view and from a plain Django view, answers in the envelope."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from errors.base import CATALOGUE
from tests.errors.raising import SECRET_TEXT

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.errors.urls")]

ENVELOPE_KEYS = {"status", "code", "message", "details", "request_id", "timestamp"}
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

# kind -> (HTTP status, code)
TABLE: dict[str, tuple[int, str]] = {
    "app-validation": (400, "VALIDATION_ERROR"),
    "drf-validation-nested": (400, "VALIDATION_ERROR"),
    "drf-validation-list": (400, "VALIDATION_ERROR"),
    "drf-parse": (400, "VALIDATION_MALFORMED_BODY"),
    "drf-not-authenticated": (401, "AUTH_NOT_AUTHENTICATED"),
    "drf-authentication-failed": (401, "AUTH_TOKEN_INVALID"),
    "jwt-expired": (401, "AUTH_TOKEN_EXPIRED"),
    "jwt-invalid": (401, "AUTH_TOKEN_INVALID"),
    "drf-permission-denied": (403, "FORBIDDEN_PERMISSION_DENIED"),
    "django-permission-denied": (403, "FORBIDDEN_PERMISSION_DENIED"),
    "app-forbidden": (403, "FORBIDDEN_PERMISSION_DENIED"),
    "drf-not-found": (404, "RESOURCE_NOT_FOUND"),
    "django-http404": (404, "RESOURCE_NOT_FOUND"),
    "django-does-not-exist": (404, "RESOURCE_NOT_FOUND"),
    "drf-method-not-allowed": (405, "HTTP_405"),
    "drf-not-acceptable": (406, "HTTP_406"),
    "drf-unsupported-media": (415, "HTTP_415"),
    "drf-throttled": (429, "RATE_LIMIT_EXCEEDED"),
    "app-rate-limit": (429, "RATE_LIMIT_EXCEEDED"),
    "django-validation-dict": (400, "VALIDATION_ERROR"),
    "django-full-clean": (400, "VALIDATION_ERROR"),
    "django-suspicious": (400, "VALIDATION_BAD_REQUEST"),
    "django-bad-request": (400, "VALIDATION_BAD_REQUEST"),
    "integrity-unique": (409, "CONFLICT_DUPLICATE_RESOURCE"),
    "integrity-not-null": (409, "CONFLICT_CONSTRAINT_VIOLATION"),
    "app-email-exists": (409, "CONFLICT_EMAIL_EXISTS"),
    "app-insufficient-balance": (402, "TOKEN_INSUFFICIENT_BALANCE"),
    "app-ai-failed": (422, "AI_INVALID_RESPONSE"),
    "app-upstream": (502, "INTEGRATION_UPSTREAM_ERROR"),
    "database-unavailable": (503, "SYSTEM_DATABASE_UNAVAILABLE"),
    "unhandled": (500, "SYSTEM_UNHANDLED_ERROR"),
    "unhandled-key-error": (500, "SYSTEM_UNHANDLED_ERROR"),
}

ROUTES = {"drf": "/api/v1/test/raise/", "django": "/api/v1/test/django-raise/"}


def assert_envelope(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == ENVELOPE_KEYS
    assert body["status"] == "error"
    assert body["code"] == code
    assert isinstance(body["details"], dict)
    assert isinstance(body["message"], str)
    assert body["message"]
    assert body["request_id"] == response["X-Request-ID"]
    assert TIMESTAMP.match(body["timestamp"]), body["timestamp"]
    entry = CATALOGUE[code]
    assert entry.status_code == status
    assert code.startswith(entry.category.prefix)
    return body


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("kind", sorted(TABLE))
def test_every_exception_kind_answers_in_the_envelope(
    api_client: APIClient, route: str, kind: str
) -> None:
    status, code = TABLE[kind]
    response = api_client.get(ROUTES[route] + kind)
    assert_envelope(response, status, code)
    assert SECRET_TEXT not in response.content.decode()
    if status >= 500:
        assert "Traceback" not in response.content.decode()


def test_nested_validation_errors_use_dotted_paths(api_client: APIClient) -> None:
    body = api_client.get("/api/v1/test/raise/drf-validation-nested").json()
    assert body["details"] == {"address.city": ["Required."], "items.1.qty": ["Too big."]}
    assert "address.city" in body["message"]


def test_validation_of_the_whole_object_goes_under_non_field_errors(api_client: APIClient) -> None:
    body = api_client.get("/api/v1/test/raise/drf-validation-list").json()
    assert body["details"] == {"non_field_errors": ["The whole object is wrong."]}


def test_django_validation_error_keeps_each_field(api_client: APIClient) -> None:
    body = api_client.get("/api/v1/test/django-raise/django-validation-dict").json()
    assert body["details"] == {"price": ["Must be positive."], "non_field_errors": ["Bad."]}


def test_full_clean_failure_is_a_400_naming_the_fields(api_client: APIClient) -> None:
    body = api_client.get("/api/v1/test/raise/django-full-clean").json()
    assert set(body["details"]) == {"email", "name", "password"}


def test_throttled_sends_retry_after_in_whole_seconds(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/test/raise/drf-throttled")
    assert response["Retry-After"] == "13"
    assert response.json()["details"]["retry_after"] == 13


def test_unauthenticated_answers_carry_www_authenticate(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/test/raise/drf-not-authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_insufficient_balance_details_follow_the_contract(api_client: APIClient) -> None:
    body = api_client.get("/api/v1/test/raise/app-insufficient-balance").json()
    assert body["message"] == "Insufficient token balance. Required: 10, Available: 5"
    assert body["details"] == {"required_amount": 10, "available_balance": 5, "missing_amount": 5}


def test_database_unavailable_asks_to_retry_later(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/test/raise/database-unavailable")
    assert response["Retry-After"] == "5"
    assert "5432" not in response.content.decode()
    assert "connection" not in response.json()["message"].lower()


def test_a_failed_service_leaves_no_half_written_rows(api_client: APIClient) -> None:
    # The service writes one user, then a second write fails: its transaction rolls back.
    api_client.get("/api/v1/test/raise/integrity-unique")
    assert not User.objects.filter(email="twice@example.com").exists()


def test_unhandled_error_hides_its_text_and_logs_it_under_the_same_request_id(
    api_client: APIClient, json_logs: Any
) -> None:
    response = api_client.get("/api/v1/test/raise/unhandled")
    body = assert_envelope(response, 500, "SYSTEM_UNHANDLED_ERROR")
    assert SECRET_TEXT not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
    error_id = body["details"]["error_id"]
    assert re.fullmatch(r"[0-9a-f-]{36}", error_id)
    [logged] = [line for line in json_logs.lines() if line.get("error_id") == error_id]
    assert logged["request_id"] == body["request_id"]
    assert logged["level"] == "ERROR"
    assert SECRET_TEXT in logged["exception"]
    assert "Traceback" in logged["exception"]


def test_every_request_writes_one_access_line_with_the_error_code(
    api_client: APIClient, json_logs: Any
) -> None:
    response = api_client.get("/api/v1/test/raise/drf-not-found", HTTP_X_REQUEST_ID="trace-12345")
    [access] = [line for line in json_logs.lines() if line["logger"] == "access"]
    assert access["request_id"] == "trace-12345" == response["X-Request-ID"]
    assert access["status"] == 404
    assert access["error_code"] == "RESOURCE_NOT_FOUND"
    assert access["method"] == "GET"
    assert access["path"] == "/api/v1/test/raise/drf-not-found"
    assert access["level"] == "WARNING"
    assert isinstance(access["duration_ms"], float | int)
    assert access["timestamp"].endswith("Z")


@pytest.mark.parametrize("debug", [False, True])
def test_error_in_middleware_answers_in_the_envelope(
    api_client: APIClient, settings: Any, json_logs: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.errors.raising.ExplodingMiddleware"]
    response = api_client.get("/api/v1/health", HTTP_X_EXPLODE="1")
    body = assert_envelope(response, 500, "SYSTEM_UNHANDLED_ERROR")
    assert SECRET_TEXT not in response.content.decode()
    error_id = body["details"]["error_id"]
    logged = [line for line in json_logs.lines() if line.get("error_id") == error_id]
    assert len(logged) == 1
    assert SECRET_TEXT in logged[0]["exception"]


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/no-such-endpoint", 404, "RESOURCE_NOT_FOUND"),
        ("/api/v1/test/django-raise/django-http404", 404, "RESOURCE_NOT_FOUND"),
        ("/api/v1/test/raise/unhandled", 500, "SYSTEM_UNHANDLED_ERROR"),
        ("/api/v1/test/django-raise/unhandled", 500, "SYSTEM_UNHANDLED_ERROR"),
        ("/api/v1/test/django-raise/django-suspicious", 400, "VALIDATION_BAD_REQUEST"),
    ],
)
def test_debug_never_changes_what_an_api_client_sees(
    api_client: APIClient, settings: Any, debug: bool, path: str, status: int, code: str
) -> None:
    settings.DEBUG = debug
    response = api_client.get(path)
    assert_envelope(response, status, code)
    assert SECRET_TEXT not in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_disallowed_host_answers_in_the_envelope(
    api_client: APIClient, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    response = api_client.get("/api/v1/health", HTTP_HOST="evil.example.net")
    body = assert_envelope(response, 400, "VALIDATION_BAD_REQUEST")
    assert body["message"] == "Invalid Host header."


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/no-such-page", 404),
        ("/test/html-raise/unhandled", 500),
        ("/test/html-raise/django-permission-denied", 403),
    ],
)
def test_pages_outside_the_api_get_a_plain_html_page_never_the_debug_page(
    api_client: APIClient, settings: Any, debug: bool, path: str, status: int
) -> None:
    settings.DEBUG = debug
    response = api_client.get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert response["X-Request-ID"] in html
    assert SECRET_TEXT not in html
    assert "Traceback" not in html
    assert "DEBUG = True" not in html
