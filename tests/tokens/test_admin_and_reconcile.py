"""Support staff: read-only ledger in the admin, reasoned adjustments, reconciliation command."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from tokens.holds import tokens_hold
from tokens.models import TokenAccount, TokenTransaction, TransactionType
from tokens.selectors import ledger_drift
from tokens.services import tokens_deduct

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(make_user) -> Client:
    staff = make_user(email="support@example.com")
    staff.is_staff = True
    staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    client.staff = staff
    return client


def test_admin_pages_show_accounts_ledger_and_holds(staff_client, funded_user) -> None:
    user = funded_user(30)
    tokens_deduct(user=user, amount=4, reference_id="ref-123")
    tokens_hold(user=user, amount=5)
    account = user.token_account
    for url in (
        "/admin/tokens/tokenaccount/",
        f"/admin/tokens/tokenaccount/{account.pk}/change/",
        "/admin/tokens/tokentransaction/?transaction_type__exact=ai_usage",
        "/admin/tokens/tokentransaction/?q=ref-123",
        "/admin/tokens/tokenhold/",
        "/admin/accounts/user/",
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
    page = staff_client.get(f"/admin/tokens/tokenaccount/{account.pk}/change/").content.decode()
    assert 'name="balance"' not in page
    assert "<td>ref-123</td>" in page
    assert f"/admin/tokens/tokentransaction/?account__id__exact={account.pk}" in page


def test_an_accounts_page_shows_its_twenty_newest_entries(staff_client, funded_user) -> None:
    user = funded_user(100)
    for index in range(25):
        tokens_deduct(user=user, amount=1, reference_id=f"step-{index:02d}")
    page = staff_client.get(f"/admin/tokens/tokenaccount/{user.token_account.pk}/change/")
    shown = re.findall(r"<td>(step-\d\d)</td>", page.content.decode())
    assert shown == [f"step-{index:02d}" for index in range(24, 4, -1)]
    assert (
        "ref-123" in staff_client.get("/admin/tokens/tokentransaction/?q=ref-123").content.decode()
    )


def test_the_ledger_cannot_be_edited_or_deleted_through_the_admin(
    staff_client, funded_user
) -> None:
    user = funded_user(30)
    row = TokenTransaction.objects.get(account__user=user)
    response = staff_client.post(
        f"/admin/tokens/tokentransaction/{row.pk}/change/", {"amount": 999}
    )
    assert response.status_code == 403
    assert (
        staff_client.post(
            f"/admin/tokens/tokentransaction/{row.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert staff_client.get("/admin/tokens/tokentransaction/add/").status_code == 403
    assert TokenTransaction.objects.get(pk=row.pk).amount == 30


def test_the_adjust_action_asks_for_a_reason_and_writes_a_ledger_entry(
    staff_client, funded_user
) -> None:
    user = funded_user(30)
    account = user.token_account
    base = {"action": "adjust_tokens", "_selected_action": [account.pk]}
    form_page = staff_client.post("/admin/tokens/tokenaccount/", base)
    assert form_page.status_code == 200
    assert "reason" in form_page.content.decode()
    without_reason = staff_client.post(
        "/admin/tokens/tokenaccount/", {**base, "apply": "1", "amount": 5, "reason": ""}
    )
    assert without_reason.status_code == 200
    assert (
        TokenTransaction.objects.filter(transaction_type=TransactionType.ADMIN_ADJUSTMENT).count()
        == 0
    )
    done = staff_client.post(
        "/admin/tokens/tokenaccount/",
        {**base, "apply": "1", "amount": -12, "reason": "duplicate purchase"},
    )
    assert done.status_code == 302
    entry = TokenTransaction.objects.get(transaction_type=TransactionType.ADMIN_ADJUSTMENT)
    assert (entry.amount, entry.balance_after, entry.actor) == (-12, 18, staff_client.staff)
    assert entry.metadata == {"reason": "duplicate purchase"}


def test_an_adjustment_below_the_held_amount_is_refused_with_a_message(
    staff_client, funded_user
) -> None:
    user = funded_user(10)
    tokens_hold(user=user, amount=8)
    base = {"action": "adjust_tokens", "_selected_action": [user.token_account.pk], "apply": "1"}
    response = staff_client.post(
        "/admin/tokens/tokenaccount/", {**base, "amount": -5, "reason": "x"}, follow=True
    )
    assert "Insufficient token balance" in response.content.decode()
    assert TokenAccount.objects.get(user=user).balance == 10


@pytest.mark.parametrize(
    ("amount", "message"),
    [(0, "Must be a non-zero whole number."), (10**10, "Must be a whole number from 1 to")],
)
def test_the_ledger_rules_refuse_an_adjustment_and_the_admin_says_why(
    staff_client, funded_user, amount, message
) -> None:
    user = funded_user(10)
    base = {"action": "adjust_tokens", "_selected_action": [user.token_account.pk], "apply": "1"}
    response = staff_client.post(
        "/admin/tokens/tokenaccount/", {**base, "amount": amount, "reason": "x"}, follow=True
    )
    assert message in response.content.decode()
    assert not TokenTransaction.objects.filter(
        transaction_type=TransactionType.ADMIN_ADJUSTMENT
    ).exists()


def test_reconcile_tokens_passes_on_a_clean_ledger(funded_user, capsys) -> None:
    funded_user(10)
    call_command("reconcile_tokens")
    assert "no drift" in capsys.readouterr().out


def test_reconcile_tokens_reports_drift_and_exits_non_zero(funded_user, capsys) -> None:
    user = funded_user(10)
    tokens_deduct(user=user, amount=3)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tokens_tokenaccount SET balance = 9, lifetime_earned = 11 WHERE user_id = %s",
            [user.pk],
        )
    with pytest.raises(CommandError, match="drift"):
        call_command("reconcile_tokens")
    errors = capsys.readouterr().err
    assert "balance 9 != sum of ledger amounts 7" in errors
    assert "lifetime_earned 11 != sum of credits 10" in errors
    # Put it back so the after-test reconciliation sees a clean ledger.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tokens_tokenaccount SET balance = 7, lifetime_earned = 10 WHERE user_id = %s",
            [user.pk],
        )
    assert ledger_drift() == []


def test_reconciliation_finds_held_tokens_without_an_open_hold(funded_user) -> None:
    user = funded_user(10)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tokens_tokenaccount SET held = 4 WHERE user_id = %s", [user.pk])
    [drift] = ledger_drift()
    assert "held 4 != sum of open holds 0" in drift.problem
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tokens_tokenaccount SET held = 0 WHERE user_id = %s", [user.pk])


def test_reconcile_tokens_checks_one_account_or_those_changed_since(funded_user, capsys) -> None:
    quiet = funded_user(10, "quiet@example.com")
    drifting = funded_user(20, "drifting@example.com")
    later = timezone.now() + timedelta(hours=2)
    with time_machine.travel(later):
        tokens_deduct(user=funded_user(30, "later@example.com"), amount=1)
    with connection.cursor() as cursor:  # one account drifts, outside any service
        cursor.execute("UPDATE tokens_tokenaccount SET held = 4 WHERE user_id = %s", [drifting.pk])
    account = TokenAccount.objects.get(user=quiet).pk
    call_command("reconcile_tokens", "--account", str(account))
    assert "1 account(s) reconciled, no drift." in capsys.readouterr().out
    call_command("reconcile_tokens", "--since", later.isoformat())
    assert "1 account(s) reconciled, no drift." in capsys.readouterr().out
    with pytest.raises(CommandError, match="1 drift"):
        call_command(
            "reconcile_tokens", "--account", str(TokenAccount.objects.get(user=drifting).pk)
        )
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("reconcile_tokens", "--since", "yesterday")
    with pytest.raises(CommandError, match="No token account"):
        call_command("reconcile_tokens", "--account", "999999")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tokens_tokenaccount SET held = 0 WHERE user_id = %s", [drifting.pk])
    assert ledger_drift() == []
