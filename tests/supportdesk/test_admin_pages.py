"""The support desk in a real Chromium: the action menu by permission, and the request-id column
in view on a laptop screen."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.models import User
from monitoring.services import error_event_record
from supportdesk.groups import SUPPORT_GROUP
from tests.support.browser import screenshot
from tokens.models import TransactionType
from tokens.services import tokens_credit

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-staff-password-2026"


def staff_member(email: str, *permissions: str, group: str | None = None) -> User:
    member = User.objects.create_user(email=email, password=PASSWORD, name="Desk", is_staff=True)
    for name in permissions:
        app_label, codename = name.split(".")
        member.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    if group:
        member.groups.add(Group.objects.get(name=group))
    return member


def admin_page(browser: Any, site: str, member: User, width: int = 1280) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", member.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    return page


def action_menu(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "select[name=action] option", "options => options.map(option => option.value)"
    )


def test_the_grant_action_is_in_the_menu_only_for_those_allowed_to_grant(
    browser: Any, site: str
) -> None:
    customer = User.objects.create_user(email="customer@example.com", password=PASSWORD, name="C")
    tokens_credit(user=customer, amount=30, transaction_type=TransactionType.PURCHASE)
    viewer = staff_member("viewer@example.com", "tokens.view_tokenaccount")
    support = staff_member("support@example.com", group=SUPPORT_GROUP)

    page = admin_page(browser, site, viewer)
    page.goto(f"{site}/admin/tokens/tokenaccount/")
    assert "Agentic Deals support" in page.text_content("#site-name")
    assert "adjust_tokens" not in action_menu(page)
    screenshot(page, "admin-view-only-actions")
    page.context.close()

    page = admin_page(browser, site, support)
    page.goto(f"{site}/admin/tokens/tokenaccount/")
    assert "adjust_tokens" in action_menu(page)
    page.check("input.action-select")
    page.select_option("select[name=action]", "adjust_tokens")
    page.click("button[name=index]")
    page.fill("#id_amount", "15")
    page.fill("#id_reason", "goodwill after a failed order")
    page.click("input[name=apply]")
    page.wait_for_selector("ul.messagelist li.success")
    customer.token_account.refresh_from_db()
    assert customer.token_account.balance == 45
    page.context.close()


def test_the_request_id_column_stays_in_view_at_1280_pixels(browser: Any, site: str) -> None:
    customer = User.objects.create_user(
        email="a-rather-long-customer-address-for-the-table@example.com",
        password=PASSWORD,
        name="C",
    )
    request_id = "f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
    error_event_record(
        request_id=request_id,
        code="CONFLICT_IDEMPOTENCY_KEY_REUSED",
        status=409,
        method="POST",
        path="/api/v1/deals/123456/analyses/with/a/long/path/segment/for/the/table",
        user_id=customer.pk,
    )
    support = staff_member("support@example.com", group=SUPPORT_GROUP)
    page = admin_page(browser, site, support, width=1280)
    page.goto(f"{site}/admin/monitoring/errorevent/?q={request_id}")
    cell = page.locator(".field-request_id_text").first
    box = cell.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 1280
    assert cell.text_content().strip() == request_id
    overflows = cell.evaluate("cell => cell.scrollWidth > cell.clientWidth")
    assert not overflows
    screenshot(page, "admin-errors-1280")
    page.context.close()
