"""The ledger services, one behaviour at a time."""

from __future__ import annotations

import pytest
from django.db import transaction

from errors import exceptions as app_errors
from tests.tokens.conftest import balance_of
from tokens.holds import tokens_capture, tokens_hold, tokens_release
from tokens.models import HoldStatus, TokenHold, TokenTransaction, TransactionType
from tokens.services import tokens_adjust, tokens_credit, tokens_deduct

pytestmark = pytest.mark.django_db


def test_deduct_tokens_success(funded_user) -> None:
    """The spec's first token test: a deduction lowers the balance and writes one ledger row."""
    user = funded_user(100)
    charge = tokens_deduct(
        user=user,
        amount=10,
        transaction_type=TransactionType.AI_USAGE,
        description="analysis",
        reference_id="deal-42",
    )
    assert charge.amount == -10
    assert charge.balance_after == 90
    assert charge.reference_id == "deal-42"
    assert balance_of(user) == (90, 0)
    assert user.token_account.lifetime_spent == 10
    assert TokenTransaction.objects.filter(account__user=user).count() == 2


def test_deduct_tokens_insufficient_balance(funded_user) -> None:
    """The spec's second token test: not enough tokens is a 402 with exact details, no change."""
    user = funded_user(5)
    with pytest.raises(app_errors.InsufficientBalanceError) as raised:
        tokens_deduct(user=user, amount=10)
    error = raised.value
    assert error.status_code == 402
    assert error.code == "TOKEN_INSUFFICIENT_BALANCE"
    assert error.message == "Insufficient token balance. Required: 10, Available: 5"
    assert error.details == {"required_amount": 10, "available_balance": 5, "missing_amount": 5}
    assert balance_of(user) == (5, 0)
    assert TokenTransaction.objects.filter(account__user=user).count() == 1


def test_a_user_without_an_account_has_nothing_to_spend(make_user) -> None:
    user = make_user()
    with pytest.raises(app_errors.InsufficientBalanceError) as raised:
        tokens_deduct(user=user, amount=1)
    assert raised.value.details["available_balance"] == 0


def test_held_tokens_are_not_available(funded_user) -> None:
    user = funded_user(10)
    tokens_hold(user=user, amount=8)
    assert balance_of(user) == (10, 8)
    with pytest.raises(app_errors.InsufficientBalanceError) as raised:
        tokens_deduct(user=user, amount=3)
    assert raised.value.details == {
        "required_amount": 3,
        "available_balance": 2,
        "missing_amount": 1,
    }


def test_credit_types_cannot_be_spent_and_spending_types_cannot_credit(funded_user) -> None:
    user = funded_user(10)
    with pytest.raises(app_errors.ValidationError):
        tokens_deduct(user=user, amount=1, transaction_type=TransactionType.PURCHASE)
    with pytest.raises(app_errors.ValidationError):
        tokens_credit(user=user, amount=1, transaction_type=TransactionType.AI_USAGE)
    assert balance_of(user) == (10, 0)


@pytest.mark.parametrize("amount", [0, -1, 1.5, True, 10**30, "3"])
def test_amounts_must_be_positive_bounded_integers(funded_user, amount) -> None:
    user = funded_user(10)
    with pytest.raises(app_errors.ValidationError):
        tokens_deduct(user=user, amount=amount)
    assert balance_of(user) == (10, 0)


def test_a_repeated_idempotency_key_charges_once(funded_user) -> None:
    user = funded_user(10)
    first = tokens_deduct(user=user, amount=4, idempotency_key="job-1")
    again = tokens_deduct(user=user, amount=4, idempotency_key="job-1")
    assert again.pk == first.pk
    assert balance_of(user) == (6, 0)
    with pytest.raises(app_errors.IdempotencyKeyReusedError):
        tokens_deduct(user=user, amount=5, idempotency_key="job-1")


def test_capture_charges_the_hold_once(funded_user) -> None:
    user = funded_user(20)
    hold = tokens_hold(user=user, amount=5, reference_id="analysis-7")
    charge = tokens_capture(hold_id=hold.pk)
    assert charge.transaction_type == TransactionType.AI_USAGE
    assert charge.amount == -5
    assert charge.reference_id == "analysis-7"
    assert balance_of(user) == (15, 0)
    hold.refresh_from_db()
    assert (hold.status, hold.capture_id) == (HoldStatus.CAPTURED, charge.pk)
    with pytest.raises(app_errors.HoldResolvedError) as raised:
        tokens_capture(hold_id=hold.pk)
    assert raised.value.details == {"hold_id": hold.pk, "status": "captured"}
    with pytest.raises(app_errors.HoldResolvedError):
        tokens_release(hold_id=hold.pk)
    assert balance_of(user) == (15, 0)


