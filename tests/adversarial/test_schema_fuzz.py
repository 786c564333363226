"""Schemathesis against a live deployment (gunicorn, a Celery worker, PostgreSQL, Redis), driven
by the API's own OpenAPI document and authenticated as a registered user.

Every operation gets the schema's examples, its boundary cases and random inputs, valid and
invalid; then sequences of linked calls (create a deal, read it, patch it, analyse it...). No
answer may be a 5xx, every status must be one the document lists for the operation, every body
must match the documented schema, and every response must carry X-Request-ID, every error the
envelope. Afterwards the ledger must reconcile and no analysis or hold may be left open.

`FUZZ_MAX_EXAMPLES` (default 15) and `FUZZ_STATEFUL_SCENARIOS` (default 15) bound the run;
`make fuzz` runs it longer.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from hypothesis.errors import Flaky
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.adversarial.checks import request_id_and_envelope
from tests.support.server import wait_until
from tests.support.stack import Stack

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "15"))
STATEFUL_SCENARIOS = int(os.environ.get("FUZZ_STATEFUL_SCENARIOS", "15"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    request_id_and_envelope,
]
# The limits stay on, so their code runs on every request, but high enough that the fuzzer is
# not answered 429 for most of its run.
GENEROUS_LIMITS = {
    f"RATE_LIMIT_{scope}": "1000000/minute"
    for scope in ("ANON", "USER", "LOGIN", "LOGIN_IP", "REGISTER", "DEDUCT", "ANALYSIS")
}


@pytest.fixture(scope="module")
def fuzz_stack() -> Iterator[Stack]:
    stack = Stack(
        "fuzz",
        {**GENEROUS_LIMITS, "LOG_LEVEL": "WARNING", "JWT_ACCESS_TTL_SECONDS": "86400"},
        worker_concurrency=2,
    )
    try:
        yield stack
    finally:
        stack.close()


def _served_document() -> dict:
    """The OpenAPI document /api/v1/schema serves, built in-process at collection time (Schemathesis
    makes one test per operation before any server runs); a test below compares it with the
    live server's."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


DOCUMENT = _served_document()
schema = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=schemathesis.Config.from_dict(
        {
            "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "database": "none"},
            "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}},
            "request-timeout": 30,
        }
    ),
)
FUZZ_SETTINGS = settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def fuzz_token(fuzz_stack: Stack) -> str:
    return fuzz_stack.register("fuzzer@example.com")


def test_the_live_server_serves_the_document_being_fuzzed(fuzz_stack: Stack) -> None:
    served = fuzz_stack.call(
        "GET", "/api/v1/schema", headers={"Accept": "application/vnd.oai.openapi+json"}
    )
    assert served.body == DOCUMENT


@schema.parametrize()
@FUZZ_SETTINGS
def test_every_operation_answers_within_its_documented_contract(
    case, fuzz_stack: Stack, fuzz_token: str
) -> None:
    case.call_and_validate(
        base_url=fuzz_stack.base_url,
        headers={"Authorization": f"Bearer {fuzz_token}"},
        checks=CHECKS,
    )


def test_linked_sequences_of_calls_answer_within_the_contract(
    fuzz_stack: Stack, fuzz_token: str
) -> None:
    failures: list[str] = []
    scenarios = 0

    class Workflow(schema.as_state_machine()):
        def setup(self) -> None:
            nonlocal scenarios
            scenarios += 1

        def get_call_kwargs(self, case) -> dict:
            return {
                "base_url": fuzz_stack.base_url,
                "headers": {"Authorization": f"Bearer {fuzz_token}"},
            }

        def validate_response(self, response, case, additional_checks=None, **kwargs) -> None:
            try:
                case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)
            except Exception as failure:
                failures.append(f"{case.method} {case.formatted_path}: {failure}")
                raise

    # The server's state moves on between scenarios, so what a replayed prefix draws can differ
    # and Hypothesis calls the strategy flaky. Like Schemathesis's own runner: start a fresh
    # session then, and report a failed check as it was first seen (no replay, no shrinking).
    for _session in range(20):
        try:
            Workflow.run(
                settings=settings(
                    FUZZ_SETTINGS,
                    max_examples=max(1, STATEFUL_SCENARIOS - scenarios),
                    stateful_step_count=8,
                    phases=[Phase.generate],
                )
            )
        except Flaky:
            if failures:
                break
        except Exception:
            if failures:
                break
            raise
        if failures or scenarios >= STATEFUL_SCENARIOS:
            break
    assert not failures, failures[0]
    assert scenarios >= STATEFUL_SCENARIOS


def test_after_the_fuzzing_nothing_is_lost_or_left_open(fuzz_stack: Stack) -> None:
    """Runs last in this module: every analysis the fuzzer asked for ends, and the money adds up."""
    invariants = wait_until(
        lambda: (found := fuzz_stack.invariants()).active_analyses == 0 and found,
        timeout=60,
        what="the analyses the fuzzer queued to finish",
    )
    assert invariants.hold, invariants
