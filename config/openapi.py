"""The OpenAPI document's settings and what the project says in it beyond the views: its
description, tags, each operation's summary and the links from one operation to the next."""

from __future__ import annotations

from typing import Any

DESCRIPTION = (
    "Save deals, have an AI analyse them, pay in tokens. Every error answers in one envelope "
    "`{status, code, message, details, request_id, timestamp}` (or RFC 9457 problem details "
    "for `Accept: application/problem+json`); the codes are listed at `GET /api/v1/errors`, "
    "and each operation lists those it can send, each with its own `details` (a `oneOf` told "
    "apart by `code`) and an example. A method a path does not list answers 405 `HTTP_405` with "
    "the allowed ones in `Allow`."
)
TAGS = {
    "auth": "Registration, tokens, sessions.",
    "deals": "The deals a user saves.",
    "analyses": "AI analyses of deals, paid in tokens.",
    "tokens": "The balance and its ledger.",
    "webhooks": "Endpoints that receive events, signed the Standard Webhooks way, and deliveries.",
    "errors": "The error catalogue.",
    "health": "Liveness and readiness.",
    "client-errors": "Failures the web pages report.",
}


def openapi_settings(*, server_url: str) -> dict[str, Any]:
    """drf-spectacular's settings (SPECTACULAR_SETTINGS)."""
    return {
        "TITLE": "Agentic Deals API",
        "DESCRIPTION": DESCRIPTION,
        "VERSION": "1",
        "OAS_VERSION": "3.1.0",
        "LICENSE": {"name": "Proprietary", "url": "https://deals.example.com/terms"},
        "SERVERS": [{"url": server_url, "description": "API"}],
        "TAGS": [{"name": name, "description": text} for name, text in TAGS.items()],
        "SERVE_INCLUDE_SCHEMA": False,
        "SCHEMA_PATH_PREFIX": r"/api/v1",
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
        "COMPONENT_SPLIT_REQUEST": True,
        "ENUM_NAME_OVERRIDES": {
            "AnalysisStatusEnum": "ai.models.AnalysisStatus",
            "HoldStatusEnum": "tokens.models.HoldStatus",
            "WebhookDeliveryStatusEnum": "webhooks.models.DeliveryStatus",
            "WebhookEventTypeEnum": "webhooks.models.EventType",
            "WebhookSubscribableEventTypeEnum": "webhooks.models.SUBSCRIBABLE",
        },
        "POSTPROCESSING_HOOKS": [
            "drf_spectacular.hooks.postprocess_schema_enums",
            "api.schema.finish",
            "config.openapi.describe",
        ],
    }


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
    "password_change": "Change the password: every other session ends",
    "sessions_list": "Your live sign-in sessions, newest first",
    "sessions_end_others": "Sign out everywhere else: end every other session",
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
    "webhooks_endpoints_list": "Your webhook endpoints, newest first",
    "webhooks_endpoints_create": "Register a webhook endpoint (its secret answered this once)",
    "webhooks_endpoints_retrieve": "One webhook endpoint",
    "webhooks_endpoints_partial_update": "Change an endpoint's URL, description, events or state",
    "webhooks_endpoints_destroy": "Delete a webhook endpoint and its deliveries",
    "webhooks_endpoints_rotate_secret": "A new secret; the old one signs beside it for 24 hours",
    "webhooks_endpoints_test": "Send the endpoint a ping event",
    "webhooks_deliveries_list": "An endpoint's deliveries, newest first",
    "webhooks_deliveries_retry": "Send a delivery again now, with the same webhook-id",
}
ANALYSIS_OPERATIONS = {"deals_analyse", "deals_analyses_list", "analyses_list", "analyses_retrieve"}

_ID = "$response.body#/id"
# Where an answer that is a deal leads: a change carries the version read (the ETag as If-Match
# for a delete), so that it lands only on the deal as it was read.
_FROM_A_DEAL: dict[str, dict[str, Any]] = {
    "deals_retrieve": {"operationId": "deals_retrieve", "parameters": {"deal_id": _ID}},
    "deals_partial_update": {
        "operationId": "deals_partial_update",
        "parameters": {"deal_id": _ID},
        "requestBody": {"version": "$response.body#/version"},
        "description": "The version read goes back as `version`.",
    },
    "deals_destroy": {
        "operationId": "deals_destroy",
        "parameters": {"deal_id": _ID, "header.If-Match": "$response.header.ETag"},
        "description": "The ETag read goes back as If-Match.",
    },
    "deals_analyse": {"operationId": "deals_analyse", "parameters": {"deal_id": _ID}},
}
# Where a client goes next with what a response gave it.
LINKS: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("deals_create", "201"): _FROM_A_DEAL,
    ("deals_retrieve", "200"): _FROM_A_DEAL,
    ("deals_partial_update", "200"): _FROM_A_DEAL,
    ("deals_update", "200"): _FROM_A_DEAL,
    ("deals_analyse", "202"): {
        "analyses_retrieve": {
            "operationId": "analyses_retrieve",
            "parameters": {"analysis_id": "$response.body#/id"},
        }
    },
}


def describe(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Summaries, the analyses' tag and the links between operations (a postprocessing hook)."""
    for item in result["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            operation["summary"] = SUMMARIES[operation["operationId"]]
            if operation["operationId"] in ANALYSIS_OPERATIONS:
                operation["tags"] = ["analyses"]
            for status, response in operation["responses"].items():
                links = LINKS.get((operation["operationId"], status))
                if links:
                    response["links"] = links
    return result
