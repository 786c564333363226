"""JSON log lines: one object a line, request context on each, secrets redacted at any depth."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from observability.context import bound
from observability.logging import REDACTED, is_sensitive_key, redact

logger = logging.getLogger("tests.logging")


def test_a_record_carrying_secrets_prints_neither_value(json_logs: Any) -> None:
    logger.warning(
        "login attempt",
        extra={
            "payload": {
                "password": "hunter2-value",
                "nested": {"authorization": "Bearer abc.def.ghi"},
            }
        },
    )
    [line] = json_logs.lines()
    assert "hunter2-value" not in json_logs.text
    assert "abc.def.ghi" not in json_logs.text
    assert line["payload"] == {"password": REDACTED, "nested": {"authorization": REDACTED}}


def test_secrets_in_lists_args_and_messages_are_redacted(json_logs: Any) -> None:
    logger.info(
        "headers %s, token %s",
        {"Idempotency-Key": "idem-123456", "X-Api-Key": "key-987654"},
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
        extra={"items": [{"refresh": "r-token-1"}, {"new_password1": "pw-2"}], "count": 3},
    )
    text = json_logs.text
    for secret in ("idem-123456", "key-987654", "eyJzdWIiOiIxIn0", "r-token-1", "pw-2"):
        assert secret not in text
    assert json_logs.lines()[0]["count"] == 3


def test_ordinary_fields_are_kept() -> None:
    data = {"user_id": 7, "request_id": "abc", "tokens_charged": 5, "path": "/api/v1/health"}
    assert redact(data) == data


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "PASSWORD",
        "access_token",
        "Authorization",
        "api_key",
        "X-Api-Key",
        "client_secret",
        "sessionid",
        "csrftoken",
        "refresh",
    ],
)
def test_sensitive_key_names_are_recognised(key: str) -> None:
    assert is_sensitive_key(key)


def test_each_line_is_one_json_object_with_the_bound_context(json_logs: Any) -> None:
    with bound(request_id="req-0000001", method="POST", path="/api/v1/x", user_id=42):
        logger.info("inside")
    logger.info("outside")
    inside, outside = json_logs.lines()
    assert inside["request_id"] == "req-0000001"
    assert inside["user_id"] == 42
    assert inside["method"] == "POST"
    assert inside["logger"] == "tests.logging"
    assert inside["level"] == "INFO"
    assert inside["message"] == "inside"
    assert outside["request_id"] is None
    assert len(json_logs.text.splitlines()) == 2


@pytest.mark.django_db
def test_request_log_lines_carry_the_authenticated_user(
    auth_client: APIClient, json_logs: Any
) -> None:
    response = auth_client.get("/api/v1/auth/me")
    [access] = [line for line in json_logs.lines() if line["logger"] == "access"]
    assert access["user_id"] == response.json()["id"]
    assert access["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
def test_a_login_body_never_reaches_the_log(api_client: APIClient, json_logs: Any) -> None:
    api_client.post(
        "/api/v1/auth/token", {"email": "a@example.com", "password": "pw-in-body-1"}, format="json"
    )
    assert "pw-in-body-1" not in json_logs.text
    assert all(json.loads(line) for line in json_logs.text.splitlines())


def test_values_json_cannot_encode_still_make_one_json_line(json_logs: Any) -> None:
    logger.info("odd values", extra={"big": 2**70, "by_number": {1: "one"}, "thing": object()})
    [line] = json_logs.lines()
    assert line["big"] == 2**70
    assert line["by_number"] == {"1": "one"}
    assert line["thing"].startswith("<object object at")


@pytest.mark.parametrize(
    "text",
    [
        "Authorization: BEARER abc.def-ghi",
        "basic dXNlcjpwYXNz",
        "Authorization: Ba\u017fic dXNlcjpwYXNzd29yZA==",  # a long s, which (?i) matches as s
        "key sk-live0123456789",
    ],
)
def test_inline_secrets_are_found_whatever_their_case(json_logs: Any, text: str) -> None:
    logger.info(text)
    secret = text.split()[-1]
    assert secret not in json_logs.text
    assert REDACTED in json_logs.lines()[0]["message"]


def test_timestamps_follow_the_clock_across_seconds(json_logs: Any) -> None:
    with time_machine.travel(datetime(2026, 3, 1, 23, 59, 59, 998_000, tzinfo=UTC), tick=False):
        logger.info("first")
    with time_machine.travel(datetime(2026, 3, 2, 0, 0, 0, 5_000, tzinfo=UTC), tick=False):
        logger.info("second")
    with time_machine.travel(datetime(2026, 3, 1, 23, 59, 59, 999_000, tzinfo=UTC), tick=False):
        logger.info("back in time")
    stamps = [line["timestamp"] for line in json_logs.lines()]
    assert stamps == [
        "2026-03-01T23:59:59.998Z",
        "2026-03-02T00:00:00.005Z",
        "2026-03-01T23:59:59.999Z",
    ]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("GET https://provider.example/v1?api_key=plainkey0042&x=1", "plainkey0042"),
        ("alerts posted to hooks.slack.example/services/T01/B02/slackpath99", "slackpath99"),
        ("sentry key 0f1e2d3c4b5a69788796a5b4c3d2e1f0 refused", "0f1e2d3c4b5a6978"),
        ("broker password is p@ss:word-77, encoded p%40ss%3Aword-77", "word-77"),
    ],
)
def test_configured_secrets_are_redacted_whatever_their_shape(
    settings: Any, json_logs: Any, text: str, secret: str
) -> None:
    settings.AI_FALLBACK_API_KEY = "plainkey0042"
    settings.SLACK_WEBHOOK_URL = "https://hooks.slack.example/services/T01/B02/slackpath99"
    settings.SENTRY_DSN = "https://0f1e2d3c4b5a69788796a5b4c3d2e1f0@sentry.example/7"
    settings.REDIS_URL = "redis://:p%40ss%3Aword-77@redis.example:6379/0"
    logger.info(text)
    assert secret not in json_logs.text
    assert REDACTED in json_logs.lines()[0]["message"]
