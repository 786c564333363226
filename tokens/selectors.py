"""Reads that need care: balances for display, and reconciliation of every account."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import F, Q, QuerySet, Sum, Window
from django.db.models.functions import Coalesce, Lag

from tokens.models import HoldStatus, TokenAccount, TokenHold, TokenTransaction


def ledger_of(*, user: Any) -> QuerySet[TokenTransaction]:
    """The user's ledger rows, newest first. By account id, not through a join on the user: given
    only the user, PostgreSQL cannot tell how many rows are theirs, and for a user with a few rows
    among millions it chose to walk the whole ledger backwards (200 ms against 5 ms, measured by
    `make bench-scale`)."""
    account_id = TokenAccount.objects.filter(user=user).values_list("pk", flat=True).first()
    return TokenTransaction.objects.filter(account_id=account_id).order_by("-id")


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


def _ledger_sums(ids: list[int] | None) -> dict[int, dict[str, int]]:
    return {
        row["account_id"]: row
        for row in _only(TokenTransaction.objects.all(), ids)
        .values("account_id")
        .annotate(
            total=Sum("amount"),
            earned=Coalesce(Sum("amount", filter=Q(amount__gt=0)), 0),
            spent=Coalesce(-Sum("amount", filter=Q(amount__lt=0)), 0),
        )
    }


def _open_holds(ids: list[int] | None) -> dict[int, int]:
    return {
        row["account_id"]: row["held"]
        for row in _only(TokenHold.objects.filter(status=HoldStatus.OPEN), ids)
        .values("account_id")
        .annotate(held=Sum("amount"))
    }


def _only(queryset: Any, ids: list[int] | None, field: str = "account_id") -> Any:
    return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})


def accounts_changed_since(since: datetime) -> list[int]:
    """Accounts with a ledger row, a hold made or resolved, or a change of their own since."""
    changed = set(TokenAccount.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    changed |= set(
        TokenTransaction.objects.filter(created_at__gte=since).values_list("account_id", flat=True)
    )
    changed |= set(
        TokenHold.objects.filter(Q(created_at__gte=since) | Q(resolved_at__gte=since)).values_list(
            "account_id", flat=True
        )
    )
    return sorted(changed)


def _chains(ids: list[int] | None) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Each account's last balance_after, and the rows whose balance_after is not the previous
    one plus their amount."""
    last_after: dict[int, int] = {}
    breaks: dict[int, list[int]] = {}
    rows = (
        _only(TokenTransaction.objects.all(), ids)
        .annotate(
            previous_after=Window(
                Lag("balance_after"), partition_by=[F("account_id")], order_by=F("id").asc()
            )
        )
        .order_by("account_id", "id")
        .values_list("account_id", "id", "amount", "balance_after", "previous_after")
    )
    for account_id, row_id, amount, balance_after, previous_after in rows.iterator():
        if balance_after != (previous_after or 0) + amount:
            breaks.setdefault(account_id, []).append(row_id)
        last_after[account_id] = balance_after
    return last_after, breaks


def ledger_drift(account_ids: list[int] | None = None) -> list[Drift]:
    """Every way an account (of `account_ids`, or any) disagrees with its ledger; empty when all
    reconcile. The ledger is read as a stream: memory grows with accounts, not with rows.

    Per account: balance == sum of amounts == the last balance_after; each balance_after ==
    the previous one + its amount; lifetime_earned / lifetime_spent == the sums of credits /
    debits; held == the sum of open holds.
    """
    sums, open_holds = _ledger_sums(account_ids), _open_holds(account_ids)
    last_after, breaks = _chains(account_ids)
    drifts: list[Drift] = []
    accounts = _only(TokenAccount.objects.select_related("user"), account_ids, "pk")
    for account in accounts.order_by("id").iterator():
        totals = sums.get(account.pk, {"total": 0, "earned": 0, "spent": 0})
        last, held = last_after.get(account.pk), open_holds.get(account.pk, 0)
        checks = [
            (
                account.balance == totals["total"],
                f"balance {account.balance} != sum of ledger amounts {totals['total']}",
            ),
            (
                account.balance == (last or 0),
                f"balance {account.balance} != last balance_after {last}",
            ),
            (
                account.lifetime_earned == totals["earned"],
                f"lifetime_earned {account.lifetime_earned} != sum of credits {totals['earned']}",
            ),
            (
                account.lifetime_spent == totals["spent"],
                f"lifetime_spent {account.lifetime_spent} != sum of debits {totals['spent']}",
            ),
            (account.held == held, f"held {account.held} != sum of open holds {held}"),
        ]
        problems = [text for holds, text in checks if not holds] + [
            f"ledger row {row_id}: balance_after != previous balance_after + amount"
            for row_id in breaks.get(account.pk, [])
        ]
        drifts += [Drift(account.pk, account.user.email, text) for text in problems if text]
    return drifts


RECONCILIATION_KEY = "tokens:reconciliation"


def reconciliation_record() -> int:
    """Reconcile and keep the outcome ({drifted, checked_at}) in the cache for /metrics; returns
    the number of drifted accounts."""
    drifted = len(ledger_drift())
    cache.set(RECONCILIATION_KEY, {"drifted": drifted, "checked_at": time.time()}, timeout=None)
    return drifted


def reconciliation_last() -> dict[str, float] | None:
    return cache.get(RECONCILIATION_KEY)
