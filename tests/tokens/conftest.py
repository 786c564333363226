"""Every token test ends with a reconciliation of every account against its ledger."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tokens.selectors import ledger_drift


@pytest.fixture(autouse=True)
def reconciled(request: pytest.FixtureRequest) -> Iterator[None]:
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        yield
        return
    transactional = bool(marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    yield
    assert ledger_drift() == []


def balance_of(user: Any) -> tuple[int, int]:
    account = user.token_account
    account.refresh_from_db()
    return account.balance, account.held
