"""Postprocessing of the OpenAPI document: what drf-spectacular cannot know from the views."""

from __future__ import annotations

from typing import Any

from errors.openapi_components import SCHEMAS

SUMMARIES = {
    "health": "Liveness",
    "health_ready": "Readiness of the database, cache and broker",
    "errors_list": "The error catalogue",
    "errors_retrieve": "One error code of the catalogue",
    "register": "Register, with the signup bonus",
    "token_obtain": "Log in: a token pair",
    "token_refresh": "Rotate a refresh token: a new pair",
    "logout": "Log out: end the refresh token's session",
    "session_login": "Sign in for the web pages: refresh token in an HttpOnly cookie",
    "session_refresh": "Rotate the pages' session cookie: a new access token",
    "session_logout": "End the pages' session and clear its cookie",
    "me": "The signed-in user",
    "client_error_report": "Report a failure of the web pages' own code",
    "tokens_balance": "The token balance",
    "tokens_transactions": "The ledger, newest first",
    "tokens_deduct": "Spend tokens",
    "deals_list": "Your deals, newest first",
    "deals_create": "Save a deal",
    "deals_retrieve": "One deal",
    "deals_update": "Replace a deal",
    "deals_partial_update": "Change some of a deal's fields",
    "deals_destroy": "Delete a deal and its analyses",
    "deals_analyse": "Ask for an analysis of a deal (held, charged if it succeeds)",
    "deals_analyses_list": "A deal's analyses, newest first",
    "analyses_list": "Your analyses, newest first",
    "analyses_retrieve": "One analysis",
}
ANALYSIS_OPERATIONS = {"deals_analyse", "deals_analyses_list", "analyses_list", "analyses_retrieve"}

# Where a client goes next with what a response gave it.
LINKS: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("deals_create", "201"): {
        operation: {"operationId": operation, "parameters": {"deal_id": "$response.body#/id"}}
        for operation in ("deals_retrieve", "deals_partial_update", "deals_analyse")
    },
    ("deals_analyse", "202"): {
        "analyses_retrieve": {
            "operationId": "analyses_retrieve",
            "parameters": {"analysis_id": "$response.body#/id"},
        }
    },
}


def _operations(result: dict[str, Any]) -> Any:
    for item in result["paths"].values():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                yield method, operation


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
    """Paths as the contract writes them (no trailing slash); no defaults on PATCH bodies (a
    generated client would send them and overwrite what it did not mean to); every field of a
    response required (every one is always sent); summaries, tags and links."""
    result["paths"] = {(path.rstrip("/") or "/"): item for path, item in result["paths"].items()}
    for name, schema in result["components"]["schemas"].items():
        properties = schema.get("properties", {})
        if name.startswith("Patched"):
            for field in properties.values():
                field.pop("default", None)
            _as_openapi_3_1(schema)
        elif not name.endswith("Request") and name not in SCHEMAS and properties:
            schema["required"] = list(properties)
    for _, operation in _operations(result):
        operation["summary"] = SUMMARIES[operation["operationId"]]
        # Said outright where no credentials are read: `[]`, not "a token or none".
        operation.setdefault("security", [])
        if operation["operationId"] in ANALYSIS_OPERATIONS:
            operation["tags"] = ["analyses"]
        for status, response in operation["responses"].items():
            links = LINKS.get((operation["operationId"], status))
            if links:
                response["links"] = links
    _as_openapi_3_1(result["components"]["schemas"])
    return result
