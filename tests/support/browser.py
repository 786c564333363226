"""A real Chromium (Debian's, driven by Playwright) against the project served by gunicorn: the
fixtures every browser test shares, registered in tests/conftest.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.support.server import ROOT, gunicorn_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", ROOT / "test-artifacts")) / "screenshots"

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
        "RATE_LIMIT_LOGIN_ACCOUNT": "1000/minute",
        "RATE_LIMIT_LOGIN_IP": "1000/minute",
        "RATE_LIMIT_REGISTER": "1000/minute",
        "RATE_LIMIT_ANALYSIS": "1000/minute",
        "RATE_LIMIT_DEDUCT": "1000/minute",
        # Webhooks to a receiver on loopback, over http, as in development.
        "WEBHOOKS_ALLOW_HTTP": "true",
        "WEBHOOKS_ALLOW_PRIVATE": "true",
        **overrides,
    }


@pytest.fixture(scope="session")
def site(django_db_setup: None) -> Iterator[str]:
    """One gunicorn serving the pages for the whole run; each test uses fresh accounts."""
    with gunicorn_server(server_environment(), workers=2, threads=4) as base_url:
        yield base_url


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


def screenshot(browser_page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    browser_page.screenshot(path=str(path), full_page=True)
    return path
