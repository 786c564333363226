"""Bodies under `make run`, where no nginx sizes them first: a chunked body is read like any
other, and a body over the limit is answered 413 in the envelope to a client that sends all of
it before reading (as Python's `requests` and `urllib` do), instead of a reset that hides the
answer, and the connection then serves the next request."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.support.server import start_embedded
from tests.support.stack import call

PASSWORD = "bodies-password-2026-x"
LIMIT = 1024 * 1024
DEAL = {"title": "Chunked kettle", "price": "19.99", "original_price": "29.99"}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("var")
    service, url = start_embedded({"VAR_DIR": str(var)}, log=var / "run.log")
    try:
        yield url
    finally:
        service.stop()


@pytest.fixture(scope="module")
def token(base_url: str) -> str:
    account = {"email": "bodies@example.com", "password": PASSWORD, "name": "Bodies"}
    assert call(base_url, "POST", "/api/v1/auth/register", account).status == 201
    pair = call(
        base_url, "POST", "/api/v1/auth/token", {"email": account["email"], "password": PASSWORD}
    )
    return pair.body["access"]


def connect(base_url: str) -> http.client.HTTPConnection:
    address = urlsplit(base_url)
    return http.client.HTTPConnection(address.hostname, address.port, timeout=30)


def test_a_chunked_body_is_read_and_the_deal_created(base_url: str, token: str) -> None:
    body = json.dumps(DEAL).encode()
    connection = connect(base_url)
    pieces = iter([body[:10], body[10:25], body[25:]])
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    connection.request("POST", "/api/v1/deals", body=pieces, headers=headers, encode_chunked=True)
    answer = connection.getresponse()
    created = json.loads(answer.read())
    assert answer.status == 201, created
    assert (created["title"], created["price"]) == (DEAL["title"], DEAL["price"])


@pytest.mark.parametrize("chunked", [False, True], ids=["sized", "chunked"])
def test_a_body_over_the_limit_sent_whole_gets_the_413_envelope(
    base_url: str, token: str, chunked: bool
) -> None:
    oversized = b'{"title": "' + b"a" * (2 * LIMIT) + b'"}'
    address = urlsplit(base_url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as raw:
        head = [
            "POST /api/v1/deals HTTP/1.1",
            f"Host: {address.netloc}",
            f"Authorization: Bearer {token}",
            "Content-Type: application/json",
        ]
        if chunked:
            head.append("Transfer-Encoding: chunked")
            step = 64 * 1024
            payload = (
                b"".join(
                    b"%x\r\n%s\r\n" % (len(oversized[i : i + step]), oversized[i : i + step])
                    for i in range(0, len(oversized), step)
                )
                + b"0\r\n\r\n"
            )
        else:
            head.append(f"Content-Length: {len(oversized)}")
            payload = oversized
        raw.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + payload)  # all of it, then read
        answer = http.client.HTTPResponse(raw)
        answer.begin()
        envelope = json.loads(answer.read())
        # The body was read to its end: the kept-alive connection takes the next request.
        raw.sendall(f"GET /api/v1/health HTTP/1.1\r\nHost: {address.netloc}\r\n\r\n".encode())
        after = http.client.HTTPResponse(raw)
        after.begin()
        health = json.loads(after.read())
    assert answer.status == 413
    assert answer.getheader("Connection") == "keep-alive"
    assert (envelope["code"], envelope["details"]["max_bytes"]) == ("HTTP_413", LIMIT)
    assert envelope["request_id"] == answer.getheader("X-Request-ID")
    assert (after.status, health) == (200, {"status": "ok"})
