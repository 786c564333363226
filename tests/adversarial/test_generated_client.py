"""A client author's day: generate a Python client from the live server's OpenAPI document with
openapi-python-client (warnings are failures), then do everything through that client alone, the
way its users would: no raw HTTP, no patched model, no workaround.

The stack is real (gunicorn, a Celery worker, PostgreSQL, Redis); analyses run on the rules
fallback, as a deployment with no provider configured does."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from standardwebhooks import Webhook

from tests.fakes.webhook_receiver import FakeReceiver
from tests.support.server import wait_until
from tests.support.stack import Stack

PACKAGE = "agentic_deals_api_client"
PASSWORD = "generated-client-password-2026"
BONUS = 100
COST = 5


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    stack = Stack(
        "generated-client",
        {
            "SIGNUP_BONUS_TOKENS": str(BONUS),
            "AI_ANALYSIS_COST": str(COST),
            "LOG_LEVEL": "WARNING",
            # Webhooks to a receiver on loopback, over http, as in development.
            "WEBHOOKS_ALLOW_HTTP": "true",
            "WEBHOOKS_ALLOW_PRIVATE": "true",
        },
    )
    try:
        yield stack
    finally:
        stack.close()


@pytest.fixture(scope="module")
def generated(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The package openapi-python-client writes from the served document, imported."""
    where = tmp_path_factory.mktemp("generated")
    document = stack.call(
        "GET", "/api/v1/schema", headers={"Accept": "application/vnd.oai.openapi+json"}
    )
    assert document.status == 200
    schema = where / "openapi.json"
    schema.write_bytes(_json_bytes(document.body))
    bin_dir = Path(sys.executable).parent
    run = subprocess.run(  # noqa: S603 - a fixed command line of our own
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(schema),
            "--meta",
            "none",
            "--output-path",
            str(where / PACKAGE),
            "--fail-on-warning",
        ],
        cwd=where,
        # Its post-generation hook formats the code with ruff, a dev dependency beside it.
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(where))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def _json_bytes(body: Any) -> bytes:
    return json.dumps(body).encode()


class Api:
    """The generated modules, by the names a client author would import."""

    def __init__(self, package: ModuleType) -> None:
        def load(name: str) -> ModuleType:
            return importlib.import_module(f"{package.__name__}.{name}")

        self.client = load("client")
        self.models = load("models")
        self.types = load("types")
        for module in (
            "auth.register",
            "auth.token_obtain",
            "auth.me",
            "deals.deals_create",
            "deals.deals_list",
            "deals.deals_retrieve",
            "deals.deals_partial_update",
            "deals.deals_destroy",
            "analyses.deals_analyse",
            "analyses.deals_analyses_list",
            "analyses.analyses_list",
            "analyses.analyses_retrieve",
            "tokens.tokens_balance",
            "tokens.tokens_transactions",
            "tokens.tokens_deduct",
            "webhooks.webhooks_endpoints_create",
            "webhooks.webhooks_deliveries_list",
        ):
            setattr(self, module.split(".")[1], load(f"api.{module}"))


def _signed_in(api: Api, base_url: str, email: str, **options: Any) -> Any:
    anonymous = api.client.Client(base_url=base_url, **options)
    registered = api.register.sync_detailed(
        client=anonymous,
        body=api.models.RegisterRequest(email=email, password=PASSWORD, name="Client Author"),
    )
    assert registered.status_code == 201, registered.content
    assert isinstance(registered.parsed, api.models.User)
    pair = api.token_obtain.sync_detailed(
        client=anonymous, body=api.models.TokenObtainRequest(email=email, password=PASSWORD)
    )
    assert isinstance(pair.parsed, api.models.TokenPair), pair.content
    return api.client.AuthenticatedClient(
        base_url=base_url, token=pair.parsed.access, raise_on_unexpected_status=True, **options
    )


