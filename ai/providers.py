"""Analysis providers: any OpenAI-compatible chat-completions API, and a rules analyser."""

from __future__ import annotations

import functools
import json
import os
import ssl
import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import openai
from django.conf import settings

from ai import eventloop
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


_clients = threading.local()


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context (the CA bundle read once) shared by every client of the process: a client
    building its own spends about 27 ms of CPU and a megabyte on it."""
    return httpx.create_ssl_context()


def _client(base_url: str, api_key: str) -> openai.AsyncOpenAI:
    """The calling thread's async client (and connection pool) for a provider and key, used only
    on the process's event loop (ai.eventloop). One per thread, not one shared: httpx's pool
    looks at every connection it holds on each request, so one pool of 500 connections cost
    more CPU than everything else an analysis does. max_retries=0: the LLM chain is the only
    retry owner (SDK x chain x task queue retries would multiply)."""
    if getattr(_clients, "pid", None) != os.getpid():  # a forked child starts afresh
        _clients.pid, _clients.by_provider = os.getpid(), {}
    key = (base_url, api_key)
    if key not in _clients.by_provider:
        _clients.by_provider[key] = openai.AsyncOpenAI(
            base_url=base_url,
            api_key=api_key,
            max_retries=0,
            http_client=openai.DefaultAsyncHttpxClient(verify=_tls()),
        )
    return _clients.by_provider[key]


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
        answer a few bytes at a time would pass every one of them. So the whole call, body
        included, runs under one deadline on the event loop, and is abandoned as a timeout
        once it passes.
        """
        try:
            client = _client(self._config.base_url, self._config.api_key)
            status_code, headers, body = eventloop.run(
                self._post(client, messages, timeout=timeout), timeout=timeout
            )
        except TimeoutError:
            request = httpx.Request("POST", f"{self._config.base_url}/chat/completions")
            raise openai.APITimeoutError(request=request) from None
        try:
            data = json.loads(body)
            message = data["choices"][0]["message"]
            usage = data.get("usage") or {}
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise MalformedReplyError(status_code) from error
        total_tokens = usage.get("total_tokens") if isinstance(usage, dict) else None
        return Completion(
            content=message.get("content") if isinstance(message, dict) else None,
            status_code=status_code,
            usage_tokens=total_tokens if isinstance(total_tokens, int) else None,
            provider_request_id=headers.get("x-request-id"),
        )

    async def _post(
        self, client: openai.AsyncOpenAI, messages: list[dict[str, str]], *, timeout: float
    ) -> tuple[int, httpx.Headers, bytes]:
        async with client.chat.completions.with_streaming_response.create(
            model=self.model,
            messages=messages,
            response_format={"type": "json_object"},
            temperature=0,
            timeout=timeout,
        ) as response:
            return response.status_code, response.headers, await response.read()


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
