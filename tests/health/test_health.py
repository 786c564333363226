"""Liveness and readiness, with real dependencies up and really down."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.errors.test_envelope import assert_envelope
from tests.support.server import free_port, gunicorn_server, unreachable_redis_cache

READY = "/api/v1/health/ready"


def test_liveness_needs_no_auth_and_no_database(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/health", HTTP_AUTHORIZATION="Bearer garbage")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_reports_each_dependency(api_client: APIClient) -> None:
    response = api_client.get(READY)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }


@pytest.mark.django_db
def test_readiness_is_503_when_the_cache_is_down(api_client: APIClient, settings: Any) -> None:
    settings.CACHES = unreachable_redis_cache(0.5)
    body = assert_envelope(api_client.get(READY), 503, "SYSTEM_DEPENDENCY_UNAVAILABLE")
    assert body["details"]["checks"] == {"database": "ok", "cache": "unavailable", "broker": "ok"}
    assert body["message"] == "Not ready: cache unavailable."


@pytest.mark.django_db
def test_readiness_is_503_when_the_broker_is_down(api_client: APIClient, settings: Any) -> None:
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    body = assert_envelope(api_client.get(READY), 503, "SYSTEM_DEPENDENCY_UNAVAILABLE")
    assert body["details"]["checks"]["broker"] == "unavailable"


def _get(url: str, data: dict | None = None) -> tuple[int, dict[str, str], dict]:
    request = urllib.request.Request(  # noqa: S310 - loopback URL of the test server
        url,
        data=json.dumps(data).encode() if data is not None else None,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_a_server_whose_database_is_down_stays_alive_and_answers_503() -> None:
    dead_database = f"postgres://postgres@127.0.0.1:{free_port()}/deals"
    with gunicorn_server({"DATABASE_URL": dead_database}) as base_url:
        status, _, body = _get(f"{base_url}/api/v1/health")
        assert (status, body) == (200, {"status": "ok"})

        status, headers, body = _get(f"{base_url}{READY}")
        assert status == 503
        assert body["code"] == "SYSTEM_DEPENDENCY_UNAVAILABLE"
        assert body["details"]["checks"]["database"] == "unavailable"
        assert body["request_id"] == headers["X-Request-ID"]

        status, headers, body = _get(
            f"{base_url}/api/v1/auth/token", {"email": "a@example.com", "password": "pw-12345678"}
        )
        assert status == 503
        assert body["code"] == "SYSTEM_DATABASE_UNAVAILABLE"
        assert headers["Retry-After"] == "5"
        assert "5432" not in json.dumps(body)
        assert "psycopg" not in json.dumps(body)
