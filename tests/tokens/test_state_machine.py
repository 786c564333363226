"""A Hypothesis state machine drives the ledger services and checks them against a model."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from accounts.models import User
from errors import exceptions as app_errors
from tokens.holds import tokens_capture, tokens_hold, tokens_release
from tokens.models import TokenAccount, TransactionType
from tokens.selectors import ledger_drift
from tokens.services import tokens_adjust, tokens_credit, tokens_deduct

_emails = itertools.count()
amounts = st.integers(min_value=1, max_value=60)
keys = st.one_of(st.none(), st.sampled_from(["k1", "k2", "k3"]))


class LedgerMachine(RuleBasedStateMachine):
    """The model: a balance, held tokens, open holds, resolved holds, and keys already used."""

    @initialize()
    def open_account(self) -> None:
        number = next(_emails)
        self.user = User.objects.create_user(
            email=f"model{number}@example.com", password="x", name="M"
        )
        self.staff = User.objects.create_user(
            email=f"staff{number}@example.com", password="x", name="S", is_staff=True
        )
        self.balance = 0
        self.held = 0
        self.open_holds: dict[int, int] = {}
        self.resolved_holds: set[int] = set()
        self.keys: dict[str, tuple[str, int]] = {}

    @property
    def available(self) -> int:
        return self.balance - self.held

    def _keyed(self, key: str | None, kind: str, amount: int) -> str:
        """'new', 'replay' or 'reused' for a key in the model."""
        if key is None or key not in self.keys:
            return "new"
        return "replay" if self.keys[key] == (kind, amount) else "reused"

    @rule(amount=amounts, key=keys)
    def credit(self, amount: int, key: str | None) -> None:
        expected = self._keyed(key, "purchase", amount)
        try:
            tokens_credit(
                user=self.user,
                amount=amount,
                transaction_type=TransactionType.PURCHASE,
                idempotency_key=key,
            )
        except app_errors.IdempotencyKeyReusedError:
            assert expected == "reused"
            return
        assert expected in {"new", "replay"}
        if expected == "new":
            self.balance += amount
            if key:
                self.keys[key] = ("purchase", amount)

    @rule(amount=amounts, key=keys)
    def deduct(self, amount: int, key: str | None) -> None:
        expected = self._keyed(key, "ai_usage", amount)
        try:
            tokens_deduct(user=self.user, amount=amount, idempotency_key=key)
        except app_errors.IdempotencyKeyReusedError:
            assert expected == "reused"
        except app_errors.InsufficientBalanceError as error:
            assert expected == "new"
            assert amount > self.available
            assert error.details["available_balance"] == self.available  # noqa: PT017
        else:
            assert expected in {"new", "replay"}
            if expected == "new":
                assert amount <= self.available
                self.balance -= amount
                if key:
                    self.keys[key] = ("ai_usage", amount)

    @rule(amount=amounts)
    def hold(self, amount: int) -> None:
        try:
            hold = tokens_hold(user=self.user, amount=amount)
        except app_errors.InsufficientBalanceError:
            assert amount > self.available
        else:
            assert amount <= self.available
            self.held += amount
            self.open_holds[hold.pk] = amount

    def _some_hold(self, data: st.DataObject) -> int | None:
        choices = sorted(self.open_holds) + sorted(self.resolved_holds)
        return data.draw(st.sampled_from(choices)) if choices else None

    @rule(data=st.data())
    def capture(self, data: st.DataObject) -> None:
        hold_id = self._some_hold(data)
        if hold_id is None:
            return
        try:
            tokens_capture(hold_id=hold_id)
        except app_errors.HoldResolvedError:
            assert hold_id in self.resolved_holds
        else:
            amount = self.open_holds.pop(hold_id)
            self.resolved_holds.add(hold_id)
            self.held -= amount
            self.balance -= amount

    @rule(data=st.data())
    def release(self, data: st.DataObject) -> None:
        hold_id = self._some_hold(data)
        if hold_id is None:
            return
        try:
            tokens_release(hold_id=hold_id)
        except app_errors.HoldResolvedError:
            assert hold_id in self.resolved_holds
        else:
            self.held -= self.open_holds.pop(hold_id)
            self.resolved_holds.add(hold_id)

    @rule(amount=st.integers(min_value=-60, max_value=60).filter(bool))
    def adjust(self, amount: int) -> None:
        try:
            tokens_adjust(user=self.user, amount=amount, reason="model step", actor=self.staff)
        except app_errors.InsufficientBalanceError:
            assert amount < 0
            assert -amount > self.available
        else:
            assert amount > 0 or -amount <= self.available
            self.balance += amount

    @invariant()
    def matches_the_model(self) -> None:
        if not hasattr(self, "user"):
            return
        account = TokenAccount.objects.filter(user=self.user).first()
        balance, held = (account.balance, account.held) if account else (0, 0)
        assert (balance, held) == (self.balance, self.held)
        assert 0 <= held <= balance

    @invariant()
    def reconciles(self) -> None:
        assert ledger_drift() == []


@pytest.mark.django_db
def test_the_ledger_matches_an_in_memory_model_step_by_step() -> None:
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(max_examples=40, stateful_step_count=25, deadline=None, database=None),
    )
