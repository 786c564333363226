"""Analysis providers: any OpenAI-compatible chat-completions API, and a rules analyser."""

from __future__ import annotations

import functools
import json
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openai
from django.conf import settings

from ai.schemas import Verdict


@dataclass(frozen=True)
class Completion:
    """What one successful HTTP call brought back, before validation."""

    content: str | None  # whatever the provider put there; validation decides
    status_code: int
    usage_tokens: int | None
    provider_request_id: str | None


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    base_url: str
    api_key: str
    model: str


@functools.cache
def _client(base_url: str, api_key: str) -> openai.OpenAI:
    """One client (and connection pool) per provider and key, reused across calls. max_retries=0:
    the LLM chain is the only retry owner (SDK x chain x task queue retries would multiply)."""
    return openai.OpenAI(base_url=base_url, api_key=api_key, max_retries=0)


class MalformedReplyError(openai.OpenAIError):
    """A 2xx reply whose body is not the API's JSON (the SDK lets a bare ValueError out)."""

    def __init__(self, status_code: int | None) -> None:
        super().__init__("The provider's reply body is not valid JSON.")
        self.status_code = status_code


class OpenAICompatibleProvider:
    """A chat-completions provider reached through the `openai` SDK."""

    def __init__(self, config: ProviderConfig) -> None:
        self.name = config.name
        self.model = config.model
        self._config = config

    def complete(self, messages: list[dict[str, str]], *, timeout: float) -> Completion:
        """One HTTP call that ends within `timeout` of wall-clock time. Raises the SDK's errors
        (the chain classifies them).

        The SDK's timeout bounds each phase (connect, each read); a provider trickling its
        answer a few bytes at a time would pass every one of them. So the body is read in
        chunks against a deadline, and the call is abandoned as a timeout once it passes.
        """
        deadline = time.monotonic() + timeout
        with _client(
            self._config.base_url, self._config.api_key
        ).chat.completions.with_streaming_response.create(
            model=self.model,
            messages=messages,
            response_format={"type": "json_object"},
            temperature=0,
            timeout=timeout,
        ) as response:
            chunks = []
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise openai.APITimeoutError(request=response.http_request)
            status_code = response.status_code
            provider_request_id = response.headers.get("x-request-id")
        try:
            data = json.loads(b"".join(chunks))
            message = data["choices"][0]["message"]
            usage = data.get("usage") or {}
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise MalformedReplyError(status_code) from error
        total_tokens = usage.get("total_tokens") if isinstance(usage, dict) else None
        return Completion(
            content=message.get("content") if isinstance(message, dict) else None,
            status_code=status_code,
            usage_tokens=total_tokens if isinstance(total_tokens, int) else None,
            provider_request_id=provider_request_id,
        )


def configured_providers() -> list[OpenAICompatibleProvider]:
    """The primary and fallback LLMs that have a base URL and a model, in that order."""
    providers = []
    for name, prefix in (("primary", "AI_PRIMARY"), ("fallback", "AI_FALLBACK")):
        base_url = getattr(settings, f"{prefix}_BASE_URL")
        model = getattr(settings, f"{prefix}_MODEL")
        if base_url and model:
            config = ProviderConfig(
                name=name,
                base_url=base_url,
                api_key=getattr(settings, f"{prefix}_API_KEY") or "not-needed",
                model=model,
            )
            providers.append(OpenAICompatibleProvider(config))
    return providers


class RulesProvider:
    """A deterministic analyser with no network: discount, price band and category heuristics.

    The embedded default when no LLM is configured, and the last resort (marked degraded) when
    every LLM failed.
    """

    name = "rules"
    model = "rules-v1"

    # How much a discount in the category tends to matter: fast-moving goods discount often.
    _CATEGORY_WEIGHT = {
        "electronics": 1.1,
        "fashion": 0.8,
        "home": 1.0,
        "toys": 0.9,
        "books": 0.8,
        "sports": 1.0,
        "automotive": 1.1,
        "health": 1.0,
        "beauty": 0.8,
        "grocery": 0.7,
        "other": 0.9,
    }

    def analyse(self, deal: Any) -> Verdict:
        price = Decimal(deal.price)
        original = Decimal(deal.original_price) if deal.original_price else None
        discount = float((original - price) / original * 100) if original else 0.0
        weight = self._CATEGORY_WEIGHT.get(deal.category, 0.9)
        band = "budget" if price < 50 else "mid-range" if price < 500 else "premium"
        score = 35 + discount * 1.1 * weight + (5 if band == "budget" else 0)
        score = max(0, min(100, round(score)))
        verdict = "buy" if score >= 70 else "wait" if score >= 45 else "skip"
        pros, cons = [], []
        if discount >= 30:
            pros.append(f"{discount:.0f}% below the original price")
        elif discount > 0:
            pros.append(f"Modest discount of {discount:.0f}%")
        else:
            cons.append("No reference price to judge the discount")
        if band == "premium":
            cons.append("Premium price band: compare alternatives before buying")
        if band == "budget":
            pros.append("Low absolute price")
        summary = (
            f"A {band} {deal.category} deal at {price} {deal.currency}"
            + (f", {discount:.0f}% off." if discount > 0 else ".")
            + " Judged by price rules only."
        )
        return Verdict(
            score=score,
            verdict=verdict,
            summary=summary,
            pros=pros,
            cons=cons,
            confidence=0.55 if original else 0.35,
        )
