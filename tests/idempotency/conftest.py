"""Idempotency tests move tokens: they end with the same reconciliation as the token tests."""

from tests.tokens.conftest import reconciled

__all__ = ["reconciled"]
