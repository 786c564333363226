"""`make stack` as an operator runs it: the production shape from the repository, one command,
the address printed, an analysis through nginx, gunicorn and the worker, and Ctrl-C stops it all."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.server import ROOT, free_port, wait_until
from tests.support.stack import call

PASSWORD = "stack-operator-password-2026"


def test_make_stack_serves_the_production_shape_and_ctrl_c_stops_it(tmp_path: Path) -> None:
    port = free_port()
    output = tmp_path / "stack.out"
    env = {**os.environ, "PORT": str(port), "BIN": str(Path(sys.executable).parent)}
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "VAR_DIR"):
        env.pop(name, None)
    with output.open("wb") as sink:
        stack = subprocess.Popen(  # noqa: S603 - our own script
            [str(ROOT / "scripts/stack.sh")],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the whole group, as in a terminal
        )
        try:
            opened = wait_until(
                lambda: re.search(r"stack: open (http://\S+)/ ", output.read_text()),
                timeout=120,
                what="the stack's address",
            )
            base_url = opened.group(1)
            assert base_url == f"http://127.0.0.1:{port}"
            # Static files come from nginx, out of collectstatic's directory.
            with urllib.request.urlopen(f"{base_url}/static/js/api.js", timeout=10) as static:  # noqa: S310
                assert static.headers["Server"] == "nginx"
                assert static.headers["X-Request-ID"]
                assert b"export" in static.read()
            ready = call(base_url, "GET", "/api/v1/health/ready")
            assert (ready.status, ready.body["checks"]["broker"]) == (200, "ok")
            body = {"email": "operator@example.com", "password": PASSWORD, "name": "Op"}
            assert call(base_url, "POST", "/api/v1/auth/register", body).status == 201
            credentials = {"email": body["email"], "password": PASSWORD}
            token = call(base_url, "POST", "/api/v1/auth/token", credentials).body["access"]
            deal = call(
                base_url, "POST", "/api/v1/deals", {"title": "Kettle", "price": "9.00"}, token=token
            ).body["id"]
            queued = call(base_url, "POST", f"/api/v1/deals/{deal}/analyses", token=token)
            assert queued.status == 202

            def finished() -> bool:
                analysis = call(
                    base_url, "GET", f"/api/v1/analyses/{queued.body['id']}", token=token
                )
                return analysis.body["status"] == "succeeded"

            wait_until(finished, timeout=60, what="the worker to run the analysis")
        finally:
            os.killpg(stack.pid, signal.SIGINT)
            stack.wait(timeout=60)
    run_dir = re.search(r"logs in (\S+)\)", output.read_text()).group(1)
    time.sleep(0.5)
    assert not Path(run_dir).exists()
    assert [command for command in command_lines() if run_dir.encode() in command] == []


def command_lines() -> list[bytes]:
    """Every running process's command line (a process may end while they are read)."""
    lines = []
    for path in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(path.read_bytes())
        except OSError:
            continue
    return lines
