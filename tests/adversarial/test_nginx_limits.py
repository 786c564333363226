"""What one address can hold of nginx (deploy/nginx/agentic-deals.conf): a flood of slow bodies
from one address takes its few allowed connections, the rest are refused in the envelope and
closed, other addresses are still served; a header or a body trickled past its deadline ends the
request; sign-in attempts beyond the edge's rate are refused before they reach gunicorn.
Loopback has all of 127.0.0.0/8: the attacker is 127.0.0.2, the other client 127.0.0.3."""

from __future__ import annotations

import json
import re
import socket
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from errors.base import CATALOGUE
from tests.support.nginx import Nginx, SlowBodies, request_from
from tests.support.server import wait_until
from tests.support.stack import Stack

ATTACKER = "127.0.0.2"
OTHER_CLIENT = "127.0.0.3"
SLOW_SOCKETS = 2000


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    deployment = Stack("limits", {"LOG_LEVEL": "WARNING"}, worker=False, web_workers=2)
    try:
        yield deployment
    finally:
        deployment.close()


def per_address_limit(stack: Stack) -> int:
    (limit,) = re.findall(r"^\s*limit_conn per_address (\d+);", stack.nginx.config, re.M)
    return int(limit)


def test_slow_bodies_from_one_address_leave_other_addresses_served(stack: Stack) -> None:
    limit = per_address_limit(stack)
    attack = SlowBodies(stack.nginx.port, source=ATTACKER, count=SLOW_SOCKETS)
    try:
        # Every connection nginx did not let in is answered; only the allowed ones wait.
        wait_until(lambda: attack.outcomes()["open"] <= limit, timeout=30, what="the refusals")
        answers = [
            request_from(OTHER_CLIENT, stack.nginx.port, "/api/v1/health")[:2] for _ in range(20)
        ]
        outcomes = attack.outcomes()
        refused = attack.bodies("503")
    finally:
        attack.close()
    assert [status for status, _ in answers] == [200] * 20
    assert all(json.loads(body)["status"] == "ok" for _, body in answers)
    assert outcomes["open"] <= limit
    assert outcomes["503"] + outcomes["closed"] >= SLOW_SOCKETS - limit
    assert sum(outcomes.values()) == SLOW_SOCKETS
    # A refusal is the envelope of the catalogue's SYSTEM_OVERLOADED.
    codes = {json.loads(body)["code"] for body in refused if body.endswith(b"}")}
    assert codes == {"SYSTEM_OVERLOADED"}
    assert CATALOGUE["SYSTEM_OVERLOADED"].status_code == 503


def test_the_attackers_refused_connections_are_closed_not_kept(stack: Stack) -> None:
    """nginx reads and discards a refused request's body before it closes the connection; the
    discarding ends after lingering_time whatever the client trickles."""
    limit = per_address_limit(stack)
    attack = SlowBodies(stack.nginx.port, source=ATTACKER, count=200, interval=0.5)
    try:
        wait_until(lambda: attack.outcomes()["open"] <= limit, timeout=30, what="the refusals")
        lingering = int(re.search(r"lingering_time (\d+)s;", stack.nginx.config)[1])
        wait_until(
            lambda: attack.outcomes()["open"] <= limit and attack.still_connected() <= limit,
            timeout=lingering + 15,
            what="nginx to close the refused connections",
        )
        connected = attack.still_connected()
    finally:
        attack.close()
    assert connected <= limit


def test_a_header_trickled_past_its_deadline_is_reset(stack: Stack) -> None:
    """client_header_timeout (10 s) is a deadline for the whole header, which a line a second
    does not extend; nginx then resets the connection (reset_timedout_connection) instead of
    keeping its socket until the client closes it."""
    outcome = None
    with socket.create_connection(("127.0.0.1", stack.nginx.port), timeout=1) as connection:
        connection.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        for _ in range(60):
            try:
                connection.sendall(b"X-Slow: header\r\n")
                outcome = connection.recv(65536) or b"closed"
                break
            except TimeoutError:
                continue
            except ConnectionResetError:
                outcome = "reset"
                break
    assert outcome == "reset"