def test_the_whole_flow_through_the_generated_client(stack: Stack, generated: ModuleType) -> None:
    api = Api(generated)
    models = api.models
    client = _signed_in(api, stack.base_url, "author@example.com")
    me = api.me.sync(client=client)
    assert me.email == "author@example.com"

    created = api.deals_create.sync_detailed(
        client=client,
        body=models.DealRequest(
            title="Espresso machine",
            price="249.00",
            original_price="399.00",
            currency=models.CurrencyEnum.EUR,
            category=models.CategoryEnum.HOME,
            description="Dual boiler",
            url="https://shop.example.com/espresso",
        ),
    )
    assert created.status_code == 201, created.content
    deal = created.parsed
    assert isinstance(deal, models.Deal)
    assert deal.discount_percent == 37.6
    assert created.headers["Location"].endswith(f"/api/v1/deals/{deal.id}")
    assert created.headers["ETag"] == f'"{deal.version}"'

    listed = api.deals_list.sync(client=client, category=models.CategoryEnum.HOME)
    assert [item.id for item in listed.results] == [deal.id]

    # PATCH of the title alone: the generated model sends only what was set.
    patched = api.deals_partial_update.sync_detailed(
        deal.id,
        client=client,
        body=models.PatchedDealUpdateRequest(title="Espresso machine, used", version=deal.version),
    )
    assert patched.status_code == 200, patched.content
    after = patched.parsed
    assert after.title == "Espresso machine, used"
    assert (after.currency, after.category) == (models.CurrencyEnum.EUR, models.CategoryEnum.HOME)
    assert (after.description, after.url) == ("Dual boiler", "https://shop.example.com/espresso")
    assert (after.price, after.original_price) == ("249.00", "399.00")
    assert after.version == deal.version + 1

    stale = api.deals_partial_update.sync_detailed(
        deal.id,
        client=client,
        body=models.PatchedDealUpdateRequest(price="199.00", version=deal.version),
    )
    assert stale.status_code == 409
    # Typed by its code: the class of CONFLICT_VERSION_MISMATCH, its details their own class.
    assert isinstance(stale.parsed, models.ConflictVersionMismatchError)
    assert stale.parsed.code == "CONFLICT_VERSION_MISMATCH"
    assert isinstance(stale.parsed.details, models.VersionMismatchDetails)
    assert stale.parsed.details.current_version == after.version
    assert stale.headers["X-Request-ID"] == stale.parsed.request_id
    assert api.deals_retrieve.sync(deal.id, client=client).price == "249.00"

    _analyse_and_find_it(api, client, deal.id)
    _spend_and_be_refused(api, client)


def _analyse_and_find_it(api: Api, client: Any, deal_id: int) -> None:
    models = api.models
    key = str(uuid.uuid4())
    queued = api.deals_analyse.sync_detailed(deal_id, client=client, idempotency_key=key)
    assert queued.status_code == 202, queued.content
    assert isinstance(queued.parsed, models.AnalysisQueued)
    assert queued.headers["Location"].endswith(f"/api/v1/analyses/{queued.parsed.id}")
    replayed = api.deals_analyse.sync_detailed(deal_id, client=client, idempotency_key=key)
    assert replayed.parsed.id == queued.parsed.id
    assert replayed.headers["Idempotent-Replayed"] == "true"

    def finished() -> Any:
        analysis = api.analyses_retrieve.sync(queued.parsed.id, client=client)
        return analysis if analysis.status.value in {"succeeded", "failed"} else None

    analysis = wait_until(finished, timeout=60, what="the analysis to finish")
    assert analysis.status == models.AnalysisStatusEnum.SUCCEEDED
    assert isinstance(analysis.result, models.AnalysisResult)
    assert analysis.error is None
    assert analysis.cost == COST

    of_deal = api.deals_analyses_list.sync(deal_id, client=client)
    assert [item.id for item in of_deal.results] == [analysis.id]
    mine = api.analyses_list.sync(
        client=client, deal=deal_id, status=models.AnalysisStatusEnum.SUCCEEDED
    )
    assert [item.id for item in mine.results] == [analysis.id]


