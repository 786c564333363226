"""The LLM chain: retries, fallback, circuit breaker and output validation, under one deadline.

Our code is the only retry owner (every SDK client has `max_retries=0`). What an error means is
ai.attempts' one table. The deadline is the chain's own: each attempt's timeout is at most what
is left of it, and a reply body is read against it, so a provider that hangs or trickles is cut
off in time whatever pool the worker runs (a pool of threads enforces no task time limit).
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import openai

from ai.attempts import Attempt, Classification, Outcome, classify
from ai.breaker import CircuitBreaker
from ai.providers import Completion
from ai.schemas import Verdict, parse_verdict

logger = logging.getLogger(__name__)

# An attempt with less time than this left is not worth starting.
MIN_ATTEMPT_SECONDS = 0.05


class LLMProvider(Protocol):
    name: str
    model: str

    def complete(self, messages: list[dict[str, str]], *, timeout: float) -> Completion: ...


@dataclass
class ChainPolicy:
    deadline_seconds: float = 30.0
    attempt_timeout_seconds: float = 10.0
    max_attempts: int = 3  # per provider, for retryable failures
    max_reasks: int = 1  # per provider, for invalid output
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 8.0
    breaker_threshold: int = 5
    breaker_reset_seconds: float = 30.0


@dataclass
class ChainExhausted(Exception):
    """No provider produced a valid verdict; `outcomes` names the last outcome of each."""

    outcomes: dict[str, Outcome] = field(default_factory=dict)

    @property
    def only_bad_output(self) -> bool:
        answered = [
            outcome for outcome in self.outcomes.values() if outcome is not Outcome.BREAKER_OPEN
        ]
        return bool(answered) and all(outcome is Outcome.INVALID_OUTPUT for outcome in answered)


def backoff_delay(attempt: int, policy: ChainPolicy, rng: random.Random) -> float:
    """Exponential backoff with jitter, never 0: between half and all of base x 2^attempt."""
    ceiling = min(policy.backoff_max_seconds, policy.backoff_base_seconds * 2**attempt)
    return rng.uniform(ceiling / 2, ceiling)


class LLMChain:
    """Ask each provider in turn until one gives a valid verdict, within one deadline."""

    def __init__(
        self,
        providers: list[LLMProvider],
        *,
        policy: ChainPolicy,
        record: Callable[[Attempt], None] = lambda attempt: None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.providers = providers
        self.policy = policy
        self.record = record
        self.clock = clock
        self.sleep = sleep
        self.rng = rng or random.Random()  # noqa: S311 - jitter, not secrets

    def breaker_for(self, provider: LLMProvider) -> CircuitBreaker:
        return CircuitBreaker(
            provider.name,
            threshold=self.policy.breaker_threshold,
            reset_seconds=self.policy.breaker_reset_seconds,
            probe_ttl=self.policy.attempt_timeout_seconds + 5,
        )

    def run(self, messages: list[dict[str, str]]) -> tuple[Verdict, LLMProvider]:
        deadline = self.clock() + self.policy.deadline_seconds
        outcomes: dict[str, Outcome] = {}
        for provider in self.providers:
            if deadline - self.clock() < MIN_ATTEMPT_SECONDS:
                outcomes[provider.name] = Outcome.DEADLINE_EXCEEDED
                continue
            verdict, outcome = self._ask(provider, list(messages), deadline)
            if verdict is not None:
                return verdict, provider
            outcomes[provider.name] = outcome
        raise ChainExhausted(outcomes)

    def _ask(
        self, provider: LLMProvider, conversation: list[dict[str, str]], deadline: float
    ) -> tuple[Verdict | None, Outcome]:
        """One provider's turn: attempts, retries and re-asks until a verdict or an outcome."""
        breaker = self.breaker_for(provider)
        if not breaker.allow():
            self.record(Attempt(provider.name, provider.model, Outcome.BREAKER_OPEN))
            return None, Outcome.BREAKER_OPEN
        turn = _Turn(conversation)
        while True:
            remaining = deadline - self.clock()
            if remaining < MIN_ATTEMPT_SECONDS:
                breaker.release_probe()
                return None, Outcome.DEADLINE_EXCEEDED
            started = self.clock()
            timeout = min(self.policy.attempt_timeout_seconds, remaining)
            try:
                completion = provider.complete(turn.conversation, timeout=timeout)
            except openai.OpenAIError as error:
                ended = self._after_error(provider, breaker, turn, error, started, deadline)
                if ended is not None:
                    return None, ended
                continue
            verdict, ended = self._after_answer(provider, breaker, turn, completion, started)
            if ended is not None:
                return verdict, ended

    def _after_error(
        self,
        provider: LLMProvider,
        breaker: CircuitBreaker,
        turn: _Turn,
        error: openai.OpenAIError,
        started: float,
        deadline: float,
    ) -> Outcome | None:
        """Record a failed attempt; the turn's outcome, or None after waiting to try again."""
        kind = classify(error)
        self.record(
            Attempt(
                provider.name,
                provider.model,
                kind.outcome,
                status_code=getattr(error, "status_code", None),
                latency_ms=(self.clock() - started) * 1000,
                waited_ms=turn.waited * 1000,
                provider_request_id=getattr(error, "request_id", None),
                error_class=type(error).__name__,
            )
        )
        if kind.provider_failure:
            breaker.record_failure()
        else:
            breaker.release_probe()
        turn.failures += 1
        if not kind.retry or turn.failures >= self.policy.max_attempts:
            return kind.outcome
        wait = self._wait_before_retry(kind, turn.failures, deadline)
        if wait is None:
            return kind.outcome
        turn.waited = wait
        self.sleep(wait)
        # It may have opened meanwhile (or this was the half-open probe): then stop calling.
        return None if breaker.allow() else kind.outcome

    def _wait_before_retry(
        self, kind: Classification, failures: int, deadline: float
    ) -> float | None:
        """How long to wait before the next attempt, or None when it would not fit in time."""
        left = deadline - self.clock()
        if kind.retry_after is not None:
            # The provider's own wait, or none at all: moving on beats asking too early.
            if kind.retry_after > left - MIN_ATTEMPT_SECONDS:
                return None
            return max(kind.retry_after, 0.001)
        wait = min(backoff_delay(failures - 1, self.policy, self.rng), left)
        return wait if left - wait >= MIN_ATTEMPT_SECONDS else None

    def _after_answer(
        self,
        provider: LLMProvider,
        breaker: CircuitBreaker,
        turn: _Turn,
        completion: Completion,
        started: float,
    ) -> tuple[Verdict | None, Outcome | None]:
        """Record an answer; its verdict, or the turn's outcome, or (None, None) to re-ask."""
        breaker.record_success()  # it answered: the provider is up, whatever it said
        attempt = functools.partial(
            Attempt,
            provider.name,
            provider.model,
            status_code=completion.status_code,
            latency_ms=(self.clock() - started) * 1000,
            waited_ms=turn.waited * 1000,
            usage_tokens=completion.usage_tokens,
            provider_request_id=completion.provider_request_id,
        )
        try:
            verdict = parse_verdict(completion.content)
        except ValueError as problem:
            self.record(attempt(Outcome.INVALID_OUTPUT, error_class="InvalidOutput"))
            if turn.reasks >= self.policy.max_reasks:
                return None, Outcome.INVALID_OUTPUT
            turn.reask(completion.content, problem)
            return None, None
        self.record(attempt(Outcome.OK))
        return verdict, Outcome.OK


@dataclass
class _Turn:
    """What one provider's turn has been through so far."""

    conversation: list[dict[str, str]]
    failures: int = 0
    reasks: int = 0
    waited: float = 0.0  # seconds slept before the coming attempt

    def reask(self, content: Any, problem: ValueError) -> None:
        self.reasks += 1
        self.waited = 0.0
        self.conversation = [
            *self.conversation,
            {"role": "assistant", "content": str(content or "")[:4000]},
            {
                "role": "user",
                "content": f"That answer was invalid: {problem}. Reply again with only the "
                "JSON object in the required shape.",
            },
        ]
