"""The one way a balance changes: a conditional UPDATE of the account row and its ledger row,
in the caller's transaction, on SQLite and PostgreSQL alike.

The UPDATE carries the condition (`... WHERE balance - held >= amount` for a debit): PostgreSQL
takes the row lock with it and re-checks the condition after waiting for the lock, SQLite's
writers queue at BEGIN. Whether it touched a row decides success; no balance is ever read first
and written back to decide. (PostgreSQL's one fused statement, a data-modifying CTE, served the
realistic mix no faster, 1.01x against 1.00x of bare DRF; a deduction alone in a loop runs 2.7x
faster with it: bench/README.md, "The ledger".)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from errors import exceptions as app_errors
from tokens.metrics import token_operations_total
from tokens.models import SPENDING_TYPES, TokenAccount, TokenTransaction
from tokens.selectors import balance_for
from webhooks.events import event_record
from webhooks.models import EventType

MAX_AMOUNT = 1_000_000_000
AMOUNT_RULE = f"Must be a whole number from 1 to {MAX_AMOUNT}."
_SPENDABLE = ", ".join(sorted(SPENDING_TYPES))
SPENDING_RULE = f"'{{input}}' cannot be spent; spending types: {_SPENDABLE}."
# Outcomes of a refused operation, as token_operations_total counts them.
_OUTCOMES = {
    app_errors.InsufficientBalanceError.code: "insufficient",
    app_errors.HoldResolvedError.code: "already_resolved",
}


def counted(operation: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Count each call of a ledger service in token_operations_total, by how it ended."""

    def decorate(service: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(service)
        def counted(*args: Any, **kwargs: Any) -> Any:
            try:
                result = service(*args, **kwargs)
            except app_errors.AppError as error:
                outcome = _OUTCOMES.get(error.code, error.category.label)
                token_operations_total.labels(operation, outcome).inc()
                raise
            token_operations_total.labels(operation, "ok").inc()
            return result

        return counted

    return decorate


def check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT:
        raise app_errors.ValidationError(details={"amount": [AMOUNT_RULE]})


def refusal(user_id: int, amount: int) -> app_errors.InsufficientBalanceError:
    """The 402 for `amount`; the available balance is read only to word it, never to decide."""
    account = TokenAccount.objects.filter(user_id=user_id).values("balance", "held").first()
    available = account["balance"] - account["held"] if account else 0
    return app_errors.InsufficientBalanceError(required=amount, available=available)


def record_change(
    where: dict[str, Any], row: dict[str, Any], *, only_if: Q | None = None, **changes: Any
) -> TokenTransaction | None:
    """Apply `changes` to the account `where` names if `only_if` holds for it, then write the
    ledger row with the balance after; None when the condition did not hold. Call inside a
    transaction: the account row stays locked from the UPDATE to COMMIT."""
    accounts = TokenAccount.objects.filter(**where)
    if not accounts.filter(only_if or Q()).update(**changes, updated_at=timezone.now()):
        return None
    account_id, balance = accounts.values_list("pk", "balance").get()
    return TokenTransaction.objects.create(account_id=account_id, balance_after=balance, **row)


def ledger_row(
    transaction_type: str, amount: int, *, description: str = "", **fields: Any
) -> dict[str, Any]:
    return {
        "transaction_type": transaction_type,
        "amount": amount,
        "description": description,
        "metadata": fields.pop("metadata", None) or {},
        "reference_id": fields.pop("reference_id", ""),
        "idempotency_key": fields.pop("idempotency_key", None),
        **fields,
    }


def announce_if_low(*, user_id: int, spent: int) -> None:
    """`tokens.balance_low`, in the caller's transaction, when spending `spent` just took the
    available balance below WEBHOOKS_BALANCE_LOW_THRESHOLD (once per crossing, not per charge).
    The balance is read only when an endpoint of the user wants the event."""
    threshold = settings.WEBHOOKS_BALANCE_LOW_THRESHOLD

    def crossed() -> dict[str, int] | None:
        balance = balance_for(user=user_id)
        available = balance["available"]
        return balance if available < threshold <= available + spent else None

    if threshold > 0:
        event_record(user_id=user_id, event_type=EventType.BALANCE_LOW, data=crossed)
