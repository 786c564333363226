"""Admin actions that move money, re-run jobs or end sessions need their own permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import SignInSession
from accounts.sessions import session_start
from ai.models import Analysis, AnalysisStatus
from deals.models import Deal
from supportdesk.groups import SUPPORT_GROUP
from tokens.models import TokenTransaction, TransactionType
from tokens.services import token_account_for

pytestmark = pytest.mark.django_db

ACCOUNTS = "/admin/tokens/tokenaccount/"
ANALYSES = "/admin/ai/analysis/"
USERS = "/admin/accounts/user/"


def action_names(page: str) -> set[str]:
    import re

    return set(re.findall(r'<option value="([a-z_]+)"', page))


def adjustments() -> int:
    return TokenTransaction.objects.filter(
        transaction_type=TransactionType.ADMIN_ADJUSTMENT
    ).count()


def test_view_only_staff_neither_see_nor_can_post_the_grant_action(staff_with, funded_user) -> None:
    viewer = staff_with("tokens.view_tokenaccount")
    account = funded_user(30).token_account
    listing = viewer.get(ACCOUNTS)
    assert listing.status_code == 200
    assert "adjust_tokens" not in action_names(listing.content.decode())

    forged = viewer.post(
        ACCOUNTS,
        {
            "action": "adjust_tokens",
            "_selected_action": [account.pk],
            "apply": "1",
            "amount": 1_000_000,
            "reason": "forged",
        },
    )
    assert forged.status_code == 403
    assert adjustments() == 0
    account.refresh_from_db()
    assert account.balance == 30


@pytest.fixture
def failed_analysis(funded_user) -> Analysis:
    owner = funded_user(30)
    deal = Deal.objects.create(owner=owner, title="Kettle", price="20.00")
    return Analysis.objects.create(
        deal=deal,
        user=owner,
        status=AnalysisStatus.FAILED,
        cost=5,
        error_code="INTEGRATION_AI_UNAVAILABLE",
        finished_at=timezone.now(),
    )


def test_view_only_staff_neither_see_nor_can_post_the_requeue_action(
    staff_with, failed_analysis
) -> None:
    analysis = failed_analysis
    viewer = staff_with("ai.view_analysis")
    assert "requeue_failed" not in action_names(viewer.get(ANALYSES).content.decode())
    forged = viewer.post(ANALYSES, {"action": "requeue_failed", "_selected_action": [analysis.pk]})
    assert forged.status_code == 403
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.FAILED


def test_view_only_staff_cannot_revoke_sessions(staff_with, user) -> None:
    session_start(user=user)
    viewer = staff_with("accounts.view_user")
    assert "revoke_sessions" not in action_names(viewer.get(USERS).content.decode())
    forged = viewer.post(USERS, {"action": "revoke_sessions", "_selected_action": [user.pk]})
    assert forged.status_code == 403
    assert SignInSession.objects.get(user=user).revoked_at is None


def group_permissions() -> set[str]:
    group = Group.objects.get(name=SUPPORT_GROUP)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_the_support_group_may_act_and_read_but_never_edit_users_or_the_ledger() -> None:
    held = group_permissions()
    assert {
        "tokens.adjust_tokenaccount",
        "ai.requeue_analysis",
        "accounts.revoke_signinsession",
        "monitoring.view_errorevent",
        "tokens.view_tokentransaction",
    } <= held
    writes = {
        name for name in held if name.split(".")[1].startswith(("add_", "change_", "delete_"))
    }
    assert writes == set()


def test_migrate_leaves_the_support_group_as_an_administrator_left_it() -> None:
    group = Group.objects.get(name=SUPPORT_GROUP)
    group.permissions.remove(
        Permission.objects.get(content_type__app_label="tokens", codename="adjust_tokenaccount")
    )
    call_command("migrate", verbosity=0)
    assert "tokens.adjust_tokenaccount" not in group_permissions()


def test_a_forged_action_hidden_among_several_values_is_refused_too(
    staff_with, funded_user
) -> None:
    viewer = staff_with("tokens.view_tokenaccount")
    account = funded_user(30).token_account
    forged = viewer.post(
        ACCOUNTS,
        {
            "action": ["adjust_tokens", "delete_selected"],
            "index": "0",
            "_selected_action": [account.pk],
            "apply": "1",
            "amount": 500,
            "reason": "forged",
        },
    )
    assert forged.status_code == 403
    assert adjustments() == 0


def test_support_staff_grant_tokens_with_a_reason_and_the_ledger_names_them(
    staff_with, funded_user
) -> None:
    support = staff_with(group=SUPPORT_GROUP)
    account = funded_user(30).token_account
    assert "adjust_tokens" in action_names(support.get(ACCOUNTS).content.decode())
    done = support.post(
        ACCOUNTS,
        {
            "action": "adjust_tokens",
            "_selected_action": [account.pk],
            "apply": "1",
            "amount": 25,
            "reason": "refund for a failed order",
        },
    )
    assert done.status_code == 302
    entry = TokenTransaction.objects.get(transaction_type=TransactionType.ADMIN_ADJUSTMENT)
    assert (entry.amount, entry.actor, entry.metadata) == (
        25,
        support.staff,
        {"reason": "refund for a failed order"},
    )


def test_support_staff_revoke_a_users_sessions(staff_with, user) -> None:
    api_refresh = session_start(user=user)["refresh"]
    session_start(user=user)
    support = staff_with(group=SUPPORT_GROUP)
    done = support.post(USERS, {"action": "revoke_sessions", "_selected_action": [user.pk]})
    assert done.status_code == 302
    assert SignInSession.objects.filter(user=user, revoked_at__isnull=True).count() == 0
    assert set(SignInSession.objects.values_list("revoked_by", flat=True)) == {support.staff.pk}
    refused = Client().post(
        "/api/v1/auth/token/refresh", {"refresh": api_refresh}, content_type="application/json"
    )
    assert refused.json()["details"] == {"reason": "revoked"}


def test_support_staff_can_read_but_not_edit_a_user(staff_with, user) -> None:
    support = staff_with(group=SUPPORT_GROUP)
    page = support.get(f"/admin/accounts/user/{user.pk}/change/")
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    forged = support.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {"email": user.email, "name": user.name, "is_staff": "on", "is_superuser": "on"},
    )
    assert forged.status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser


def test_superusers_see_every_guarded_action(staff_with, failed_analysis) -> None:
    admin = staff_with()
    admin.staff.is_superuser = True
    admin.staff.save()
    assert "adjust_tokens" in action_names(admin.get(ACCOUNTS).content.decode())
    assert "requeue_failed" in action_names(admin.get(ANALYSES).content.decode())
    assert "revoke_sessions" in action_names(admin.get(USERS).content.decode())


def adjust(client: Client, account_pk: int | list[int], amount: int) -> list[tuple[str, str]]:
    """Post the grant action through the admin; the messages the next page shows."""
    response = client.post(
        ACCOUNTS,
        {
            "action": "adjust_tokens",
            "_selected_action": account_pk,
            "apply": "1",
            "amount": amount,
            "reason": "goodwill",
        },
        follow=True,
    )
    assert response.status_code == 200
    return [(message.level_tag, message.message) for message in response.context["messages"]]


@pytest.mark.parametrize("superuser", [False, True], ids=["support", "superuser"])
def test_nobody_adjusts_their_own_account_not_even_a_superuser(staff_with, superuser) -> None:
    staff = staff_with(group=SUPPORT_GROUP)
    staff.staff.is_superuser = superuser
    staff.staff.save()
    own = token_account_for(user=staff.staff)
    shown = adjust(staff, own.pk, 25)
    assert shown == [("error", "Nobody adjusts their own balance; ask another member of staff.")]
    assert adjustments() == 0
    own.refresh_from_db()
    assert own.balance == 0


def test_support_staff_cannot_grant_more_than_the_cap_in_one_action(
    staff_with, funded_user
) -> None:
    support = staff_with(group=SUPPORT_GROUP)
    account = funded_user(30).token_account
    shown = adjust(support, account.pk, 10_001)
    assert shown == [
        ("error", "Adjustments of more than 10000 tokens in one action need a superuser.")
    ]
    assert adjust(support, account.pk, -10_001)[0][0] == "error"
    assert adjustments() == 0
    account.refresh_from_db()
    assert account.balance == 30


def test_support_staff_may_grant_up_to_the_cap(staff_with, funded_user) -> None:
    support = staff_with(group=SUPPORT_GROUP)
    account = funded_user(30).token_account
    assert adjust(support, account.pk, 10_000) == [("success", "Adjusted 1 account(s).")]
    assert adjust(support, account.pk, -10_000) == [("success", "Adjusted 1 account(s).")]
    assert list(
        TokenTransaction.objects.filter(transaction_type=TransactionType.ADMIN_ADJUSTMENT)
        .order_by("pk")
        .values_list("amount", "actor")
    ) == [(10_000, support.staff.pk), (-10_000, support.staff.pk)]


def test_a_superuser_may_grant_more_than_the_cap(staff_with, funded_user) -> None:
    admin = staff_with()
    admin.staff.is_superuser = True
    admin.staff.save()
    account = funded_user(30).token_account
    assert adjust(admin, account.pk, 1_000_000) == [("success", "Adjusted 1 account(s).")]
    entry = TokenTransaction.objects.get(transaction_type=TransactionType.ADMIN_ADJUSTMENT)
    assert (entry.amount, entry.balance_after, entry.actor) == (1_000_000, 1_000_030, admin.staff)


def test_the_cap_follows_its_setting(staff_with, funded_user, settings) -> None:
    settings.ADMIN_GRANT_CAP_TOKENS = 100
    support = staff_with(group=SUPPORT_GROUP)
    account = funded_user(30).token_account
    assert adjust(support, account.pk, 101) == [
        ("error", "Adjustments of more than 100 tokens in one action need a superuser.")
    ]
    assert adjust(support, account.pk, 100) == [("success", "Adjusted 1 account(s).")]
    assert adjustments() == 1


def test_the_cap_holds_for_the_whole_action_over_several_accounts(staff_with, funded_user) -> None:
    support = staff_with(group=SUPPORT_GROUP)
    accounts = [funded_user(30, email=f"payer-{n}@example.com").token_account.pk for n in (1, 2)]
    assert adjust(support, accounts, 6_000) == [
        ("error", "Adjustments of more than 10000 tokens in one action need a superuser.")
    ]
    assert adjustments() == 0
    assert adjust(support, accounts, 5_000) == [("success", "Adjusted 2 account(s).")]
    assert adjustments() == 2


def test_an_action_that_includes_ones_own_account_changes_no_account(
    staff_with, funded_user
) -> None:
    support = staff_with(group=SUPPORT_GROUP)
    selected = [funded_user(30).token_account.pk, token_account_for(user=support.staff).pk]
    assert adjust(support, selected, 25) == [
        ("error", "Nobody adjusts their own balance; ask another member of staff.")
    ]
    assert adjustments() == 0