def test_a_capture_repeated_with_its_key_answers_the_first_charge_and_charges_once(
    funded_user,
) -> None:
    user = funded_user(20)
    hold = tokens_hold(user=user, amount=5)
    first = tokens_capture(hold_id=hold.pk, idempotency_key="analysis:7")
    assert tokens_capture(hold_id=hold.pk, idempotency_key="analysis:7") == first
    for other_key in ("analysis:8", None):
        with pytest.raises(app_errors.HoldResolvedError):
            tokens_capture(hold_id=hold.pk, idempotency_key=other_key)
    assert balance_of(user) == (15, 0)
    assert TokenTransaction.objects.filter(transaction_type=TransactionType.AI_USAGE).count() == 1


def test_a_released_hold_cannot_be_captured_even_with_a_key(funded_user) -> None:
    user = funded_user(20)
    hold = tokens_hold(user=user, amount=5)
    tokens_release(hold_id=hold.pk)
    with pytest.raises(app_errors.HoldResolvedError):
        tokens_capture(hold_id=hold.pk, idempotency_key="analysis:7")
    assert balance_of(user) == (20, 0)


def test_release_frees_the_hold_without_a_charge(funded_user) -> None:
    user = funded_user(20)
    hold = tokens_hold(user=user, amount=5)
    tokens_release(hold_id=hold.pk)
    assert balance_of(user) == (20, 0)
    assert TokenTransaction.objects.filter(account__user=user).count() == 1
    with pytest.raises(app_errors.HoldResolvedError):
        tokens_capture(hold_id=hold.pk)


def test_staff_adjustments_need_a_reason_and_record_the_actor(funded_user, make_user) -> None:
    user = funded_user(10)
    staff = make_user(email="support@example.com")
    staff.is_staff = True
    staff.save()
    with pytest.raises(app_errors.ValidationError):
        tokens_adjust(user=user, amount=5, reason="  ", actor=staff)
    with pytest.raises(app_errors.PermissionDeniedError):
        tokens_adjust(user=user, amount=5, reason="goodwill", actor=user)
    grant = tokens_adjust(user=user, amount=5, reason="goodwill after outage", actor=staff)
    assert (grant.amount, grant.actor, grant.metadata) == (
        5,
        staff,
        {"reason": "goodwill after outage"},
    )
    correction = tokens_adjust(
        user=user, amount=-5, reason="granted twice", actor=staff, corrects=grant
    )
    assert correction.corrects == grant
    assert correction.reference_id == str(grant.pk)
    assert balance_of(user) == (10, 0)
    with pytest.raises(app_errors.InsufficientBalanceError):
        tokens_adjust(user=user, amount=-11, reason="too much", actor=staff)


def test_adjustments_of_ones_own_account_or_above_the_cap_are_refused_to_every_caller(
    funded_user, make_user
) -> None:
    user = funded_user(10)
    staff = make_user(email="support@example.com")
    staff.is_staff = True
    staff.save()
    superuser = make_user(email="root@example.com")
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    with pytest.raises(app_errors.PermissionDeniedError) as own:
        tokens_adjust(user=superuser, amount=1, reason="for me", actor=superuser)
    assert own.value.details == {"reason": "own_account"}
    with pytest.raises(app_errors.PermissionDeniedError) as above:
        tokens_adjust(user=user, amount=10_001, reason="goodwill", actor=staff)
    assert above.value.details == {"reason": "above_cap", "cap": 10_000}
    assert TokenTransaction.objects.filter(account__user=user).count() == 1
    tokens_adjust(user=user, amount=10_001, reason="goodwill", actor=superuser)
    assert balance_of(user) == (10_011, 0)


def test_an_error_after_the_debit_leaves_no_row_and_no_change(funded_user) -> None:
    user = funded_user(10)

    class Injected(Exception):
        pass

    def charge_then_fail() -> None:
        with transaction.atomic():
            tokens_deduct(user=user, amount=4)
            tokens_hold(user=user, amount=2)
            raise Injected

    with pytest.raises(Injected):
        charge_then_fail()
    assert balance_of(user) == (10, 0)
    assert TokenTransaction.objects.filter(account__user=user).count() == 1
    assert not TokenHold.objects.exists()
