"""`Accept: application/problem+json` gets the same error as RFC 9457 problem details."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def test_not_found_as_problem_details(api_client: APIClient) -> None:
    response = api_client.get(
        "/api/v1/nothing", HTTP_ACCEPT=PROBLEM, HTTP_X_REQUEST_ID="problem-0001"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["type"] == "http://testserver/api/v1/errors/RESOURCE_NOT_FOUND"
    assert problem["title"] == "The requested resource was not found."
    assert problem["status"] == 404
    assert problem["detail"] == "No API endpoint at this URL."
    assert problem["instance"] == "urn:request:problem-0001"
    assert problem["code"] == "RESOURCE_NOT_FOUND"
    assert problem["request_id"] == "problem-0001" == response["X-Request-ID"]
    assert problem["timestamp"].endswith("Z")


def test_the_type_url_resolves_to_the_catalogue_entry(api_client: APIClient) -> None:
    problem = api_client.get("/api/v1/auth/me", HTTP_ACCEPT=PROBLEM).json()
    entry = api_client.get(problem["type"].removeprefix("http://testserver")).json()
    assert entry["code"] == problem["code"] == "AUTH_NOT_AUTHENTICATED"
    assert entry["http_status"] == problem["status"] == 401


def test_validation_problems_list_each_field_error(api_client: APIClient) -> None:
    response = api_client.post(
        "/api/v1/auth/register", {"email": "bad", "name": "N"}, format="json", HTTP_ACCEPT=PROBLEM
    )
    problem = response.json()
    assert problem["status"] == 400
    fields = {error["field"] for error in problem["errors"]}
    assert fields == {"email", "password"}
    assert all(error["pointer"] == "/" + error["field"] for error in problem["errors"])


def test_json_is_still_preferred_when_asked_for_more_strongly(api_client: APIClient) -> None:
    response = api_client.get(
        "/api/v1/nothing", HTTP_ACCEPT="application/json, application/problem+json;q=0.5"
    )
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "error"


def test_asking_only_for_problem_json_never_turns_success_into_406(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/health", HTTP_ACCEPT=PROBLEM)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.urls("tests.errors.urls")
def test_problem_details_for_a_server_error_hide_the_cause(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/test/raise/unhandled", HTTP_ACCEPT=PROBLEM)
    problem = response.json()
    assert problem["status"] == 500
    assert "s3cr3t" not in response.content.decode()
    assert problem["details"]["error_id"]


@pytest.mark.urls("tests.errors.urls")
def test_problem_details_for_throttling_keep_retry_after(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/test/raise/drf-throttled", HTTP_ACCEPT=PROBLEM)
    assert response.status_code == 429
    assert response["Retry-After"] == "13"
    assert response.json()["details"]["retry_after"] == 13


def test_remembered_negotiations_answer_each_accept_header_as_asked(
    api_client: APIClient,
) -> None:
    for _ in range(3):
        problem = api_client.get(
            "/api/v1/errors/NO_SUCH_CODE", HTTP_ACCEPT="application/problem+json"
        )
        plain = api_client.get("/api/v1/errors/NO_SUCH_CODE", HTTP_ACCEPT="application/json")
        assert problem["Content-Type"] == "application/problem+json"
        assert plain["Content-Type"] == "application/json"
        assert "title" in problem.json()
        assert plain.json()["status"] == "error"
