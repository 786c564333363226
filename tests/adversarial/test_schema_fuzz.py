"""Schemathesis, every check on, against a live deployment (gunicorn, a Celery worker, PostgreSQL,
Redis), driven by the API's served OpenAPI document and authenticated as a registered user.

Its command line runs as a client author would run it, with the project's `schemathesis.toml`:
every operation gets the schema's examples, its boundary cases and random inputs, valid and
invalid, then sequences of calls along the document's links. Nothing may fail: no 5xx; every
status, header and body as documented; a request valid by the schema accepted (but for the few
state-dependent answers the config file names, each with its reason) and an invalid one refused;
X-Request-ID on every response and every error in the envelope (tests/adversarial/
schemathesis_hooks.py). Afterwards the ledger must reconcile and no analysis or hold may be open.

`FUZZ_MAX_EXAMPLES` (default 40) bounds the run; `FUZZ_SEED` fixes its randomness (`make test`
uses a fixed seed, `make fuzz` a new one each time and more examples).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from errors.base import CATALOGUE
from tests.support.server import wait_until
from tests.support.stack import Stack

ROOT = Path(__file__).resolve().parents[2]
MAX_EXAMPLES = os.environ.get("FUZZ_MAX_EXAMPLES", "40")
SEED = os.environ.get("FUZZ_SEED", "20261201")
# The limits stay on, so their code runs on every request, but high enough that the fuzzer is
# not answered 429 for most of its run; enough tokens that analyses run rather than answer 402.
GENEROUS = {
    **{
        f"RATE_LIMIT_{scope}": "1000000/minute"
        for scope in (
            "ANON",
            "USER",
            "LOGIN",
            "LOGIN_ACCOUNT",
            "LOGIN_IP",
            "REGISTER",
            "DEDUCT",
            "ANALYSIS",
            "CLIENT_ERRORS",
        )
    },
    "SIGNUP_BONUS_TOKENS": "100000",
}


@pytest.fixture(scope="module")
def fuzz_stack() -> Iterator[Stack]:
    stack = Stack(
        "fuzz",
        {**GENEROUS, "LOG_LEVEL": "WARNING", "JWT_ACCESS_TTL_SECONDS": "86400"},
        worker_concurrency=2,
    )
    try:
        yield stack
    finally:
        stack.close()


def test_the_live_server_serves_the_document_the_suite_describes(fuzz_stack: Stack) -> None:
    served = fuzz_stack.call(
        "GET", "/api/v1/schema", headers={"Accept": "application/vnd.oai.openapi+json"}
    )
    built = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
    assert served.body == built


def test_schemathesis_with_every_check_finds_nothing(fuzz_stack: Stack) -> None:
    token = fuzz_stack.register("fuzzer@example.com")
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{fuzz_stack.base_url}/api/v1/schema",
        "--checks",
        "all",
        # Run as positive_data_acceptance_by_code (schemathesis_hooks), with refusals named by code.
        "--exclude-checks",
        "positive_data_acceptance",
        "--max-examples",
        MAX_EXAMPLES,
        "--workers",
        "1",
    ]
    if SEED:
        command += ["--seed", SEED]
    run = subprocess.run(  # noqa: S603 - a fixed command line of our own
        command,
        cwd=ROOT,  # where schemathesis.toml is
        env={
            **os.environ,
            "SCHEMATHESIS_HOOKS": "tests.adversarial.schemathesis_hooks",
            "FUZZ_TOKEN": token,
        },
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = run.stdout[-12_000:]
    assert run.returncode == 0, report
    operations = sum(
        1
        for methods in SchemaGenerator().get_schema(public=True)["paths"].values()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    )
    assert f"Tested: {operations}" in report, report
    assert "✅ Stateful" in report, report  # links were followed, and nothing failed there


def test_after_the_fuzzing_nothing_is_lost_or_left_open(fuzz_stack: Stack) -> None:
    """Runs last in this module: every analysis the fuzzer asked for ends, and the money adds up."""
    invariants = wait_until(
        lambda: (found := fuzz_stack.invariants()).active_analyses == 0 and found,
        timeout=60,
        what="the analyses the fuzzer queued to finish",
    )
    assert invariants.hold, invariants


def test_the_fuzzing_config_exempts_no_status_and_names_each_refusal_by_code() -> None:
    import tomllib

    from tests.adversarial.schemathesis_hooks import STATE_DEPENDENT

    config = tomllib.loads((ROOT / "schemathesis.toml").read_text())
    assert "operations" not in config
    assert "checks" not in config
    assert all(code in CATALOGUE for refusals in STATE_DEPENDENT.values() for code in refusals)
