"""Real threads on separate PostgreSQL connections: never overdrawn, never charged twice."""

from __future__ import annotations

import pytest

from errors import exceptions as app_errors
from tests.support.threads import outcome_counts, race
from tests.tokens.conftest import balance_of
from tokens.holds import tokens_capture, tokens_hold, tokens_release
from tokens.models import TokenHold, TokenTransaction
from tokens.services import tokens_deduct

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_hundred_threads_deducting_one_from_fifty(funded_user) -> None:
    user = funded_user(50)
    results = race(lambda _: tokens_deduct(user=user, amount=1), threads=100)
    counts = outcome_counts(results)
    assert counts == {"TokenTransaction": 50, "InsufficientBalanceError": 50}
    assert balance_of(user) == (0, 0)
    assert TokenTransaction.objects.filter(account__user=user).count() == 51


def test_deductions_and_holds_mixed_never_overdraw(funded_user) -> None:
    user = funded_user(50)

    def work(index: int) -> object:
        if index % 2:
            return tokens_hold(user=user, amount=1)
        return tokens_deduct(user=user, amount=1)

    results = race(work, threads=100)
    counts = outcome_counts(results)
    assert counts["TokenTransaction"] + counts["TokenHold"] == 50
    assert counts["InsufficientBalanceError"] == 50
    balance, held = balance_of(user)
    assert balance == 50 - counts["TokenTransaction"]
    assert held == counts["TokenHold"]
    assert balance - held == 0


def test_capture_and_release_racing_on_one_hold_exactly_one_wins(funded_user) -> None:
    user = funded_user(40)
    holds = [tokens_hold(user=user, amount=2) for _ in range(10)]
    pairs = [(hold.pk, action) for hold in holds for action in ("capture", "release")]

    def work(index: int) -> object:
        hold_id, action = pairs[index]
        if action == "capture":
            return tokens_capture(hold_id=hold_id)
        return tokens_release(hold_id=hold_id)

    results = race(work, threads=len(pairs))
    for hold_index in range(10):
        capture, release = results[2 * hold_index], results[2 * hold_index + 1]
        losers = [r for r in (capture, release) if isinstance(r, app_errors.HoldResolvedError)]
        assert len(losers) == 1, (capture, release)
    captured = sum(isinstance(r, TokenTransaction) for r in results)
    assert balance_of(user) == (40 - 2 * captured, 0)
    assert not TokenHold.objects.filter(status="open").exists()


def test_twenty_racing_deductions_with_one_key_charge_once(funded_user) -> None:
    user = funded_user(100)
    results = race(
        lambda _: tokens_deduct(user=user, amount=7, idempotency_key="one-charge"), threads=20
    )
    assert outcome_counts(results) == {"TokenTransaction": 20}
    assert len({result.pk for result in results}) == 1
    assert balance_of(user) == (93, 0)
