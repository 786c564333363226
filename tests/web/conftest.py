"""A real Chromium (Debian's, driven by Playwright) against the project served by gunicorn."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.support.server import ROOT, gunicorn_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", ROOT / "test-artifacts")) / "screenshots"
PASSWORD = "a-long-browser-password-2026"

# As root in a container Chromium needs --no-sandbox; the rest keep it from dialling out, which
# this machine's closed network answers with slow refusals.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def database_url() -> str:
    database = settings.DATABASES["default"]
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def server_environment(**overrides: str) -> dict[str, str]:
    """The web server on the test database, tasks in-process, limits out of the way."""
    return {
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": "",
        "RATE_LIMIT_ANON": "100000/minute",
        "RATE_LIMIT_USER": "100000/minute",
        "RATE_LIMIT_LOGIN": "1000/minute",
        "RATE_LIMIT_REGISTER": "1000/minute",
        "RATE_LIMIT_ANALYSIS": "1000/minute",
        "RATE_LIMIT_DEDUCT": "1000/minute",
        **overrides,
    }


@pytest.fixture(scope="session")
def site(django_db_setup: None) -> Iterator[str]:
    """One gunicorn serving the pages for the whole run; each test uses fresh accounts."""
    with gunicorn_server(server_environment(), workers=2, threads=4) as base_url:
        yield base_url


@pytest.fixture(autouse=True)
def _flushed_afterwards(transactional_db: None) -> None:
    """What the server wrote is committed, so the tables are emptied after each test."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an asyncio loop on this thread, which Django takes for
    # async code and so refuses the test database's flush; the tests themselves are synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


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


def screenshot(browser_page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    browser_page.screenshot(path=str(path), full_page=True)
    return path


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
