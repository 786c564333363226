"""The Python client library (clients/python) as its users meet it, against `make run`: the
walkthrough through it alone, errors caught by their classes with their details, a 429 waited
out, a connection dropped after the server acted retried with the same Idempotency-Key and
charged once, ten parallel calls with an expired token refreshed once; and the checked-in
generated code is what `make client` writes today, and installs with pip."""

from __future__ import annotations

import filecmp
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.server import ROOT, Service, start_embedded, wait_until

CLIENTS = ROOT / "clients" / "python"
sys.path.insert(0, str(CLIENTS))

from agentic_deals import Client, errors  # noqa: E402
from agentic_deals_api.api.analyses import analyses_retrieve, deals_analyse  # noqa: E402
from agentic_deals_api.api.deals import deals_create, deals_list, deals_partial_update  # noqa: E402
from agentic_deals_api.api.tokens import tokens_balance, tokens_deduct  # noqa: E402
from agentic_deals_api.models import (  # noqa: E402
    DealRequest,
    DeductRequest,
    PatchedDealUpdateRequest,
)

PASSWORD = "client-library-password-2026"
BONUS = 100
TTL = 4  # seconds an access token lives here


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, str]]:
    var = tmp_path_factory.mktemp("var")
    env = {
        "VAR_DIR": str(var),
        "SIGNUP_BONUS_TOKENS": str(BONUS),
        "JWT_ACCESS_TTL_SECONDS": str(TTL),
        "RATE_LIMIT_DEDUCT": "3/second",
        "RATE_LIMIT_REGISTER": "1000/hour",
        "LOG_LEVEL": "INFO",
    }
    service, url = start_embedded(env, log=var / "run.log")
    try:
        yield service, url
    finally:
        service.stop()


@pytest.fixture
def client(server: tuple[Service, str]) -> Iterator[Client]:
    with Client(server[1], backoff=0.2) as signed_in:
        email = f"lib-{uuid.uuid4().hex[:10]}@example.com"
        signed_in.register(email, PASSWORD, "Library")
        signed_in.sign_in(email, PASSWORD)
        yield signed_in


def lines(service: Service, text: str) -> int:
    return service.output().count(text)


def test_the_walkthrough_through_the_library_alone(client: Client) -> None:
    deal = deals_create.sync(
        client=client.api,
        body=DealRequest(title="Espresso machine", price="199.00", original_price="349.00"),
    )
    assert (deal.title, deal.version) == ("Espresso machine", 1)
    edited = deals_partial_update.sync(
        deal.id,
        client=client.api,
        body=PatchedDealUpdateRequest(price="189.00", version=deal.version),
    )
    assert (edited.price, edited.version) == ("189.00", 2)
    queued = deals_analyse.sync(deal.id, client=client.api)

    def finished():
        analysis = analyses_retrieve.sync(queued.id, client=client.api)
        return analysis if analysis.status in ("succeeded", "failed") else None

    analysis = wait_until(finished, timeout=60, what="the analysis")
    assert (analysis.status, analysis.cost) == ("succeeded", 5)
    balance = tokens_balance.sync(client=client.api)
    assert (balance.balance, balance.available) == (BONUS - 5, BONUS - 5)


def test_every_entry_of_a_long_list_comes_through_the_page_iterator(client: Client) -> None:
    for number in range(25):
        deals_create.sync(
            client=client.api,
            body=DealRequest(title=f"Deal number {number}", price="10.00"),
        )
    titles = [deal.title for deal in client.pages(deals_list)]
    assert sorted(titles) == sorted(f"Deal number {number}" for number in range(25))


def test_a_402_is_caught_as_insufficient_balance_with_its_amounts(client: Client) -> None:
    with pytest.raises(errors.InsufficientBalanceError) as caught:
        tokens_deduct.sync(client=client.api, body=DeductRequest(amount=BONUS + 7))
    error = caught.value
    assert isinstance(error, errors.TokenProblem)
    assert (error.required_amount, error.available_balance, error.missing_amount) == (
        BONUS + 7,
        BONUS,
        7,
    )
    assert error.status == 402
    assert error.request_id


def test_a_stale_version_is_caught_as_version_mismatch_with_the_current_one(
    client: Client,
) -> None:
    deal = deals_create.sync(client=client.api, body=DealRequest(title="Kettle", price="19.99"))
    deals_partial_update.sync(
        deal.id, client=client.api, body=PatchedDealUpdateRequest(title="Kettle, boxed", version=1)
    )
    with pytest.raises(errors.VersionMismatchError) as caught:
        deals_partial_update.sync(
            deal.id, client=client.api, body=PatchedDealUpdateRequest(title="Late", version=1)
        )
    assert isinstance(caught.value, errors.ConflictProblem)
    assert caught.value.current_version == 2


