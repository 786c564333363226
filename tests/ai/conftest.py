"""Fake providers on loopback, fast AI settings, and a funded user with a deal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from ai.models import Analysis, LLMAttempt
from deals.models import Deal
from tests.fakes.openai_server import FakeOpenAI
from tests.tokens.conftest import balance_of, reconciled

__all__ = ["balance_of", "reconciled"]


@pytest.fixture
def primary() -> Iterator[FakeOpenAI]:
    with FakeOpenAI("primary") as server:
        yield server


@pytest.fixture
def fallback() -> Iterator[FakeOpenAI]:
    with FakeOpenAI("fallback") as server:
        yield server


@pytest.fixture
def ai_settings(settings: Any, primary: FakeOpenAI, fallback: FakeOpenAI) -> Any:
    settings.AI_PRIMARY_BASE_URL = primary.base_url
    settings.AI_PRIMARY_API_KEY = "sk-test-primary-key-000000"
    settings.AI_PRIMARY_MODEL = "primary-model"
    settings.AI_FALLBACK_BASE_URL = fallback.base_url
    settings.AI_FALLBACK_API_KEY = "sk-test-fallback-key-000000"
    settings.AI_FALLBACK_MODEL = "fallback-model"
    settings.AI_RULES_FALLBACK = False
    settings.AI_DEADLINE_SECONDS = 4.0
    settings.AI_ATTEMPT_TIMEOUT_SECONDS = 1.0
    settings.AI_MAX_ATTEMPTS = 3
    settings.AI_MAX_REASKS = 1
    settings.AI_BACKOFF_BASE_SECONDS = 0.01
    settings.AI_BACKOFF_MAX_SECONDS = 0.05
    settings.AI_BREAKER_THRESHOLD = 50
    settings.AI_BREAKER_RESET_SECONDS = 30.0
    settings.AI_ANALYSIS_COST = 5
    cache.delete_many(
        [
            f"ai:breaker:{name}:{part}"
            for name in ("primary", "fallback")
            for part in ("failures", "open_until", "probe")
        ]
    )
    return settings


@pytest.fixture
def deal(funded_user) -> Deal:
    user = funded_user(100)
    return Deal.objects.create(
        owner=user,
        title="Noise-cancelling headphones",
        price="199.99",
        original_price="349.00",
        currency="EUR",
        category="electronics",
        url="https://shop.example/headphones",
    )


def outcomes(analysis: Analysis) -> list[tuple[str, str]]:
    return list(LLMAttempt.objects.filter(analysis=analysis).values_list("provider", "outcome"))
