"""Loaded by Schemathesis (SCHEMATHESIS_HOOKS) when the suite fuzzes the live API: two checks of
our own beside every built-in one (the envelope; the built-in acceptance of valid data, which it
replaces, with each state-dependent refusal named by its code), and one hook that makes the
fuzzer use Idempotency-Key and list cursors as a client does."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import jsonschema
import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

import errors.exceptions  # noqa: F401 - fills the catalogue the check reads
from api.components import ENVELOPE_COMPONENT, PROBLEM_COMPONENT, SCHEMAS
from errors.base import CATALOGUE

# The contract's Idempotency-Key: 1 to 255 characters (this module runs without Django set up).
HEADER, MAX_KEY_LENGTH = "Idempotency-Key", 255
# The document's pattern for `cursor` (api/pagination.py's CURSOR_PATTERN).
CURSOR = re.compile(r"^[A-Za-z0-9_:-]{1,200}$")


def standalone(name: str) -> dict[str, Any]:
    """Component `name` with the components it refers to, for a JSON Schema validator."""
    return {"$ref": f"#/components/schemas/{name}", "components": {"schemas": SCHEMAS}}


_ENVELOPE = jsonschema.Draft202012Validator(standalone(ENVELOPE_COMPONENT))
_PROBLEM = jsonschema.Draft202012Validator(standalone(PROBLEM_COMPONENT))


@schemathesis.check
def request_id_and_envelope(ctx: Any, response: Any, case: Any) -> bool:
    """X-Request-ID on every response; every error in the envelope (or problem details when the
    client asked for them), with a catalogued code that the operation's answer lists in its
    `x-error-codes`, and the header's request id."""
    request_ids = response.headers.get("x-request-id") or []
    assert len(request_ids) == 1, f"X-Request-ID is missing or repeated: {request_ids}"
    assert request_ids[0], "X-Request-ID is empty"
    if response.status_code < 400:
        return True
    content_type = (response.headers.get("content-type") or [""])[0]
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"error body is not JSON ({content_type})") from None
    validator = _PROBLEM if content_type.startswith("application/problem+json") else _ENVELOPE
    problems = [error.message for error in validator.iter_errors(body)]
    assert not problems, f"error body is not the envelope: {problems}"
    assert body["code"] in CATALOGUE, f"{body['code']} is not in the catalogue"
    if case.method.upper() == case.operation.method.upper():  # not a method the path lacks (405)
        responses = case.operation.definition.raw.get("responses", {})
        listed = responses.get(str(response.status_code), {}).get("x-error-codes", [])
        assert body["code"] in listed, f"{body['code']} is not in the x-error-codes {listed}"
    assert body["request_id"] == request_ids[0], "request_id differs from X-Request-ID"
    return True


# The refusals a request valid by the schema may still meet, each named by its code (and, for a
# VALIDATION_ERROR, by the fields it may name). No status is exempt anywhere.
STATE_DEPENDENT: dict[str, dict[str, set[str] | None]] = {
    # The balance decides, not the request: the fuzzer's account runs low as it spends.
    "deals_analyse": {"TOKEN_INSUFFICIENT_BALANCE": None},
    "tokens_deduct": {"TOKEN_INSUFFICIENT_BALANCE": None},
    # original_price must be above the price, sent or stored: a rule between two fields.
    "deals_create": {"VALIDATION_ERROR": {"original_price"}},
    "deals_update": {"VALIDATION_ERROR": {"original_price"}},
    "deals_partial_update": {"VALIDATION_ERROR": {"original_price"}},
    # A commonly used password, or one too like the email or name (Django's password checks).
    "register": {"VALIDATION_ERROR": {"password"}},
    # The fuzzer cannot know the current password; the new one meets the same checks.
    "password_change": {"VALIDATION_ERROR": {"current_password", "new_password"}},
    # Which schemes and addresses a webhook may use is the deployment's setting
    # (WEBHOOKS_ALLOW_HTTP, WEBHOOKS_ALLOW_PRIVATE), which the document's pattern cannot state.
    # ... and a user may have 20 endpoints at most.
    "webhooks_endpoints_create": {"VALIDATION_ERROR": {"url", "endpoints"}},
    "webhooks_endpoints_partial_update": {"VALIDATION_ERROR": {"url"}},
}


@schemathesis.check
def positive_data_acceptance_by_code(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schemathesis's own positive_data_acceptance on every operation, with its default statuses
    (the run excludes the built-in, which this replaces): a request valid by the schema is
    accepted, or refused with one of the codes STATE_DEPENDENT names for its operation."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        refusals = STATE_DEPENDENT.get(case.operation.definition.raw.get("operationId"), {})
        body = json.loads(response.content)
        if body.get("code") not in refusals:
            raise
        fields = refusals[body["code"]]
        if fields is not None and not set(body.get("details") or {}) <= fields:
            raise
        return True


@schemathesis.hook
def before_call(ctx: Any, case: Any, **kwargs: Any) -> None:
    """A client makes a new Idempotency-Key for each new operation; the fuzzer draws short keys
    like "0" again and again for unrelated calls, and a repeat rightly replays the first answer
    (a deal since deleted, say). A valid key is made unique; an invalid one is sent as drawn."""
    headers = case.headers or {}
    key = headers.get(HEADER)
    if isinstance(key, str) and 1 <= len(key) <= MAX_KEY_LENGTH:
        headers[HEADER] = uuid.uuid4().hex
    # The document says only a cursor the server issued is valid (it is signed), which no fuzzer
    # can draw: one valid by the pattern is left out (the first page), an invalid one is sent as
    # drawn and must be a 400 naming it. tests/config/test_cursor_pages.py tries real ones.
    query = case.query or {}
    cursor = query.get("cursor")
    if isinstance(cursor, str) and CURSOR.fullmatch(cursor):
        del query["cursor"]
