"""Requests gunicorn refuses before Django sees them still answer in the envelope."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from errors.base import CATALOGUE
from tests.support.server import gunicorn_server


@pytest.fixture(scope="module", params=[1, 4], ids=["sync-worker", "threaded-worker"])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, int]]:
    with gunicorn_server({}, threads=request.param) as base_url:
        address = urlsplit(base_url)
        yield address.hostname, address.port


def exchange(server: tuple[str, int], raw: bytes) -> tuple[int, dict[str, str], dict]:
    with socket.create_connection(server, timeout=10) as connection:
        connection.sendall(raw)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), headers, json.loads(body)


def assert_envelope(answer: tuple[int, dict[str, str], dict], status: int, code: str) -> None:
    received_status, headers, body = answer
    assert received_status == status
    assert headers["Content-Type"] == "application/json"
    assert (body["status"], body["code"]) == ("error", code)
    assert body["request_id"] == headers["X-Request-ID"]
    assert set(body) == {"status", "code", "message", "details", "request_id", "timestamp"}
    assert code in CATALOGUE


def test_a_request_line_too_long_is_414_in_the_envelope(server) -> None:
    query = "page=" + "9" * 5000
    raw = f"GET /api/v1/health?{query} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()
    assert_envelope(exchange(server, raw), 414, "HTTP_414")


def test_headers_too_large_are_431_in_the_envelope(server) -> None:
    raw = f"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nIf-Match: {'1' * 9000}\r\n\r\n"
    assert_envelope(exchange(server, raw.encode()), 431, "HTTP_431")


def test_a_malformed_request_line_is_400_in_the_envelope(server) -> None:
    raw = b"GET /api/v1/health HTTP/9.x\r\nHost: localhost\r\n\r\n"
    assert_envelope(exchange(server, raw), 400, "VALIDATION_BAD_REQUEST")


def test_an_unparseable_content_length_is_400_in_the_envelope(server) -> None:
    raw = (
        b"POST /api/v1/auth/token HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}"
    )
    assert_envelope(exchange(server, raw), 400, "VALIDATION_BAD_REQUEST")


@pytest.mark.django_db
def test_the_document_lists_414_and_431_for_every_operation(api_client) -> None:
    response = api_client.get("/api/v1/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    for path, item in response.json()["paths"].items():
        for method, operation in item.items():
            assert {"414", "431"} <= set(operation["responses"]), f"{method} {path}"
