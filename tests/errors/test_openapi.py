"""The OpenAPI document lists, for every operation, the error responses it can return."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from errors.base import CATALOGUE

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client: APIClient) -> dict[str, Any]:
    response = api_client.get("/api/v1/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict[str, Any]):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


def error_codes(operation: dict[str, Any], status: str) -> list[str]:
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    return schema["allOf"][1]["properties"]["code"]["enum"]


def test_the_document_is_openapi_3_with_the_contract_paths(schema: dict[str, Any]) -> None:
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/v1/health",
        "/api/v1/health/ready",
        "/api/v1/errors",
        "/api/v1/auth/register",
        "/api/v1/auth/token",
        "/api/v1/auth/token/refresh",
        "/api/v1/auth/me",
    ]:
        assert path in schema["paths"]


def test_every_operation_documents_its_errors_with_the_envelope(schema: dict[str, Any]) -> None:
    envelope = schema["components"]["schemas"]["ErrorEnvelope"]
    assert set(envelope["required"]) == {
        "status",
        "code",
        "message",
        "details",
        "request_id",
        "timestamp",
    }
    for path, method, operation in operations(schema):
        errors = {
            status: body for status, body in operation["responses"].items() if int(status) >= 400
        }
        assert "500" in errors, (method, path)
        for status, body in errors.items():
            codes = error_codes(operation, status)
            assert codes, (method, path, status)
            assert all(CATALOGUE[code].http_status == int(status) for code in codes)
            assert "application/problem+json" in body["content"]


def test_authenticated_operations_list_the_three_auth_codes(schema: dict[str, Any]) -> None:
    me = schema["paths"]["/api/v1/auth/me"]["get"]
    assert error_codes(me, "401") == [
        "AUTH_NOT_AUTHENTICATED",
        "AUTH_TOKEN_EXPIRED",
        "AUTH_TOKEN_INVALID",
    ]
    assert "401" not in schema["paths"]["/api/v1/health"]["get"]["responses"]


def test_operations_with_a_body_list_validation_and_their_own_codes(schema: dict[str, Any]) -> None:
    register = schema["paths"]["/api/v1/auth/register"]["post"]
    assert "VALIDATION_ERROR" in error_codes(register, "400")
    assert error_codes(register, "409") == ["CONFLICT_EMAIL_EXISTS"]
    assert "HTTP_415" in error_codes(register, "415")
    ready = schema["paths"]["/api/v1/health/ready"]["get"]
    assert error_codes(ready, "503") == ["SYSTEM_DEPENDENCY_UNAVAILABLE"]


def test_docs_page_is_served_without_any_outside_network(api_client: APIClient) -> None:
    response = api_client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn." not in page
    assert "https://" not in page.split("</head>")[0].replace("https://swagger.io", "")


def test_lists_document_their_pages_filters_and_the_404_of_a_missing_page(
    schema: dict[str, Any],
) -> None:
    listing = schema["paths"]["/api/v1/deals"]["get"]
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedDealList"
    }
    assert {parameter["name"] for parameter in listing["parameters"]} == {
        "page",
        "category",
        "min_price",
        "max_price",
        "search",
    }
    assert error_codes(listing, "400") == ["VALIDATION_ERROR"]
    for path in ("/api/v1/deals", "/api/v1/tokens/transactions"):
        assert error_codes(schema["paths"][path]["get"], "404") == ["RESOURCE_NOT_FOUND"]


def test_creating_a_deal_is_documented_as_201(schema: dict[str, Any]) -> None:
    assert "201" in schema["paths"]["/api/v1/deals"]["post"]["responses"]
    assert "200" not in schema["paths"]["/api/v1/deals"]["post"]["responses"]


def test_generating_the_document_leaves_the_envelope_schema_intact(
    schema: dict[str, Any],
) -> None:
    from errors.openapi import ENVELOPE_SCHEMA

    assert ENVELOPE_SCHEMA["properties"]["status"] == {"type": "string", "enum": ["error"]}
