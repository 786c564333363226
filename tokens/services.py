"""Every change of a token balance: credit, deduct, hold, capture, release, expire, adjust.

Each change is one `transaction.atomic()`: one conditional UPDATE of the account row (the row
lock is taken by the UPDATE itself, and PostgreSQL re-checks its WHERE clause after waiting for
it), then the ledger insert. Whether the UPDATE touched a row decides success; no balance is ever
read first and written back.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from errors import exceptions as app_errors
from monitoring import metrics
from tokens.models import (
    CREDIT_TYPES,
    SPENDING_TYPES,
    HoldStatus,
    TokenAccount,
    TokenHold,
    TokenTransaction,
    TransactionType,
)

logger = logging.getLogger(__name__)

MAX_AMOUNT = 1_000_000_000
AMOUNT_RULE = f"Must be a whole number from 1 to {MAX_AMOUNT}."
_SPENDABLE = ", ".join(sorted(SPENDING_TYPES))
SPENDING_RULE = f"'{{input}}' cannot be spent; spending types: {_SPENDABLE}."
DEFAULT_HOLD_TTL = timedelta(minutes=30)

_ACCOUNTS = connection.ops.quote_name(TokenAccount._meta.db_table)
_HOLDS = connection.ops.quote_name(TokenHold._meta.db_table)
_LEDGER = connection.ops.quote_name(TokenTransaction._meta.db_table)


@dataclass(frozen=True)
class _AccountChange:
    account_id: int
    balance: int


def _counted(operation: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Count each call of a ledger service in token_operations_total, by how it ended."""

    def decorate(service: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(service)
        def counted(*args: Any, **kwargs: Any) -> Any:
            try:
                result = service(*args, **kwargs)
            except app_errors.AppError as error:
                outcome = {
                    app_errors.InsufficientBalanceError.code: "insufficient",
                    app_errors.HoldResolvedError.code: "already_resolved",
                }.get(error.code, error.category.label)
                metrics.token_operations_total.labels(operation, outcome).inc()
                raise
            metrics.token_operations_total.labels(operation, "ok").inc()
            return result

        return counted

    return decorate


def _check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT:
        raise app_errors.ValidationError(details={"amount": [AMOUNT_RULE]})


def _check_spending_type(transaction_type: str) -> None:
    if transaction_type not in SPENDING_TYPES:
        message = SPENDING_RULE.format(input=transaction_type)
        raise app_errors.ValidationError(details={"transaction_type": [message]})


def token_account_for(*, user: Any) -> TokenAccount:
    account, _ = TokenAccount.objects.get_or_create(user=user)
    return account


def _update_account(sql: str, params: list[Any]) -> _AccountChange | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return _AccountChange(account_id=row[0], balance=row[1]) if row else None


def _available(user_id: int) -> int:
    """The available balance, read only to word a refusal; never used to decide one."""
    account = TokenAccount.objects.filter(user_id=user_id).values("balance", "held").first()
    return account["balance"] - account["held"] if account else 0


def _debit_clause(
    *, user_id: int, amount: int, also_release_held: int = 0
) -> tuple[str, list[Any]]:
    """SET and WHERE of a debit: take `amount` when the available balance covers it.

    With `also_release_held` (a hold being captured) the same amount leaves `held` too, and the
    condition is only that the hold is still counted.
    """
    assignments = (
        "balance = balance - %s, held = held - %s, lifetime_spent = lifetime_spent + %s, "
        "updated_at = %s"
    )
    params: list[Any] = [amount, also_release_held, amount, timezone.now()]
    if also_release_held:
        condition, condition_params = "held >= %s", [also_release_held]
    else:
        condition, condition_params = "balance - held >= %s", [amount]
    return (
        f"{assignments} WHERE user_id = %s AND {condition}",
        [*params, user_id, *condition_params],
    )


def _credit_clause(*, user_id: int, amount: int) -> tuple[str, list[Any]]:
    return (
        "balance = balance + %s, lifetime_earned = lifetime_earned + %s, updated_at = %s "
        "WHERE user_id = %s",
        [amount, amount, timezone.now(), user_id],
    )


_LEDGER_COLUMNS = (
    "transaction_type",
    "amount",
    "description",
    "metadata",
    "reference_id",
    "idempotency_key",
    "corrects_id",
    "actor_id",
    "created_at",
)


def _change_and_record(
    *, clause: tuple[str, list[Any]], row: dict[str, Any]
) -> TokenTransaction | None:
    """Apply one account UPDATE and write its ledger row; None when the UPDATE matched nothing.

    On PostgreSQL both are one statement (a data-modifying CTE), so the account row's lock is
    held for a single round trip before COMMIT; elsewhere they are two statements in the same
    transaction.
    """
    set_and_where, params = clause
    row = {**row, "created_at": timezone.now()}
    metadata_field = TokenTransaction._meta.get_field("metadata")
    values = [
        metadata_field.get_db_prep_save(row[column], connection)
        if column == "metadata"
        else row[column]
        for column in _LEDGER_COLUMNS
    ]
    update = f"UPDATE {_ACCOUNTS} SET {set_and_where} RETURNING id, balance"  # noqa: S608
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH changed AS ({update}) "  # noqa: S608
                f"INSERT INTO {_LEDGER} (account_id, balance_after, {', '.join(_LEDGER_COLUMNS)}) "
                f"SELECT changed.id, changed.balance, {', '.join(['%s'] * len(values))} "
                f"FROM changed RETURNING id, account_id, balance_after",
                [*params, *values],
            )
            result = cursor.fetchone()
        if result is None:
            return None
        entry = TokenTransaction(id=result[0], account_id=result[1], balance_after=result[2], **row)
        entry._state.adding = False
        entry._state.db = connection.alias
        return entry
    change = _update_account(update, params)
    if change is None:
        return None
    return TokenTransaction.objects.create(
        account_id=change.account_id, balance_after=change.balance, **row
    )


