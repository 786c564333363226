"""Token accounts, the append-only ledger, and holds that reserve tokens for a job."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class TransactionType(models.TextChoices):
    SIGNUP_BONUS = "signup_bonus", "Signup bonus"
    PURCHASE = "purchase", "Purchase"
    AI_USAGE = "ai_usage", "AI usage"
    REFUND = "refund", "Refund"
    ADMIN_ADJUSTMENT = "admin_adjustment", "Admin adjustment"


CREDIT_TYPES = frozenset(
    {TransactionType.SIGNUP_BONUS, TransactionType.PURCHASE, TransactionType.REFUND}
)
# The types a user may spend through; a user-facing call naming any other type is refused.
SPENDING_TYPES = frozenset({TransactionType.AI_USAGE})


class TokenAccount(models.Model):
    """One per user. `available` is `balance - held`; the database keeps both sane."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="token_account"
    )
    balance = models.BigIntegerField(default=0)
    held = models.BigIntegerField(default=0)
    lifetime_earned = models.BigIntegerField(default=0)
    lifetime_spent = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        permissions = [("adjust_tokenaccount", "Can grant or remove tokens")]
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="tokens_balance_not_negative"),
            models.CheckConstraint(
                condition=Q(held__gte=0) & Q(held__lte=F("balance")),
                name="tokens_held_within_balance",
            ),
            models.CheckConstraint(
                condition=Q(lifetime_earned__gte=0) & Q(lifetime_spent__gte=0),
                name="tokens_lifetime_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.balance})"

    @property
    def available(self) -> int:
        return self.balance - self.held


class LedgerRowImmutable(Exception):
    """A ledger row was about to be changed or removed."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise LedgerRowImmutable("Ledger rows are append-only; write a correcting entry.")

    def delete(self) -> NoReturn:
        raise LedgerRowImmutable("Ledger rows are append-only; write a correcting entry.")


class TokenTransaction(models.Model):
    """One change of one balance. Never updated or deleted: corrections are new rows."""

    account = models.ForeignKey(TokenAccount, on_delete=models.PROTECT, related_name="transactions")
    transaction_type = models.CharField(max_length=32, choices=TransactionType.choices)
    amount = models.BigIntegerField()
    balance_after = models.BigIntegerField()
    description = models.CharField(max_length=255, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    reference_id = models.CharField(max_length=64, blank=True, db_index=True)
    # NULL, not "", means "no key": the unique constraint applies only to rows that have one.
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="token_adjustments_made",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="tokens_amount_not_zero"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="tokens_balance_after_not_negative"
            ),
            models.UniqueConstraint(
                fields=("account", "idempotency_key"),
                condition=Q(idempotency_key__isnull=False),
                name="tokens_idempotency_key_unique_per_account",
            ),
        ]
        indexes = [models.Index(fields=("account", "-id"), name="tokens_txn_account_recent")]

    def __str__(self) -> str:
        return f"{self.transaction_type} {self.amount:+d} -> {self.balance_after}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise LedgerRowImmutable("Ledger rows are append-only; write a correcting entry.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise LedgerRowImmutable("Ledger rows are append-only; write a correcting entry.")


class HoldStatus(models.TextChoices):
    OPEN = "open", "Open"
    CAPTURED = "captured", "Captured"
    RELEASED = "released", "Released"
    # Released because it outlived a time to live; holds no longer expire (every analysis ends),
    # and older rows keep this status.
    EXPIRED = "expired", "Expired"


class TokenHold(models.Model):
    """Tokens reserved for a job: counted in the account's `held` until captured or released."""

    account = models.ForeignKey(TokenAccount, on_delete=models.PROTECT, related_name="holds")
    amount = models.BigIntegerField()
    status = models.CharField(max_length=16, choices=HoldStatus.choices, default=HoldStatus.OPEN)
    reference_id = models.CharField(max_length=64, blank=True, db_index=True)
    description = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    capture = models.OneToOneField(
        TokenTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="hold"
    )

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="tokens_hold_amount_positive"),
            models.CheckConstraint(
                condition=Q(status=HoldStatus.OPEN, resolved_at__isnull=True)
                | (~Q(status=HoldStatus.OPEN) & Q(resolved_at__isnull=False)),
                name="tokens_hold_resolved_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"hold {self.pk} {self.amount} {self.status}"
