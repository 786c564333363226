"""Holds: tokens reserved for a job, counted in the account's `held` until they are captured as
one charge or released, exactly once."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from errors import exceptions as app_errors
from tokens.ledger import (
    announce_if_low,
    check_amount,
    counted,
    ledger_row,
    record_change,
    refusal,
)
from tokens.models import HoldStatus, TokenAccount, TokenHold, TokenTransaction, TransactionType


@counted("hold")
def tokens_hold(
    *, user: Any, amount: int, reference_id: str = "", description: str = ""
) -> TokenHold:
    """Reserve tokens for a job: `available` drops, `balance` does not, until it resolves."""
    check_amount(amount)
    with transaction.atomic():
        accounts = TokenAccount.objects.filter(user=user)
        if not accounts.filter(balance__gte=F("held") + amount).update(
            held=F("held") + amount, updated_at=timezone.now()
        ):
            raise refusal(user.pk, amount)
        announce_if_low(user_id=user.pk, spent=amount)
        return TokenHold.objects.create(
            account_id=accounts.values_list("pk", flat=True).get(),
            amount=amount,
            reference_id=reference_id,
            description=description,
        )


def _resolve(*, hold_id: int, status: str) -> TokenHold:
    """Move an open hold to `status`; exactly one caller can, however many race."""
    won = TokenHold.objects.filter(pk=hold_id, status=HoldStatus.OPEN).update(
        status=status, resolved_at=timezone.now()
    )
    hold = TokenHold.objects.filter(pk=hold_id).first()
    if hold is None:
        raise app_errors.ResourceNotFoundError("No such hold.")
    if not won:
        raise app_errors.HoldResolvedError(details={"hold_id": hold_id, "status": hold.status})
    return hold


@counted("capture")
def tokens_capture(
    *, hold_id: int, description: str = "", idempotency_key: str | None = None
) -> TokenTransaction:
    """Turn an open hold into an `ai_usage` charge of its amount: it leaves `held` and
    `balance` together. With `idempotency_key`, capturing again answers the first charge."""
    with transaction.atomic():
        try:
            hold = _resolve(hold_id=hold_id, status=HoldStatus.CAPTURED)
        except app_errors.HoldResolvedError:
            charges = TokenTransaction.objects.filter(hold__pk=hold_id)
            first = charges.filter(idempotency_key=idempotency_key).first()
            if idempotency_key is None or first is None:
                raise
            return first
        row = ledger_row(
            TransactionType.AI_USAGE,
            -hold.amount,
            description=description or hold.description,
            metadata={"hold_id": hold.pk},
            reference_id=hold.reference_id,
            idempotency_key=idempotency_key,
        )
        charge = record_change(
            {"pk": hold.account_id},
            row,
            only_if=Q(held__gte=hold.amount),
            balance=F("balance") - hold.amount,
            held=F("held") - hold.amount,
            lifetime_spent=F("lifetime_spent") + hold.amount,
        )
        if charge is None:  # the database constraints make this unreachable; say so loudly
            raise app_errors.ConstraintViolationError("The hold is not counted on its account.")
        TokenHold.objects.filter(pk=hold.pk).update(capture=charge)
        return charge


@counted("release")
def tokens_release(*, hold_id: int) -> TokenHold:
    """Free an open hold without charging anything."""
    with transaction.atomic():
        hold = _resolve(hold_id=hold_id, status=HoldStatus.RELEASED)
        if not TokenAccount.objects.filter(pk=hold.account_id, held__gte=hold.amount).update(
            held=F("held") - hold.amount, updated_at=timezone.now()
        ):
            raise app_errors.ConstraintViolationError("The hold is not counted on its account.")
        return hold
