"""What every response of the API must satisfy, whatever it was sent: a check for Schemathesis."""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from errors.base import CATALOGUE
from errors.openapi_components import ENVELOPE_COMPONENT, PROBLEM_COMPONENT, standalone

_ENVELOPE = jsonschema.Draft202012Validator(standalone(ENVELOPE_COMPONENT))
_PROBLEM = jsonschema.Draft202012Validator(standalone(PROBLEM_COMPONENT))


def request_id_and_envelope(ctx: Any, response: Any, case: Any) -> bool:
    """X-Request-ID on every response; every error in the envelope (or problem details when the
    client asked for them), with a catalogued code and the header's request id."""
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
    assert body["request_id"] == request_ids[0], "request_id differs from X-Request-ID"
    return True
