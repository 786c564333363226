"""The account page's webhooks in a real Chromium: add an endpoint (its secret shown once), send
it a test that a real receiver verifies, see the delivery, disable it, and a URL refused beside
its field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from standardwebhooks import Webhook

from tests.fakes.webhook_receiver import FakeReceiver
from tests.web.conftest import Account, call_api, log_in


@pytest.fixture
def receiver() -> Iterator[FakeReceiver]:
    with FakeReceiver() as server:
        yield server


def open_webhooks(page: Any, site: str) -> None:
    page.goto(f"{site}/account")
    page.wait_for_selector("[data-webhooks]:not([aria-busy])", state="attached")


def test_an_endpoint_added_on_the_page_gets_a_signed_test_and_shows_its_delivery(
    page: Any, site: str, make_account: Any, receiver: FakeReceiver
) -> None:
    account: Account = make_account()
    log_in(page, site, account)
    open_webhooks(page, site)
    assert page.locator("[data-webhooks]").inner_text().strip() == "No endpoints yet."

    page.fill("#webhook_url", receiver.url)
    page.fill("#webhook_description", "Order system")
    page.click('[data-form="webhook"] button[type=submit]')
    secret = page.locator("[data-webhook-secret-value]")
    secret.wait_for()
    signing_secret = secret.inner_text()
    assert signing_secret.startswith("whsec_")
    item = page.locator("[data-webhook]")
    item.wait_for()
    assert "Order system" in item.inner_text()

    item.locator("[data-webhook-test]").click()
    page.wait_for_selector("[data-deliveries] [data-status=succeeded]")
    [ping] = receiver.received
    assert Webhook(signing_secret).verify(ping.body, ping.headers)["type"] == "ping"
    assert "ping: delivered (1 attempt, answered 204)" in item.inner_text()

    item.locator("[data-webhook-disable]").click()
    page.wait_for_selector("[data-webhook] .badge:text-is('Disabled')")
    status, endpoints = call_api(site, "GET", "/webhooks/endpoints", token=account.access)
    assert status == 200
    assert [endpoint["enabled"] for endpoint in endpoints["results"]] == [False]
    assert page.page_errors == []

    # After reloading, the secret is gone for good: only the API's rotation makes a new one.
    open_webhooks(page, site)
    assert page.locator("[data-webhook-secret]").is_hidden()


def test_a_url_the_api_refuses_is_explained_beside_its_field(
    page: Any, site: str, make_account: Any
) -> None:
    log_in(page, site, make_account())
    open_webhooks(page, site)
    page.fill("#webhook_url", "ftp://example.com/hooks")
    page.click('[data-form="webhook"] button[type=submit]')
    error = page.locator("#webhook_url-error")
    error.wait_for()
    assert "http" in error.inner_text()
    assert page.locator("[data-webhook]").count() == 0
