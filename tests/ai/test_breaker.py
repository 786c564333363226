"""The circuit breaker: shared in the cache, opens after N failures, one probe when half-open."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from ai.analyser import chain_policy
from ai.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker
from ai.llm import LLMChain
from ai.providers import configured_providers
from ai.schemas import deal_messages
from tests.ai.conftest import outcomes
from tests.ai.test_chain import run
from tests.fakes import openai_server as fake

pytestmark = pytest.mark.django_db


def primary_breaker() -> CircuitBreaker:
    return CircuitBreaker("primary", threshold=3, reset_seconds=30, probe_ttl=5)


def open_the_primary(primary, deal) -> LLMChain:
    """Three provider-side failures: the primary's breaker opens."""
    primary.set_default(fake.status(500))
    chain = LLMChain(configured_providers(), policy=chain_policy())
    for _ in range(3):
        chain.run(deal_messages(deal))
    return chain


@pytest.fixture
def breaker_settings(ai_settings):
    ai_settings.AI_BREAKER_THRESHOLD = 3
    ai_settings.AI_MAX_ATTEMPTS = 1
    return ai_settings


def test_after_n_failures_the_primary_gets_no_more_calls(
    breaker_settings, primary, fallback, deal
) -> None:
    open_the_primary(primary, deal)
    assert (primary.hits, fallback.hits) == (3, 3)
    breaker = primary_breaker()
    assert breaker.state() == OPEN
    analysis = run(deal)
    assert primary.hits == 3
    assert outcomes(analysis) == [("primary", "breaker_open"), ("fallback", "ok")]
    assert analysis.provider == "fallback"


def test_request_errors_and_bad_output_do_not_open_the_breaker(
    breaker_settings, primary, fallback, deal
) -> None:
    primary.script(*[fake.status(400)] * 3, *[fake.wrong_schema()] * 6)
    chain = LLMChain(configured_providers(), policy=chain_policy())
    for _ in range(6):
        chain.run(deal_messages(deal))
    assert primary_breaker().state() == CLOSED


def test_a_success_resets_the_failure_count(breaker_settings, primary, fallback, deal) -> None:
    primary.script(
        fake.status(500), fake.status(500), fake.ok(), fake.status(500), fake.status(500)
    )
    chain = LLMChain(configured_providers(), policy=chain_policy())
    for _ in range(5):
        chain.run(deal_messages(deal))
    assert primary_breaker().state() == CLOSED


def test_after_the_reset_time_ten_concurrent_calls_send_exactly_one_probe(
    breaker_settings, primary, fallback, deal
) -> None:
    open_the_primary(primary, deal)
    primary.reset()
    primary.set_default(fake.ok(delay=0.5))  # the probe is still in flight while the others ask
    messages = deal_messages(deal)
    results: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(10)

    def call() -> None:
        barrier.wait()
        _, provider = LLMChain(configured_providers(), policy=chain_policy()).run(messages)
        with lock:
            results.append(provider.name)

    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=True):
        assert primary_breaker().state() == HALF_OPEN
        threads = [threading.Thread(target=call) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert primary.hits == 1
        assert sorted(results) == ["fallback"] * 9 + ["primary"]
        assert primary_breaker().state() == CLOSED


def test_a_failed_probe_reopens_the_breaker(breaker_settings, primary, fallback, deal) -> None:
    chain = open_the_primary(primary, deal)
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=False):
        chain.run(deal_messages(deal))
        assert primary.hits == 4
        breaker = primary_breaker()
        assert breaker.state() == OPEN
        chain.run(deal_messages(deal))
        assert primary.hits == 4


def test_breaker_state_is_shared_through_the_cache(breaker_settings) -> None:
    first = CircuitBreaker("shared", threshold=2, reset_seconds=30, probe_ttl=5)
    second = CircuitBreaker("shared", threshold=2, reset_seconds=30, probe_ttl=5)
    first.record_failure()
    second.record_failure()
    assert first.state() == second.state() == OPEN
    assert not second.allow()
    first.record_success()
    assert second.allow()


def test_a_half_open_probe_gets_exactly_one_attempt(
    breaker_settings, primary, fallback, deal
) -> None:
    open_the_primary(primary, deal)
    breaker_settings.AI_MAX_ATTEMPTS = 3
    probing = LLMChain(configured_providers(), policy=chain_policy())
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=False):
        _, provider = probing.run(deal_messages(deal))
    assert primary.hits == 4
    assert provider.name == "fallback"


def test_with_the_cache_unreachable_failures_are_not_counted_and_calls_go_through(
    breaker_settings, primary, fallback, deal
) -> None:
    from tests.support.server import unreachable_redis_cache

    breaker_settings.CACHES = unreachable_redis_cache()
    open_the_primary(primary, deal)
    assert primary_breaker().state() == CLOSED
    primary.set_default(fake.ok())
    analysis = run(deal)
    assert primary.hits == 4
    assert analysis.provider == "primary"
