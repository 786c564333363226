"""The real Sentry SDK pointed at a fake ingest on loopback; the AI tests' fake providers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sentry_sdk

from monitoring.sentry import init_sentry
from tests.ai.conftest import ai_settings, deal, fallback, primary
from tests.fakes.sentry_server import FakeSentry

__all__ = ["ai_settings", "deal", "fallback", "primary"]


@pytest.fixture
def sentry() -> Iterator[FakeSentry]:
    with FakeSentry() as server:
        init_sentry(server.dsn, environment="test")
        try:
            yield server
        finally:
            sentry_sdk.get_client().close()
            init_sentry("")
