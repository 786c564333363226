"""The README's ten-line receiver, run as written (with a real secret and a free port), gets a
real delivery and verifies it with the `standardwebhooks` library."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


def test_the_readme_receiver_is_ten_lines_and_verifies_a_real_delivery(
    make_user, endpoint_for
) -> None:
    code = readme_receiver()
    assert len([line for line in code.splitlines() if line.strip()]) == 10
    port = free_port()
    endpoint, secret = endpoint_for(make_user(), f"http://127.0.0.1:{port}/")
    program = code.replace('"whsec_..."', repr(secret)).replace("8001", str(port))
    receiver = subprocess.Popen(  # noqa: S603 - the README's own code, with the suite's Python
        [sys.executable, "-u", "-c", program],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        services.endpoint_test(endpoint=endpoint)
        assert send_due() == ["succeeded"]
    finally:
        receiver.terminate()
        output, errors = receiver.communicate(timeout=10)
    assert output.startswith("ping {"), (output, errors)
    assert f"'endpoint_id': {endpoint.pk}" in output
