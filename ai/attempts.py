"""One call to a provider: how it ended (its Outcome), and the one table of what a provider's
error means: retried on the same provider, or the next provider at once, and whether it counts
against the provider's breaker."""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import openai


class Outcome(StrEnum):
    OK = "ok"
    INVALID_OUTPUT = "invalid_output"
    SERVER_ERROR = "server_error"
    RATE_LIMITED = "rate_limited"
    QUOTA_EXHAUSTED = "quota_exhausted"
    TIMEOUT = "timeout"
    CONNECTION_ERROR = "connection_error"
    REQUEST_ERROR = "request_error"
    BREAKER_OPEN = "breaker_open"
    DEADLINE_EXCEEDED = "deadline_exceeded"


@dataclass(frozen=True)
class Classification:
    outcome: Outcome
    retry: bool  # worth another attempt on the same provider
    provider_failure: bool  # counts against the provider's breaker
    retry_after: float | None = None  # seconds the provider asked us to wait


RETRYABLE_STATUSES = {408, 409, 429}


def _retry_after(headers: Any) -> float | None:
    """`retry-after-ms`, or `Retry-After` in seconds or as an HTTP date; None when absent."""
    if headers is None:
        return None
    milliseconds = headers.get("retry-after-ms")
    if milliseconds:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _is_quota_exhausted(error: openai.APIStatusError) -> bool:
    markers = {error.code, error.type}
    body = error.body
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        markers |= {body["error"].get("code"), body["error"].get("type")}
    return "insufficient_quota" in markers


def classify(error: Exception) -> Classification:
    """The one table of what a provider error means."""
    if isinstance(error, openai.APITimeoutError):
        return Classification(Outcome.TIMEOUT, retry=True, provider_failure=True)
    if isinstance(error, openai.APIConnectionError):
        return Classification(Outcome.CONNECTION_ERROR, retry=True, provider_failure=True)
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        if status == 429 and _is_quota_exhausted(error):
            return Classification(Outcome.QUOTA_EXHAUSTED, retry=False, provider_failure=True)
        if status in RETRYABLE_STATUSES or status >= 500:
            outcome = Outcome.RATE_LIMITED if status == 429 else Outcome.SERVER_ERROR
            return Classification(
                outcome,
                retry=True,
                provider_failure=True,
                retry_after=_retry_after(error.response.headers),
            )
        return Classification(Outcome.REQUEST_ERROR, retry=False, provider_failure=False)
    # A 200 whose body is not the API's JSON, or a reply without a usable message.
    return Classification(Outcome.INVALID_OUTPUT, retry=False, provider_failure=False)


@dataclass(frozen=True)
class Attempt:
    """One HTTP attempt (or one refused by the breaker), as stored in LLMAttempt."""

    provider: str
    model: str
    outcome: Outcome
    status_code: int | None = None
    latency_ms: float = 0.0
    waited_ms: float = 0.0
    usage_tokens: int | None = None
    provider_request_id: str | None = None
    error_class: str = ""