def _spend_and_be_refused(api: Api, client: Any) -> None:
    models = api.models
    balance = api.tokens_balance.sync(client=client)
    assert (balance.balance, balance.held, balance.available) == (BONUS - COST, 0, BONUS - COST)

    spent = api.tokens_deduct.sync_detailed(
        client=client,
        body=models.DeductRequest(
            amount=10,
            transaction_type=models.DeductTransactionTypeEnum.AI_USAGE,
            description="Batch report",
        ),
        idempotency_key=str(uuid.uuid4()),
    )
    assert spent.status_code == 200, spent.content
    assert isinstance(spent.parsed, models.DeductResult)
    assert spent.parsed.balance == BONUS - COST - 10

    refused = api.tokens_deduct.sync_detailed(
        client=client,
        body=models.DeductRequest(
            amount=1000, transaction_type=models.DeductTransactionTypeEnum.AI_USAGE
        ),
        idempotency_key=str(uuid.uuid4()),
    )
    assert refused.status_code == 402
    assert refused.parsed.code == "TOKEN_INSUFFICIENT_BALANCE"
    details = refused.parsed.details
    assert isinstance(details, models.InsufficientBalanceDetails)
    assert (details.required_amount, details.available_balance) == (1000, BONUS - COST - 10)
    assert details.missing_amount == 1000 - (BONUS - COST - 10)

    history = api.tokens_transactions.sync(client=client)
    kinds = [entry.transaction_type.value for entry in history.results]
    assert kinds == ["ai_usage", "ai_usage", "signup_bonus"]
    assert [entry.amount for entry in history.results] == [-10, -COST, BONUS]


def test_a_client_that_asks_for_problem_details_reads_them(
    stack: Stack, generated: ModuleType
) -> None:
    api = Api(generated)
    models = api.models
    client = _signed_in(
        api,
        stack.base_url,
        "problems@example.com",
        headers={"Accept": "application/problem+json"},
    )
    missing = api.deals_retrieve.sync_detailed(999_999, client=client)
    assert missing.status_code == 404
    assert missing.headers["Content-Type"].startswith("application/problem+json")
    problem = missing.parsed
    assert isinstance(problem, models.ResourceNotFoundProblem)
    assert (problem.status, problem.code) == (404, "RESOURCE_NOT_FOUND")
    assert problem.request_id == missing.headers["X-Request-ID"]

    invalid = api.deals_create.sync_detailed(
        client=client,
        body=models.DealRequest(title="Kettle", price="10.00", original_price="5.00"),
    )
    assert invalid.status_code == 400
    assert isinstance(invalid.parsed, models.ValidationErrorProblem)
    assert [error.field for error in invalid.parsed.errors] == ["original_price"]

    broke = api.tokens_deduct.sync_detailed(
        client=client,
        body=models.DeductRequest(
            amount=BONUS + 1, transaction_type=models.DeductTransactionTypeEnum.AI_USAGE
        ),
        idempotency_key=str(uuid.uuid4()),
    )
    assert broke.status_code == 402
    assert isinstance(broke.parsed, models.TokenInsufficientBalanceProblem)
    assert broke.parsed.details.missing_amount == 1


def test_the_ledger_reconciles_after_the_client_is_done(stack: Stack) -> None:
    assert stack.invariants().hold, stack.invariants()


def test_an_analysis_finished_by_the_worker_reaches_a_webhook_registered_through_the_client(
    stack: Stack, generated: ModuleType
) -> None:
    api = Api(generated)
    models = api.models
    client = _signed_in(api, stack.base_url, "hooks@example.com")
    with FakeReceiver() as receiver:
        created = api.webhooks_endpoints_create.sync_detailed(
            client=client,
            body=models.WebhookEndpointRequest(
                url=receiver.url,
                event_types=[models.WebhookSubscribableEventTypeEnum.ANALYSIS_SUCCEEDED],
            ),
        )
        assert created.status_code == 201, created.content
        endpoint = created.parsed
        assert isinstance(endpoint, models.WebhookEndpointWithSecret)
        deal = api.deals_create.sync(
            client=client, body=models.DealRequest(title="Standing desk", price="300.00")
        )
        queued = api.deals_analyse.sync(deal.id, client=client)
        [post] = receiver.wait_for(1, timeout=60)
        event = Webhook(endpoint.secret).verify(post.body, post.headers)
        assert (event["type"], event["data"]["id"]) == ("analysis.succeeded", queued.id)
        assert event["data"]["status"] == "succeeded"

    def delivered() -> Any:
        page = api.webhooks_deliveries_list.sync(endpoint.id, client=client)
        return page if page.results[0].status.value == "succeeded" else None

    [delivery] = wait_until(delivered, timeout=30, what="the delivery to be recorded").results
    assert delivery.event_id == event["id"] == post.headers["webhook-id"]
    assert (delivery.attempts, delivery.last_status_code) == (1, 204)
    assert delivery.event_type == models.WebhookEventTypeEnum.ANALYSIS_SUCCEEDED
