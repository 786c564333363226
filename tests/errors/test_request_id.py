"""Request ids: a safe incoming id is reused, any other is replaced, every response has one."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from observability.context import accept_request_id

UUID4_LENGTH = 36


@pytest.mark.parametrize(
    "incoming", ["abcd1234", "trace-2026.11.29_X", "A" * 64, str(uuid.uuid4())]
)
def test_a_safe_incoming_request_id_is_reused(api_client: APIClient, incoming: str) -> None:
    response = api_client.get("/api/v1/no-such-endpoint", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] == incoming
    assert response.json()["request_id"] == incoming


@pytest.mark.parametrize(
    "incoming",
    [
        "short",
        "A" * 65,
        "x" * 300,
        "<script>alert(1)</script>",
        "abcdefgh\nX-Injected: yes",
        "abcdefgh\n",
        "abcd efgh",
        "abcdéfghij",
        "",
    ],
)
def test_an_unsafe_incoming_request_id_is_replaced(api_client: APIClient, incoming: str) -> None:
    response = api_client.get("/api/v1/no-such-endpoint", HTTP_X_REQUEST_ID=incoming)
    replaced = response["X-Request-ID"]
    assert replaced != incoming
    assert uuid.UUID(replaced).version == 4
    assert response.json()["request_id"] == replaced


def test_successful_responses_carry_a_request_id_too(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/health")
    assert response.status_code == 200
    assert len(response["X-Request-ID"]) == UUID4_LENGTH


def test_each_request_gets_its_own_id(api_client: APIClient) -> None:
    ids = {api_client.get("/api/v1/health")["X-Request-ID"] for _ in range(5)}
    assert len(ids) == 5


def test_the_pattern_is_anchored_at_both_ends() -> None:
    # `$` in a regular expression matches before a final newline; the check must not.
    assert accept_request_id("abcdefgh\n") != "abcdefgh\n"
    assert accept_request_id("abcdefgh") == "abcdefgh"
