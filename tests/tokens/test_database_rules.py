"""The database is the wall: raw SQL cannot break a balance or rewrite the ledger."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tokens.models import LedgerRowImmutable, TokenTransaction
from tokens.services import tokens_deduct

pytestmark = pytest.mark.django_db


def execute(sql: str, params: list | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


@pytest.mark.parametrize(
    "assignment", ["balance = -1", "held = balance + 1", "held = -1", "lifetime_spent = -1"]
)
def test_raw_sql_cannot_break_an_account(funded_user, assignment: str) -> None:
    user = funded_user(10)
    with pytest.raises(IntegrityError):
        execute(f"UPDATE tokens_tokenaccount SET {assignment} WHERE user_id = %s", [user.pk])  # noqa: S608


def test_raw_sql_cannot_insert_a_zero_amount(funded_user) -> None:
    user = funded_user(10)
    with pytest.raises(IntegrityError):
        execute(
            "INSERT INTO tokens_tokentransaction (account_id, transaction_type, amount, "
            "balance_after, description, metadata, reference_id, created_at) "
            "VALUES (%s, 'purchase', 0, 10, '', '{}', '', %s)",
            [user.token_account.pk, timezone.now()],
        )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE tokens_tokentransaction SET amount = 1000 WHERE account_id = %s",
        "UPDATE tokens_tokentransaction SET description = 'edited' WHERE account_id = %s",
        "DELETE FROM tokens_tokentransaction WHERE account_id = %s",
    ],
)
def test_raw_sql_cannot_update_or_delete_ledger_rows(funded_user, statement: str) -> None:
    user = funded_user(10)
    with pytest.raises(IntegrityError, match="append-only"):
        execute(statement, [user.token_account.pk])
    assert TokenTransaction.objects.get(account__user=user).amount == 10


def test_the_model_refuses_updates_and_deletes_everywhere(funded_user) -> None:
    user = funded_user(10)
    charge = tokens_deduct(user=user, amount=3)
    charge.description = "edited"
    with pytest.raises(LedgerRowImmutable):
        charge.save()
    with pytest.raises(LedgerRowImmutable):
        charge.delete()
    with pytest.raises(LedgerRowImmutable):
        TokenTransaction.objects.filter(pk=charge.pk).update(amount=-1)
    with pytest.raises(LedgerRowImmutable):
        TokenTransaction.objects.filter(pk=charge.pk).delete()


def test_the_idempotency_key_is_unique_per_account(funded_user) -> None:
    user = funded_user(10)
    tokens_deduct(user=user, amount=1, idempotency_key="k-1")
    with pytest.raises(IntegrityError):
        execute(
            "INSERT INTO tokens_tokentransaction (account_id, transaction_type, amount, "
            "balance_after, description, metadata, reference_id, idempotency_key, created_at) "
            "VALUES (%s, 'ai_usage', -1, 8, '', '{}', '', 'k-1', %s)",
            [user.token_account.pk, timezone.now()],
        )
