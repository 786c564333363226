"""Reads that need care: balances for display, and reconciliation of every account."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, Sum, Window
from django.db.models.functions import Coalesce, Lag

from tokens.models import HoldStatus, TokenAccount, TokenHold, TokenTransaction


def balance_for(*, user: Any) -> dict[str, int]:
    account = TokenAccount.objects.filter(user=user).first()
    if account is None:
        return {"balance": 0, "held": 0, "available": 0, "lifetime_earned": 0, "lifetime_spent": 0}
    return {
        "balance": account.balance,
        "held": account.held,
        "available": account.available,
        "lifetime_earned": account.lifetime_earned,
        "lifetime_spent": account.lifetime_spent,
    }


@dataclass(frozen=True)
class Drift:
    account_id: int
    user_email: str
    problem: str

    def __str__(self) -> str:
        return f"account {self.account_id} ({self.user_email}): {self.problem}"


def ledger_drift() -> list[Drift]:
    """Every way an account disagrees with its ledger; empty when all reconcile.

    Per account: balance == sum of amounts == the last balance_after; each balance_after ==
    the previous one + its amount; lifetime_earned / lifetime_spent == the sums of credits /
    debits; held == the sum of open holds.
    """
    drifts: list[Drift] = []
    sums = {
        row["account_id"]: row
        for row in TokenTransaction.objects.values("account_id").annotate(
            total=Sum("amount"),
            earned=Coalesce(Sum("amount", filter=Q(amount__gt=0)), 0),
            spent=Coalesce(-Sum("amount", filter=Q(amount__lt=0)), 0),
        )
    }
    open_holds = {
        row["account_id"]: row["held"]
        for row in TokenHold.objects.filter(status=HoldStatus.OPEN)
        .values("account_id")
        .annotate(held=Sum("amount"))
    }
    last_after = {}
    chain_breaks: dict[int, list[int]] = {}
    rows = (
        TokenTransaction.objects.annotate(
            previous_after=Window(
                Lag("balance_after"), partition_by=[F("account_id")], order_by=F("id").asc()
            )
        )
        .order_by("account_id", "id")
        .values_list("account_id", "id", "amount", "balance_after", "previous_after")
    )
    for account_id, row_id, amount, balance_after, previous_after in rows.iterator():
        expected = (previous_after or 0) + amount
        if balance_after != expected:
            chain_breaks.setdefault(account_id, []).append(row_id)
        last_after[account_id] = balance_after

    for account in TokenAccount.objects.select_related("user").order_by("id").iterator():

        def drift(problem: str, account: TokenAccount = account) -> None:
            drifts.append(Drift(account.pk, account.user.email, problem))

        totals = sums.get(account.pk, {"total": 0, "earned": 0, "spent": 0})
        if account.balance != totals["total"]:
            drift(f"balance {account.balance} != sum of ledger amounts {totals['total']}")
        if account.balance != last_after.get(account.pk, 0):
            drift(f"balance {account.balance} != last balance_after {last_after.get(account.pk)}")
        if account.lifetime_earned != totals["earned"]:
            drift(f"lifetime_earned {account.lifetime_earned} != sum of credits {totals['earned']}")
        if account.lifetime_spent != totals["spent"]:
            drift(f"lifetime_spent {account.lifetime_spent} != sum of debits {totals['spent']}")
        if account.held != open_holds.get(account.pk, 0):
            drift(f"held {account.held} != sum of open holds {open_holds.get(account.pk, 0)}")
        for row_id in chain_breaks.get(account.pk, []):
            drift(f"ledger row {row_id}: balance_after != previous balance_after + amount")
    return drifts