def test_a_429_is_waited_out_by_retry_after_and_the_call_succeeds(
    server: tuple[Service, str], client: Client
) -> None:
    service = server[0]
    limited = lines(service, "POST /api/v1/tokens/deduct 429")
    for _ in range(5):  # over 3 a second
        tokens_deduct.sync(client=client.api, body=DeductRequest(amount=1))
    assert lines(service, "POST /api/v1/tokens/deduct 429") > limited
    assert tokens_balance.sync(client=client.api).balance == BONUS - 5


class DroppingProxy:
    """Forwards to the server, but for the first request whose line starts with `victim` it
    lets the server answer and then cuts the client off without that answer."""

    def __init__(self, upstream: str, victim: bytes) -> None:
        self.upstream = httpx.URL(upstream)
        self.victim = victim
        self.dropped = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(connection,), daemon=True).start()

    def _relay(self, downstream: socket.socket) -> None:
        with downstream:
            request = _read_request(downstream)
            if not request:
                return
            head, _, body = request.partition(b"\r\n\r\n")
            head = b"\r\n".join(
                line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")
            )
            with socket.create_connection((self.upstream.host, self.upstream.port)) as upstream:
                upstream.sendall(head + b"\r\nConnection: close\r\n\r\n" + body)
                answer = b"".join(iter(lambda: upstream.recv(65536), b""))
            if request.startswith(self.victim) and not self.dropped:
                self.dropped += 1
                return  # the server acted; the client never hears of it
            downstream.sendall(answer)

    def close(self) -> None:
        self.listener.close()


def _read_request(connection: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(body) < length:
        body += connection.recv(65536)
    return head + b"\r\n\r\n" + body


def test_a_connection_dropped_after_the_server_acted_is_retried_and_charged_once(
    server: tuple[Service, str],
) -> None:
    proxy = DroppingProxy(server[1], b"POST /api/v1/tokens/deduct")
    try:
        with Client(proxy.url, backoff=0.2) as client:
            email = f"drop-{uuid.uuid4().hex[:10]}@example.com"
            client.register(email, PASSWORD, "Dropped")
            client.sign_in(email, PASSWORD)
            result = tokens_deduct.sync(client=client.api, body=DeductRequest(amount=7))
            assert proxy.dropped == 1
            assert result.balance == BONUS - 7
            assert tokens_balance.sync(client=client.api).balance == BONUS - 7
    finally:
        proxy.close()


def test_ten_parallel_calls_with_an_expired_token_refresh_it_once(
    server: tuple[Service, str], client: Client
) -> None:
    service = server[0]
    time.sleep(TTL + 1)  # the access token has expired
    refreshed = lines(service, "POST /api/v1/auth/token/refresh 200")
    balances: list[int] = []
    barrier = threading.Barrier(10)

    failures: list[Exception] = []

    def read() -> None:
        barrier.wait()
        try:
            balances.append(tokens_balance.sync(client=client.api).balance)
        except Exception as error:
            failures.append(error)

    threads = [threading.Thread(target=read) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (failures, balances) == ([], [BONUS] * 10)
    assert lines(service, "POST /api/v1/auth/token/refresh 200") == refreshed + 1


def test_the_checked_in_client_is_what_make_client_writes_today(tmp_path: Path) -> None:
    subprocess.run(  # noqa: S603 - our own generator
        [sys.executable, str(ROOT / "clients" / "generate.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for package in ("agentic_deals_api", "agentic_deals/errors.py"):
        fresh, checked_in = tmp_path / package, CLIENTS / package
        if fresh.is_file():
            assert fresh.read_text() == checked_in.read_text(), f"{package}: run make client"
            continue
        comparison = filecmp.dircmp(fresh, checked_in, ignore=["__pycache__", ".ruff_cache"])
        assert _differences(comparison) == [], "run make client"


def _differences(comparison: filecmp.dircmp) -> list[str]:
    found = comparison.left_only + comparison.right_only + comparison.diff_files
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found


def test_the_library_installs_with_pip(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: setuptools builds in the source tree
    shutil.copytree(CLIENTS, source, ignore=shutil.ignore_patterns("__pycache__", "build"))
    target = tmp_path / "target"
    installed = subprocess.run(  # noqa: S603 - pip on our own package
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (target / "agentic_deals" / "client.py").exists()
    assert (target / "agentic_deals_api" / "client.py").exists()
