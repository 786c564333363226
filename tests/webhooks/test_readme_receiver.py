"""The README's ten-line receiver, run as written (with a real secret and a free port), gets a
real delivery and verifies it with the `standardwebhooks` library."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.server import start_embedded, wait_until
from tests.support.stack import call
from tests.webhooks.conftest import send_due
from webhooks import services

README = Path(__file__).resolve().parents[2] / "README.md"
pytestmark = pytest.mark.django_db


def readme_receiver() -> str:
    section = README.read_text().split("## Webhooks", 1)[1].split("\n## ", 1)[0]
    [code] = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    return code


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_receiver(secret: str, port: int) -> Iterator[list[str]]:
    """The README's receiver as written, with `secret` and `port`; yields, once it listens, a
    list that holds what it printed (and wrote to stderr) once it is stopped."""
    program = readme_receiver().replace('"whsec_..."', repr(secret)).replace("8001", str(port))
    receiver = subprocess.Popen(  # noqa: S603 - the README's own code, with the suite's Python
        [sys.executable, "-u", "-c", program],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    printed: list[str] = []
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield printed
    finally:
        receiver.terminate()
        printed.extend(receiver.communicate(timeout=10))


def test_the_readme_receiver_is_ten_lines_and_verifies_a_real_delivery(
    make_user, endpoint_for
) -> None:
    assert len([line for line in readme_receiver().splitlines() if line.strip()]) == 10
    port = free_port()
    endpoint, secret = endpoint_for(make_user(), f"http://127.0.0.1:{port}/")
    with running_receiver(secret, port) as printed:
        services.endpoint_test(endpoint=endpoint)
        assert send_due() == ["succeeded"]
    output, errors = printed
    assert output.startswith("ping {"), (output, errors)
    assert f"'endpoint_id': {endpoint.pk}" in output


def test_under_make_run_the_readme_receiver_gets_the_ping_and_the_finished_analysis(
    tmp_path: Path,
) -> None:
    """A newcomer's first hour: `make run` as it starts (http and loopback receivers allowed),
    the demo user, the README's receiver on this machine."""
    server, base_url = start_embedded({"VAR_DIR": str(tmp_path / "var")})
    port = free_port()
    try:
        demo = {"email": "demo@example.com", "password": "demo-password-2026"}
        token = call(base_url, "POST", "/api/v1/auth/token", demo).body["access"]
        url = f"http://127.0.0.1:{port}/"
        made = call(base_url, "POST", "/api/v1/webhooks/endpoints", {"url": url}, token=token)
        assert made.status == 201, made.body
        hooks = f"/api/v1/webhooks/endpoints/{made.body['id']}"
        with running_receiver(made.body["secret"], port) as printed:
            assert call(base_url, "POST", f"{hooks}/test", token=token).status == 202
            deal = {"title": "Kettle", "price": "9.00", "original_price": "30.00"}
            deal_id = call(base_url, "POST", "/api/v1/deals", deal, token=token).body["id"]
            analysed = call(base_url, "POST", f"/api/v1/deals/{deal_id}/analyses", token=token)
            assert analysed.status == 202, analysed.body

            def both_delivered() -> bool:
                page = call(base_url, "GET", f"{hooks}/deliveries", token=token).body
                return [d["status"] for d in page["results"]] == ["succeeded", "succeeded"]

            wait_until(both_delivered, timeout=30, what="the ping and the analysis's event")
    finally:
        server.stop()
    output, errors = printed
    assert [line.split(" ", 1)[0] for line in output.splitlines()] == [
        "ping",
        "analysis.succeeded",
    ], (output, errors)
