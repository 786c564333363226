"""nginx in front of gunicorn, as production runs them (deploy/nginx/agentic-deals.conf): what
nginx refuses itself answers in the envelope with the id its log line carries, one request id
runs from the edge to the application's log, slow clients hold nginx and not gunicorn's workers,
and a spoofed X-Forwarded-For is not believed."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator

from errors.base import CATALOGUE
from tests.support.nginx import Nginx
from tests.support.server import free_port, wait_until
from tests.support.stack import Stack, call

CONF = Path(__file__).resolve().parents[2] / "deploy/nginx/agentic-deals.conf"


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    deployment = Stack("proxy", {"LOG_LEVEL": "INFO"}, worker=False, web_workers=2)
    try:
        yield deployment
    finally:
        deployment.close()


def exchange(port: int, raw: bytes) -> tuple[int, dict[str, str], dict]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(raw)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
            if b"\r\n\r\n" in received and received.endswith(b"}"):
                break
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines if ": " in line)
    return int(status_line.split()[1]), headers, json.loads(body)


def logged(path: Path, request_id: str) -> list[dict]:
    return [
        json.loads(line)
        for line in path.read_text().splitlines()
        if line.startswith("{") and request_id in line
    ]


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b"GET /api/v1/health?" + b"q" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "HTTP_414"),
        (
            b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n",
            431,
            "HTTP_431",
        ),
        (
            b"POST /api/v1/deals HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n",
            413,
            "HTTP_413",
        ),
        (b"NOT A REQUEST\r\n\r\n", 400, "VALIDATION_BAD_REQUEST"),
        (b"TRACE /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n", 405, "HTTP_405"),
    ],
    ids=["414", "431", "413", "400", "405"],
)
def test_what_nginx_refuses_is_the_envelope_with_the_id_of_its_log_line(
    stack: Stack, raw: bytes, status: int, code: str
) -> None:
    answered, headers, body = exchange(stack.nginx.port, raw)
    assert (answered, body["status"], body["code"]) == (status, "error", code)
    assert headers["Content-Type"] == "application/json"
    assert body["message"] == CATALOGUE[code].message
    assert body["request_id"] == headers["X-Request-ID"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["timestamp"])
    assert set(body) == {"status", "code", "message", "details", "request_id", "timestamp"}
    wait_until(
        lambda: logged(stack.nginx.access_log, body["request_id"]),
        timeout=5,
        what="nginx's log line",
    )
    (line,) = logged(stack.nginx.access_log, body["request_id"])
    assert line["status"] == status


def test_every_error_body_in_the_configuration_is_the_catalogues() -> None:
    bodies = re.findall(r"return (\d{3}) '(\{.*\})';", CONF.read_text())
    assert len(bodies) == 10
    for status, text in bodies:
        body = json.loads(text.replace("$request_id", "id").replace("$utc_time", "now"))
        entry = CATALOGUE[body["code"]]
        assert (entry.http_status, entry.message) == (int(status), body["message"])


def test_nginxs_own_405_lists_the_methods_the_application_allows(stack: Stack) -> None:
    spec = SchemaGenerator(urlconf="config.urls").get_schema(request=None, public=True)
    listed = dict(re.findall(r'"~(\^/api/v1/[^"]*)" "([^"]*)";', CONF.read_text()))
    assert len(listed) == len(spec["paths"])
    for path in spec["paths"]:
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "/?(\\?.*)?$"
        allowed = ", ".join(resolve(concrete).func.cls().allowed_methods)
        assert listed[pattern] == allowed, path
    status, headers, _ = exchange(
        stack.nginx.port, b"TRACE /api/v1/deals/7?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    assert (status, headers["Allow"]) == (405, "GET, PUT, PATCH, DELETE, OPTIONS")


def test_one_request_id_from_the_edge_to_the_applications_log(stack: Stack) -> None:
    reply = call(stack.base_url, "GET", "/api/v1/deals")
    request_id = reply.headers["X-Request-ID"]
    assert (reply.status, reply.body["request_id"]) == (401, request_id)
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id
    wait_until(lambda: logged(stack.web_log, request_id), timeout=5, what="the app's log line")
    app_lines = logged(stack.web_log, request_id)
    assert [line["status"] for line in app_lines if line["logger"] == "access"] == [401]
    (edge,) = logged(stack.nginx.access_log, request_id)
    assert edge["status"] == 401


def test_slow_clients_do_not_hold_the_workers(stack: Stack) -> None:
    """Six clients send their headers, six their body, a byte a second; gunicorn's two sync
    workers would each be held by one. The health check still answers at once."""
    stop = threading.Event()
    sockets = []
    for index in range(12):
        connection = socket.create_connection(("127.0.0.1", stack.nginx.port), timeout=10)
        if index % 2:
            connection.sendall(b"POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\n")
            connection.sendall(b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        else:
            connection.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        sockets.append(connection)

    def trickle() -> None:
        while not stop.wait(1):
            for connection in sockets:
                with contextlib.suppress(OSError):
                    connection.sendall(b" " if sockets.index(connection) % 2 else b"X")

    feeder = threading.Thread(target=trickle, daemon=True)
    feeder.start()
    try:
        time.sleep(2)
        for _ in range(5):
            with urllib.request.urlopen(f"{stack.base_url}/api/v1/health", timeout=1) as answer:  # noqa: S310
                assert answer.status == 200
    finally:
        stop.set()
        feeder.join()
        for connection in sockets:
            connection.close()


def test_a_spoofed_forwarded_address_is_not_believed(stack: Stack) -> None:
    reply = call(
        stack.base_url,
        "POST",
        "/api/v1/auth/token",
        {"email": "nobody@example.com", "password": "not-the-password-2026"},
        headers={"X-Forwarded-For": "6.6.6.6"},
    )
    assert reply.status == 401
    request_id = reply.headers["X-Request-ID"]
    wait_until(lambda: logged(stack.web_log, request_id), timeout=5, what="the login line")
    (failed,) = [
        line
        for line in logged(stack.web_log, request_id)
        if line["message"].endswith("login failed")
    ]
    assert failed["client_address"] == "127.0.0.1"


def test_an_unreachable_application_is_a_502_in_the_envelope(tmp_path: Path) -> None:
    proxy = Nginx(f"127.0.0.1:{free_port()}", tmp_path / "nginx", tmp_path / "static")
    try:
        reply = call(proxy.base_url, "GET", "/api/v1/health")
    finally:
        proxy.stop()
    assert (reply.status, reply.code) == (502, "HTTP_502")
    assert reply.headers["Retry-After"] == "5"
    assert reply.body["request_id"] == reply.headers["X-Request-ID"]