def test_a_body_trickled_past_its_deadline_ends_the_request(stack: Stack) -> None:
    """A byte every half second never lets client_body_timeout (10 s) fire, and a body of
    100,000 bytes would take 14 hours; the whole-body deadline ends each such request, logged
    as 408. A body sent at once still reaches the application whole. (A second nginx in front
    of the same gunicorn, rendered with a 3 s deadline instead of 30 s, keeps this test short.)"""
    edge = Nginx(
        stack.app_url.removeprefix("http://"),
        stack.path / "nginx-deadline",
        stack.path / "var" / "static",
        body_deadline=3,
    )
    attack = SlowBodies(edge.port, source=ATTACKER, count=5, interval=0.5)
    try:
        wait_until(lambda: attack.outcomes()["closed"] == 5, timeout=30, what="the deadline")
        report = {"kind": "error", "message": "boom", "stack": "x" * 7000, "page": "/deals"}
        sent = request_from(
            OTHER_CLIENT,
            edge.port,
            "/api/v1/client-errors",
            method="POST",
            body=json.dumps(report).encode(),
            headers={"Content-Type": "application/json"},
        )
        # nginx writes the access line just after the answer: wait for it rather than race it.
        wait_until(
            lambda: OTHER_CLIENT in edge.access_log.read_text(), timeout=10, what="the log line"
        )
        logged = [json.loads(line) for line in edge.access_log.read_text().splitlines()]
    finally:
        attack.close()
        edge.stop()
    timed_out = [line for line in logged if line["client"] == ATTACKER]
    assert [line["status"] for line in timed_out] == [408] * 5
    assert all(2.5 < line["seconds"] < 10 for line in timed_out), timed_out
    assert sent[0] == 204, sent  # the whole report reached the application and was recorded
    assert [line["status"] for line in logged if line["client"] == OTHER_CLIENT] == [204]


def sign_in_from(source: str, port: int, path: str) -> tuple[int, bytes, dict[str, str]]:
    """One attempt with a new email (the application's own login limits count per email)."""
    body = json.dumps({"email": f"{uuid.uuid4().hex}@example.com", "password": "not-it-2026"})
    headers = {"Content-Type": "application/json"}
    return request_from(source, port, path, method="POST", body=body.encode(), headers=headers)


def refused_at_the_edge(answer: tuple[int, bytes, dict[str, str]]) -> bool:
    """nginx's 429: the catalogue's envelope with only Retry-After: 1, never the application's
    (which names the scope that refused it)."""
    status, body, headers = answer
    if status != 429:
        return False
    envelope = json.loads(body)
    assert envelope["code"] == "RATE_LIMIT_EXCEEDED"
    assert envelope["request_id"] == headers["X-Request-ID"]
    return envelope["details"] == {"retry_after": 1} and headers["Retry-After"] == "1"


@pytest.mark.parametrize(
    ("path", "flooder"),
    [
        ("/api/v1/auth/token", "127.0.0.4"),
        ("/api/v1/auth/session", "127.0.0.5"),
        ("/api/v1/auth/register", "127.0.0.6"),
        ("/admin/login/", "127.0.0.7"),
    ],
)
def test_sign_in_attempts_beyond_the_edges_rate_are_refused_at_the_edge(
    stack: Stack, path: str, flooder: str
) -> None:
    """2 a second per address after a burst of 20 (each attempt costs a password hash): the
    rest are nginx's 429 in the envelope, per address; refreshing a session is not counted."""
    port = stack.nginx.port
    # At once, as a flood sends them (30: under the 32 requests one address may hold).
    with ThreadPoolExecutor(30) as pool:
        attempts = list(pool.map(lambda _: sign_in_from(flooder, port, path), range(30)))
    refresh = request_from(flooder, port, "/api/v1/auth/session/refresh", method="POST")
    neighbours = sign_in_from(OTHER_CLIENT, port, path)

    at_the_edge = [refused_at_the_edge(answer) for answer in attempts]
    # The burst of 20 and one more at least reached the application and were answered by it
    # (registration's own limit may refuse some: a 429 naming its scope).
    assert 1 <= at_the_edge.count(True) <= 9
    assert all(status != 0 for status, _, _ in attempts)
    assert refresh[0] == 401  # the application's: this request had no refresh cookie
    assert not refused_at_the_edge(neighbours)
    assert neighbours[0] != 0
