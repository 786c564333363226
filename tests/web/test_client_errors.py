"""POST /api/v1/client-errors: a page's own failure lands in the log with both request ids, as
client-supplied, under a tight limit of its own."""

from __future__ import annotations

from typing import Any

import pytest

URL = "/api/v1/client-errors"
REPORT = {
    "kind": "error",
    "message": "Cannot read properties of undefined (reading 'score')",
    "stack": "TypeError: Cannot read properties of undefined\n    at showAnalysis (pages.js:231)",
    "page": "/deals/7",
    "page_request_id": "page-request-0001",
    "last_request_id": "3b8f7c1e-0d4e-4c55-9a43-2f0f6a4f0c11",
}


def test_a_report_is_logged_with_the_page_and_request_ids(api_client: Any, json_logs: Any) -> None:
    response = api_client.post(URL, REPORT, format="json", HTTP_X_REQUEST_ID="beacon-request-01")

    assert response.status_code == 204
    [line] = [line for line in json_logs.lines() if line["logger"] == "web.client"]
    assert line["level"] == "WARNING"
    assert line["request_id"] == "beacon-request-01"
    assert REPORT["message"] in line["message"]
    assert line["client_error"]["client_supplied"] == {
        "page_request_id": "page-request-0001",
        "last_request_id": REPORT["last_request_id"],
    }
    assert line["client_error"]["stack"].startswith("TypeError")


def test_a_report_needs_no_credentials_even_an_expired_token_is_ignored(api_client: Any) -> None:
    response = api_client.post(
        URL, REPORT, format="json", HTTP_AUTHORIZATION="Bearer not-a-token-at-all"
    )
    assert response.status_code == 204


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "crash"}, "kind"),
        ({"message": "x" * 1001}, "message"),
        ({"page_request_id": "id\nwith-newline"}, "page_request_id"),
        ({"last_request_id": "short"}, "last_request_id"),
        ({"page": ""}, "page"),
    ],
)
def test_a_malformed_report_is_a_validation_error_and_logs_nothing(
    api_client: Any, json_logs: Any, change: dict[str, Any], field: str
) -> None:
    response = api_client.post(URL, {**REPORT, **change}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert list(body["details"]) == [field]
    assert not [line for line in json_logs.lines() if line["logger"] == "web.client"]


@pytest.mark.django_db(transaction=True)
def test_reports_have_a_tight_limit_per_address_of_their_own(
    api_client: Any, settings: Any, json_logs: Any
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "client_errors": "5/minute"}
    statuses = [
        api_client.post(URL, REPORT, format="json", REMOTE_ADDR="198.51.100.7").status_code
        for _ in range(8)
    ]
    assert statuses == [204] * 5 + [429] * 3
    other = api_client.post(URL, REPORT, format="json", REMOTE_ADDR="198.51.100.8")
    assert other.status_code == 204
    assert len([line for line in json_logs.lines() if line["logger"] == "web.client"]) == 6
    assert api_client.get("/api/v1/health", REMOTE_ADDR="198.51.100.7").status_code == 200
