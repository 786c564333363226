"""The OpenAPI document lists, for every operation, the error responses it can return."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rest_framework.test import APIClient

from errors.base import CATALOGUE

pytestmark = pytest.mark.django_db
REDOCLY = Path(__file__).resolve().parents[2] / "tools/openapi-lint/node_modules/.bin/redocly"


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
    return operation["responses"][status]["x-error-codes"]


def test_the_document_is_openapi_3_1_with_the_contract_paths(schema: dict[str, Any]) -> None:
    assert schema["openapi"] == "3.1.0"
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


def _validator(schema: dict[str, Any], target: dict[str, Any]) -> jsonschema.Validator:
    return jsonschema.Draft202012Validator({**target, "components": schema["components"]})


def test_every_operation_types_its_errors_by_code(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    for code in CATALOGUE:
        name = "".join(part.capitalize() for part in code.split("_"))
        envelope, problem = components[f"{name}Error"], components[f"{name}Problem"]
        assert set(envelope["required"]) == {
            "status",
            "code",
            "message",
            "details",
            "request_id",
            "timestamp",
        }
        assert envelope["properties"]["code"] == {"type": "string", "const": code}
        assert problem["properties"]["code"] == {"type": "string", "const": code}
        assert envelope["properties"]["details"] == problem["properties"]["details"]
        assert envelope["properties"]["details"]["$ref"].endswith("Details")
    for path, method, operation in operations(schema):
        errors = {
            status: body for status, body in operation["responses"].items() if int(status) >= 400
        }
        assert "500" in errors, (method, path)
        for status, body in errors.items():
            codes = error_codes(operation, status)
            assert codes, (method, path, status)
            assert all(CATALOGUE[code].status_code == int(status) for code in codes)
            assert all(f"`{code}`" in body["description"] for code in codes)
            envelopes, problems = body["content"]["application/json"]["schema"]["oneOf"]
            assert body["content"]["application/problem+json"]["schema"] == problems
            for union, kind in ((envelopes, "Error"), (problems, "Problem")):
                mapping = union["discriminator"]["mapping"]
                assert union["discriminator"]["propertyName"] == "code"
                assert list(mapping) == codes, (method, path, status)
                assert union["oneOf"] == [{"$ref": ref} for ref in mapping.values()]
                assert all(ref.endswith(kind) for ref in mapping.values())
            for media_type in ("application/json", "application/problem+json"):
                content = body["content"][media_type]
                # One example per code, valid by the schema, with the details the code carries.
                assert list(content["examples"]) == codes
                validator = _validator(schema, content["schema"])
                for code, example in content["examples"].items():
                    assert example["value"]["code"] == code
                    assert not list(validator.iter_errors(example["value"])), (path, code)
            assert body["headers"]["X-Request-ID"] == {"$ref": "#/components/headers/X-Request-ID"}


def test_the_error_examples_carry_the_details_clients_branch_on(schema: dict[str, Any]) -> None:
    detail = schema["paths"]["/api/v1/deals/{deal_id}"]["patch"]["responses"]
    stale = detail["409"]["content"]["application/json"]["examples"]["CONFLICT_VERSION_MISMATCH"]
    assert stale["value"]["details"] == {"current_version": 4}
    analyse = schema["paths"]["/api/v1/deals/{deal_id}/analyses"]["post"]["responses"]
    short = analyse["402"]["content"]["application/json"]["examples"]
    assert short["TOKEN_INSUFFICIENT_BALANCE"]["value"]["details"]["missing_amount"] == 7
    refresh = schema["paths"]["/api/v1/auth/token/refresh"]["post"]["responses"]["401"]
    assert refresh["content"]["application/json"]["examples"]["AUTH_TOKEN_INVALID"]["value"][
        "details"
    ] == {"reason": "used"}
    reason = schema["components"]["schemas"]["TokenInvalidDetails"]["properties"]["reason"]
    reasons = schema["components"]["schemas"][reason["$ref"].rsplit("/", 1)[1]]
    assert reasons["enum"] == ["expired", "invalid", "revoked", "used"]


def test_every_path_documents_405_and_allow_for_the_methods_it_lacks(
    schema: dict[str, Any],
) -> None:
    for path, item in schema["paths"].items():
        lacking = {"GET", "POST", "PUT", "PATCH", "DELETE"} - {method.upper() for method in item}
        for method, operation in item.items():
            responses = operation["responses"]
            if not lacking:
                assert "405" not in responses
                continue
            assert error_codes(operation, "405") == ["HTTP_405"], (method, path)
            assert responses["405"]["headers"]["Allow"] == {"$ref": "#/components/headers/Allow"}
            assert all(name in responses["405"]["description"] for name in lacking)


def test_a_change_requires_the_version_read_and_links_pass_it(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    assert "version" in components["PatchedDealUpdateRequest"]["required"]
    assert "version" in components["DealUpdateRequest"]["required"]
    assert "version" not in components["DealRequest"]["properties"]
    detail = schema["paths"]["/api/v1/deals/{deal_id}"]
    for method in ("patch", "put"):
        assert "If-Match" not in {parameter["name"] for parameter in detail[method]["parameters"]}
        assert error_codes(detail[method], "428") == ["HTTP_428"]
    created = schema["paths"]["/api/v1/deals"]["post"]["responses"]["201"]["links"]
    assert created["deals_partial_update"]["requestBody"] == {"version": "$response.body#/version"}
    assert created["deals_destroy"]["parameters"]["header.If-Match"] == "$response.header.ETag"


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
    assert "CONFLICT_EMAIL_EXISTS" in error_codes(register, "409")
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


def test_lists_document_their_cursor_filters_and_links(schema: dict[str, Any]) -> None:
    listing = schema["paths"]["/api/v1/deals"]["get"]
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedDealListItemList"
    }
    assert {parameter["name"] for parameter in listing["parameters"]} == {
        "cursor",
        "category",
        "min_price",
        "max_price",
        "search",
    }
    assert "VALIDATION_ERROR" in error_codes(listing, "400")
    page = schema["components"]["schemas"]["PaginatedDealListItemList"]
    assert page["required"] == ["next", "previous", "results"]
    assert "count" not in page["properties"]
    for path in ("/api/v1/deals", "/api/v1/tokens/transactions", "/api/v1/analyses"):
        operation = schema["paths"][path]["get"]
        assert "404" not in operation["responses"]  # no page numbers, so no page past the end
        assert "VALIDATION_ERROR" in error_codes(operation, "400")  # a bad cursor


def test_creating_a_deal_is_documented_as_201(schema: dict[str, Any]) -> None:
    assert "201" in schema["paths"]["/api/v1/deals"]["post"]["responses"]
    assert "200" not in schema["paths"]["/api/v1/deals"]["post"]["responses"]


def test_generating_the_document_leaves_the_envelope_schema_intact(
    schema: dict[str, Any],
) -> None:
    from api.components import SCHEMAS

    envelope = SCHEMAS["ConflictVersionMismatchError"]
    assert envelope["properties"]["status"] == {"type": "string", "const": "error"}
    assert envelope["properties"]["details"] == {
        "$ref": "#/components/schemas/VersionMismatchDetails"
    }


def test_only_operations_with_a_body_list_what_a_body_can_cause(schema: dict[str, Any]) -> None:
    analyse = schema["paths"]["/api/v1/deals/{deal_id}/analyses"]["post"]
    assert "415" not in analyse["responses"]
    assert "VALIDATION_MALFORMED_BODY" not in error_codes(analyse, "400")
    detail = schema["paths"]["/api/v1/deals/{deal_id}"]
    assert "409" not in detail["get"]["responses"]
    # DELETE has no body, but its If-Match can be stale.
    assert "CONFLICT_VERSION_MISMATCH" in error_codes(detail["delete"], "409")
    assert "CONFLICT_VERSION_MISMATCH" in error_codes(detail["patch"], "409")
    assert "CONFLICT_CONCURRENT_UPDATE" in error_codes(detail["patch"], "409")


def test_no_patch_body_declares_a_default(schema: dict[str, Any]) -> None:
    for name, component in schema["components"]["schemas"].items():
        if name.startswith("Patched"):
            assert all("default" not in field for field in component["properties"].values())


def test_path_ids_are_integers(schema: dict[str, Any]) -> None:
    for path, _, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["name"].endswith("_id"):
                assert parameter["schema"]["type"] == "integer", path


def test_every_response_names_its_headers(schema: dict[str, Any]) -> None:
    create = schema["paths"]["/api/v1/deals"]["post"]["responses"]["201"]["headers"]
    assert {"X-Request-ID", "ETag", "Location", "Idempotent-Replayed", "RateLimit"} <= set(create)
    limited = schema["paths"]["/api/v1/tokens/deduct"]["post"]["responses"]["429"]["headers"]
    assert {"Retry-After", "RateLimit-Policy"} <= set(limited)
    assert (
        "WWW-Authenticate"
        in schema["paths"]["/api/v1/auth/me"]["get"]["responses"]["401"]["headers"]
    )


def test_redoclys_recommended_rules_find_no_error(schema: dict[str, Any], tmp_path: Path) -> None:
    assert REDOCLY.exists(), "Redocly's CLI is missing: run scripts/ensure-node-tools.sh"
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(schema))
    report = tmp_path / "report.json"
    run = subprocess.run(  # noqa: S603 - a fixed command line of our own
        [
            str(REDOCLY),
            "lint",
            str(document),
            "--extends",
            "recommended",
            "--format",
            "json",
        ],
        env={**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    report.write_text(run.stdout)
    problems = json.loads(run.stdout[run.stdout.index("{") :])["problems"]
    errors = [(p["ruleId"], p["message"]) for p in problems if p["severity"] == "error"]
    assert errors == [], errors
    assert run.returncode == 0, run.stderr[-2000:]


def test_format_json_on_the_schema_url_answers_the_same_document_as_json(
    api_client: APIClient, schema: dict[str, Any]
) -> None:
    response = api_client.get("/api/v1/schema?format=json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert json.loads(response.content) == schema
    assert api_client.get("/api/v1/schema?format=yaml").content.startswith(b"openapi: 3.1.0")


def test_an_unknown_schema_format_is_400_naming_the_choices(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/schema?format=xml")
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["details"]) == (
        "VALIDATION_ERROR",
        {"format": ["One of: json, yaml."]},
    )


def test_listing_deals_documents_no_conflict_only_creating_can_send(
    schema: dict[str, Any],
) -> None:
    deals = schema["paths"]["/api/v1/deals"]
    assert "409" not in deals["get"]["responses"]
    assert "CONFLICT_DUPLICATE_DEAL" in error_codes(deals["post"], "409")


def test_a_deals_analyses_filter_only_by_status_its_path_names_the_deal(
    schema: dict[str, Any],
) -> None:
    def query(path: str) -> set[str]:
        parameters = schema["paths"][path]["get"].get("parameters", [])
        return {p["name"] for p in parameters if p["in"] == "query"}

    assert "deal" not in query("/api/v1/deals/{deal_id}/analyses")
    assert "status" in query("/api/v1/deals/{deal_id}/analyses")
    assert {"deal", "status"} <= query("/api/v1/analyses")


def test_a_failed_analysis_error_code_is_one_of_the_codes_a_run_can_end_with(
    schema: dict[str, Any],
) -> None:
    components = schema["components"]["schemas"]
    code = components["AnalysisError"]["properties"]["code"]
    enum = components[code["$ref"].rsplit("/", 1)[1]]["enum"] if "$ref" in code else code["enum"]
    assert sorted(enum) == sorted(
        ["INTEGRATION_AI_UNAVAILABLE", "AI_INVALID_RESPONSE", "SYSTEM_UNHANDLED_ERROR"]
    )
    assert all(entry in CATALOGUE for entry in enum)


def test_every_request_body_refuses_keys_it_does_not_have(
    schema: dict[str, Any], auth_client: APIClient
) -> None:
    """The document says `additionalProperties: false` for every request body, and every
    operation with a body answers an unknown key with a 400 naming it."""
    bodies = {name for name in schema["components"]["schemas"] if name.endswith("Request")}
    assert bodies
    assert all(
        schema["components"]["schemas"][name]["additionalProperties"] is False for name in bodies
    )
    deal = auth_client.post(
        "/api/v1/deals", {"title": "Kettle", "price": "10.00"}, format="json"
    ).json()
    endpoint = auth_client.post(
        "/api/v1/webhooks/endpoints", {"url": "https://hooks.example.com/"}, format="json"
    ).json()
    tried = set()
    for path, method, operation in operations(schema):
        if "requestBody" not in operation:
            continue
        url = path.replace("{deal_id}", str(deal["id"]))
        url = url.replace("{endpoint_id}", str(endpoint["id"]))
        response = auth_client.generic(
            method,
            url,
            json.dumps({"unheard_of": 1, "version": 1}),
            content_type="application/json",
        )
        assert response.status_code == 400, (method, path, response.content)
        assert "unheard_of" in response.json()["details"], (method, path)
        tried.add(operation["operationId"])
    assert {
        "register",
        "deals_create",
        "deals_partial_update",
        "tokens_deduct",
        "webhooks_endpoints_create",
        "webhooks_endpoints_partial_update",
    } <= tried
