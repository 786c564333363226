"""Every change of a token balance: credit, deduct, hold, capture, release, adjust; each one
`transaction.atomic()` around one conditional change of the account (tokens.ledger)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q

from errors import exceptions as app_errors
from tokens.ledger import (
    SPENDING_RULE,
    announce_if_low,
    check_amount,
    counted,
    ledger_row,
    record_change,
    refusal,
)
from tokens.models import (
    CREDIT_TYPES,
    SPENDING_TYPES,
    TokenAccount,
    TokenTransaction,
    TransactionType,
)


def token_account_for(*, user: Any) -> TokenAccount:
    account, _ = TokenAccount.objects.get_or_create(user=user)
    return account


def _debit(*, user_id: int, amount: int, row: dict[str, Any]) -> TokenTransaction:
    entry = record_change(
        {"user_id": user_id},
        row,
        only_if=Q(balance__gte=F("held") + amount),
        balance=F("balance") - amount,
        lifetime_spent=F("lifetime_spent") + amount,
    )
    if entry is None:
        raise refusal(user_id, amount)
    announce_if_low(user_id=user_id, spent=amount)
    return entry


def _credit(*, user: Any, amount: int, row: dict[str, Any]) -> TokenTransaction:
    token_account_for(user=user)
    entry = record_change(
        {"user_id": user.pk},
        row,
        balance=F("balance") + amount,
        lifetime_earned=F("lifetime_earned") + amount,
    )
    assert entry is not None  # the account was just ensured
    return entry


def _keyed_change(*, user: Any, row: dict[str, Any]) -> TokenTransaction:
    """Credit (the row's amount > 0) or debit `user`, with its ledger row, in one transaction,
    and once per the row's idempotency key.

    Two racing calls with one key both pass the first look-up; the second then fails on the
    unique key, its whole block (balance update included) rolls back, and it answers the first.
    """
    amount, key = row["amount"], row["idempotency_key"]
    mine = TokenTransaction.objects.filter(account__user=user, idempotency_key=key)
    existing = mine.first() if key is not None else None
    if existing is None:
        try:
            with transaction.atomic():
                if amount > 0:
                    return _credit(user=user, amount=amount, row=row)
                return _debit(user_id=user.pk, amount=-amount, row=row)
        except IntegrityError:
            existing = mine.first() if key is not None else None
            if existing is None:
                raise
    if existing.amount != amount or existing.transaction_type != row["transaction_type"]:
        raise app_errors.IdempotencyKeyReusedError(
            "This idempotency key was already used for a different change."
        )
    return existing


@counted("credit")
def tokens_credit(
    *,
    user: Any,
    amount: int,
    transaction_type: str,
    description: str = "",
    metadata: dict[str, Any] | None = None,
    reference_id: str = "",
    idempotency_key: str | None = None,
) -> TokenTransaction:
    """Add tokens through a credit type (signup bonus, purchase, refund)."""
    check_amount(amount)
    if transaction_type not in CREDIT_TYPES:
        raise app_errors.ValidationError(
            details={"transaction_type": [f"'{transaction_type}' is not a credit type."]}
        )
    row = ledger_row(
        transaction_type,
        amount,
        description=description,
        metadata=metadata,
        reference_id=reference_id,
        idempotency_key=idempotency_key,
    )
    return _keyed_change(user=user, row=row)


@counted("deduct")
def tokens_deduct(
    *,
    user: Any,
    amount: int,
    transaction_type: str = TransactionType.AI_USAGE,
    description: str = "",
    metadata: dict[str, Any] | None = None,
    reference_id: str = "",
    idempotency_key: str | None = None,
) -> TokenTransaction:
    """Spend tokens now. Not enough available: 402 TOKEN_INSUFFICIENT_BALANCE, nothing changes."""
    check_amount(amount)
    if transaction_type not in SPENDING_TYPES:
        message = SPENDING_RULE.format(input=transaction_type)
        raise app_errors.ValidationError(details={"transaction_type": [message]})
    row = ledger_row(
        transaction_type,
        -amount,
        description=description,
        metadata=metadata,
        reference_id=reference_id,
        idempotency_key=idempotency_key,
    )
    return _keyed_change(user=user, row=row)


def adjustments_allowed_check(*, actor: Any, users: Sequence[Any], amount: int) -> None:
    """Whether `actor` may adjust each of `users`' accounts by `amount` tokens in one action:
    never when one of them is the actor's own (superusers included), and only a superuser when
    the action moves more than ADMIN_GRANT_CAP_TOKENS in all, granted or removed."""
    if any(user.pk == actor.pk for user in users):
        raise app_errors.PermissionDeniedError(
            "Nobody adjusts their own balance; ask another member of staff.",
            details={"reason": "own_account"},
        )
    cap = settings.ADMIN_GRANT_CAP_TOKENS
    if abs(amount) * len(users) > cap and not actor.is_superuser:
        raise app_errors.PermissionDeniedError(
            f"Adjustments of more than {cap} tokens in one action need a superuser.",
            details={"reason": "above_cap", "cap": cap},
        )


@counted("adjust")
def tokens_adjust(
    *,
    user: Any,
    amount: int,
    reason: str,
    actor: Any,
    corrects: TokenTransaction | None = None,
    idempotency_key: str | None = None,
) -> TokenTransaction:
    """A staff grant (amount > 0) or removal (amount < 0), with the reason and who did it."""
    reason = (reason or "").strip()
    if not reason:
        raise app_errors.ValidationError(details={"reason": ["A reason is required."]})
    if actor is None or not getattr(actor, "is_staff", False):
        raise app_errors.PermissionDeniedError("Only staff may adjust balances.")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
        raise app_errors.ValidationError(details={"amount": ["Must be a non-zero whole number."]})
    check_amount(abs(amount))
    adjustments_allowed_check(actor=actor, users=[user], amount=amount)
    if corrects is not None and corrects.account.user_id != user.pk:
        raise app_errors.ValidationError(
            details={"corrects": ["The corrected entry belongs to another account."]}
        )
    row = ledger_row(
        TransactionType.ADMIN_ADJUSTMENT,
        amount,
        description=reason[:255],
        metadata={"reason": reason},
        reference_id=str(corrects.pk) if corrects else "",
        idempotency_key=idempotency_key,
        actor_id=actor.pk,
        corrects_id=corrects.pk if corrects else None,
    )
    return _keyed_change(user=user, row=row)


def signup_bonus_grant(*, user: Any) -> TokenTransaction | None:
    amount = settings.SIGNUP_BONUS_TOKENS
    if amount <= 0:
        token_account_for(user=user)
        return None
    return tokens_credit(
        user=user,
        amount=amount,
        transaction_type=TransactionType.SIGNUP_BONUS,
        description="Welcome bonus",
        idempotency_key="signup-bonus",
    )