def _ledger_row(
    *,
    transaction_type: str,
    amount: int,
    description: str = "",
    metadata: dict[str, Any] | None = None,
    reference_id: str = "",
    idempotency_key: str | None = None,
    actor: Any = None,
    corrects: TokenTransaction | None = None,
) -> dict[str, Any]:
    return {
        "transaction_type": transaction_type,
        "amount": amount,
        "description": description,
        "metadata": metadata or {},
        "reference_id": reference_id,
        "idempotency_key": idempotency_key,
        "corrects_id": corrects.pk if corrects else None,
        "actor_id": actor.pk if actor else None,
    }


def _debit(
    *, user_id: int, amount: int, row: dict[str, Any], also_release_held: int = 0
) -> TokenTransaction:
    entry = _change_and_record(
        clause=_debit_clause(user_id=user_id, amount=amount, also_release_held=also_release_held),
        row=row,
    )
    if entry is None:
        raise app_errors.InsufficientBalanceError(required=amount, available=_available(user_id))
    return entry


def _credit(*, user: Any, amount: int, row: dict[str, Any]) -> TokenTransaction:
    token_account_for(user=user)
    entry = _change_and_record(clause=_credit_clause(user_id=user.pk, amount=amount), row=row)
    assert entry is not None  # the account was just ensured
    return entry


def _existing_for_key(*, user: Any, idempotency_key: str | None) -> TokenTransaction | None:
    if idempotency_key is None:
        return None
    return TokenTransaction.objects.filter(
        account__user=user, idempotency_key=idempotency_key
    ).first()


def _replay_or_refuse(
    existing: TokenTransaction, *, amount: int, transaction_type: str
) -> TokenTransaction:
    if abs(existing.amount) != amount or existing.transaction_type != transaction_type:
        raise app_errors.IdempotencyKeyReusedError(
            "This idempotency key was already used for a different change."
        )
    return existing


def _keyed_change(*, user: Any, row: dict[str, Any]) -> TokenTransaction:
    """Credit (the row's amount > 0) or debit `user`, with its ledger row, in one transaction,
    and once per the row's idempotency key.

    Two racing calls with one key both pass the first look-up; the second then fails on the
    unique key, its whole block (balance update included) rolls back, and it answers the first.
    """
    amount, key = row["amount"], row["idempotency_key"]
    existing = _existing_for_key(user=user, idempotency_key=key)
    if existing is None:
        try:
            with transaction.atomic():
                if amount > 0:
                    return _credit(user=user, amount=amount, row=row)
                return _debit(user_id=user.pk, amount=-amount, row=row)
        except IntegrityError:
            existing = _existing_for_key(user=user, idempotency_key=key)
            if existing is None:
                raise
    return _replay_or_refuse(existing, amount=abs(amount), transaction_type=row["transaction_type"])


@_counted("credit")
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
    _check_amount(amount)
    if transaction_type not in CREDIT_TYPES:
        raise app_errors.ValidationError(
            details={"transaction_type": [f"'{transaction_type}' is not a credit type."]}
        )

    row = _ledger_row(
        transaction_type=transaction_type,
        amount=amount,
        description=description,
        metadata=metadata,
        reference_id=reference_id,
        idempotency_key=idempotency_key,
    )
    return _keyed_change(user=user, row=row)


