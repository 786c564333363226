"""Every token test ends with a reconciliation of every account against its ledger."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from accounts.models import User
from tokens.models import TransactionType
from tokens.selectors import ledger_drift
from tokens.services import tokens_credit


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


@pytest.fixture
def funded_user(make_user: Callable[..., User]) -> Callable[..., User]:
    def make(balance: int, email: str = "payer@example.com") -> User:
        user = make_user(email=email)
        if balance:
            tokens_credit(user=user, amount=balance, transaction_type=TransactionType.PURCHASE)
        return user

    return make


def balance_of(user: Any) -> tuple[int, int]:
    account = user.token_account
    account.refresh_from_db()
    return account.balance, account.held
