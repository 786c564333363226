"""What one address can hold of nginx (deploy/nginx/agentic-deals.conf): a flood of slow bodies
from one address takes its few allowed connections, the rest are refused in the envelope and
closed, other addresses are still served, and a header trickled past its deadline is reset.
Loopback has all of 127.0.0.0/8: the attacker is 127.0.0.2, the other client 127.0.0.3."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator

import pytest

from errors.base import CATALOGUE
from tests.support.nginx import SlowBodies, request_from
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
            request_from(OTHER_CLIENT, stack.nginx.port, "/api/v1/health") for _ in range(20)
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