@_counted("deduct")
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
    _check_amount(amount)
    _check_spending_type(transaction_type)

    row = _ledger_row(
        transaction_type=transaction_type,
        amount=-amount,
        description=description,
        metadata=metadata,
        reference_id=reference_id,
        idempotency_key=idempotency_key,
    )
    return _keyed_change(user=user, row=row)


@_counted("hold")
def tokens_hold(
    *,
    user: Any,
    amount: int,
    reference_id: str = "",
    description: str = "",
    ttl: timedelta = DEFAULT_HOLD_TTL,
) -> TokenHold:
    """Reserve tokens for a job: `available` drops, `balance` does not, until it resolves."""
    _check_amount(amount)
    with transaction.atomic():
        change = _update_account(
            f"UPDATE {_ACCOUNTS} SET held = held + %s, updated_at = %s "  # noqa: S608
            f"WHERE user_id = %s AND balance - held >= %s RETURNING id, balance",
            [amount, timezone.now(), user.pk, amount],
        )
        if change is None:
            raise app_errors.InsufficientBalanceError(
                required=amount, available=_available(user.pk)
            )
        return TokenHold.objects.create(
            account_id=change.account_id,
            amount=amount,
            reference_id=reference_id,
            description=description,
            expires_at=timezone.now() + ttl,
        )


def _resolve(*, hold_id: int, status: str, now: datetime) -> TokenHold:
    """Move an open hold to `status`; exactly one caller can, however many race."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_HOLDS} SET status = %s, resolved_at = %s "  # noqa: S608
            f"WHERE id = %s AND status = %s",
            [status, now, hold_id, HoldStatus.OPEN],
        )
        won = cursor.rowcount == 1
    hold = TokenHold.objects.select_related("account").filter(pk=hold_id).first()
    if hold is None:
        raise app_errors.ResourceNotFoundError("No such hold.")
    if not won:
        raise app_errors.HoldResolvedError(details={"hold_id": hold_id, "status": hold.status})
    return hold


@_counted("capture")
def tokens_capture(
    *, hold_id: int, description: str = "", idempotency_key: str | None = None
) -> TokenTransaction:
    """Turn an open hold into an `ai_usage` charge of its amount."""
    with transaction.atomic():
        hold = _resolve(hold_id=hold_id, status=HoldStatus.CAPTURED, now=timezone.now())
        charge = _debit(
            user_id=hold.account.user_id,
            amount=hold.amount,
            also_release_held=hold.amount,
            row=_ledger_row(
                transaction_type=TransactionType.AI_USAGE,
                amount=-hold.amount,
                description=description or hold.description,
                metadata={"hold_id": hold.pk},
                reference_id=hold.reference_id,
                idempotency_key=idempotency_key,
            ),
        )
        TokenHold.objects.filter(pk=hold.pk).update(capture=charge)
        hold.capture = charge
        return charge


@_counted("release")
def tokens_release(*, hold_id: int, expired: bool = False) -> TokenHold:
    """Free an open hold without charging anything."""
    status = HoldStatus.EXPIRED if expired else HoldStatus.RELEASED
    with transaction.atomic():
        hold = _resolve(hold_id=hold_id, status=status, now=timezone.now())
        change = _update_account(
            f"UPDATE {_ACCOUNTS} SET held = held - %s, updated_at = %s "  # noqa: S608
            f"WHERE id = %s AND held >= %s RETURNING id, balance",
            [hold.amount, timezone.now(), hold.account_id, hold.amount],
        )
        if change is None:  # the database constraints make this unreachable; say so loudly
            raise app_errors.ConstraintViolationError("The hold is not counted on its account.")
        return hold


def tokens_expire_holds(*, now: datetime | None = None) -> int:
    """Release every open hold past its expiry; returns how many this call released."""
    now = now or timezone.now()
    expired = 0
    for hold_id in TokenHold.objects.filter(
        status=HoldStatus.OPEN, expires_at__lte=now
    ).values_list("pk", flat=True):
        try:
            tokens_release(hold_id=hold_id, expired=True)
        except app_errors.HoldResolvedError:
            continue  # captured or released meanwhile: not ours to expire
        expired += 1
    if expired:
        logger.info("expired holds released", extra={"released": expired})
    return expired


@_counted("adjust")
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
    _check_amount(abs(amount))
    if corrects is not None and corrects.account.user_id != user.pk:
        raise app_errors.ValidationError(
            details={"corrects": ["The corrected entry belongs to another account."]}
        )
    row = _ledger_row(
        transaction_type=TransactionType.ADMIN_ADJUSTMENT,
        amount=amount,
        description=reason[:255],
        metadata={"reason": reason},
        reference_id=str(corrects.pk) if corrects else "",
        idempotency_key=idempotency_key,
        actor=actor,
        corrects=corrects,
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
