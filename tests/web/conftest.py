"""Fixtures of the page tests: a fresh Chromium page per test and accounts on the served site."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

PASSWORD = "a-long-browser-password-2026"


@pytest.fixture(autouse=True)
def _flushed_afterwards(transactional_db: None) -> None:
    """What the server wrote is committed, so the tables are emptied after each test."""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    browser_page = context.new_page()
    browser_page.set_default_timeout(15_000)
    errors: list[str] = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    browser_page.page_errors = errors
    yield browser_page
    context.close()


def call_api(
    base_url: str, method: str, path: str, body: Any = None, token: str | None = None
) -> tuple[int, Any]:
    """The API from outside, as another client of the same server would use it."""
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(  # noqa: S310 - loopback URL of the test server
        f"{base_url}/api/v1{path}", data=data, headers=headers, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - loopback
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@dataclass
class Account:
    email: str
    password: str
    user_id: int
    access: str
    refresh: str


@pytest.fixture
def make_account(site: str) -> Callable[..., Account]:
    def make(name: str = "Grace") -> Account:
        email = f"{name.lower()}-{uuid.uuid4().hex[:10]}@example.com"
        status, created = call_api(
            site, "POST", "/auth/register", {"email": email, "password": PASSWORD, "name": name}
        )
        assert status == 201, created
        status, pair = call_api(site, "POST", "/auth/token", {"email": email, "password": PASSWORD})
        assert status == 200, pair
        return Account(email, PASSWORD, created["id"], pair["access"], pair["refresh"])

    return make


def log_in(browser_page: Any, base_url: str, account: Account) -> None:
    browser_page.goto(f"{base_url}/login")
    browser_page.fill("#email", account.email)
    browser_page.fill("#password", account.password)
    browser_page.click("button[type=submit]")
    browser_page.wait_for_url("**/deals")
    browser_page.wait_for_selector("[data-deals]:not([aria-busy])", state="attached")
