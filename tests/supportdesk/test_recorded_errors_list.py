"""The support desk's recorded errors at a laptop's width, times readable as text, and the
admin's address without its trailing slash."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import User
from monitoring.models import ErrorEvent
from monitoring.services import error_event_record
from tests.support.browser import screenshot
from tokens.holds import tokens_hold, tokens_release
from tokens.models import TransactionType
from tokens.services import tokens_credit

PASSWORD = "a-long-staff-password-2026"
REQUEST_ID = "f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
LONG_PATH = "/api/v1/deals/123456/analyses/with/a/long/path/segment/for/the/table"
LONG_EMAIL = "a-rather-long-customer-address-for-the-table@example.com"
# A time with microseconds: the admin shows it to the second.
MOMENT = datetime(2026, 1, 31, 12, 0, 5, 123456, tzinfo=UTC)
MOMENT_TEXT = "2026-01-31 12:00:05"
MOMENT_MARKUP = f'<time datetime="2026-01-31T12:00:05Z">{MOMENT_TEXT}</time>'


def viewer_of(*permissions: str) -> User:
    """A staff member holding exactly `permissions`, none of them a change or delete."""
    member = User.objects.create_user(
        email="viewer@example.com", password=PASSWORD, name="Desk", is_staff=True
    )
    for name in permissions:
        app_label, codename = name.split(".")
        member.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return member


def record_error(*, request_id: str = REQUEST_ID, user: User | None = None) -> ErrorEvent:
    error_event_record(
        request_id=request_id,
        code="CONFLICT_IDEMPOTENCY_KEY_REUSED",
        status=409,
        method="POST",
        path=LONG_PATH,
        user_id=user.pk if user else None,
    )
    return ErrorEvent.objects.get(request_id=request_id)


def assert_raw_times_absent(html: str) -> None:
    assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d", html)
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d", html)


@pytest.mark.parametrize("path", ["/admin", "/admin?next=/admin/"])
def test_the_admin_without_its_trailing_slash_redirects_to_the_admin(
    api_client: Any, path: str
) -> None:
    response = api_client.get(path)

    assert response.status_code == 301
    assert response["Location"] == "/admin/"


def test_other_addresses_without_a_trailing_slash_stay_not_found(api_client: Any) -> None:
    assert api_client.get("/administrator").status_code == 404
    assert api_client.get("/admin/monitoring/errorevent/").status_code == 302  # to the login


@pytest.mark.django_db
def test_recorded_errors_show_their_time_to_the_second_in_the_list_and_on_the_page() -> None:
    event = record_error()
    ErrorEvent.objects.filter(pk=event.pk).update(created_at=MOMENT)
    client = Client()
    client.force_login(viewer_of("monitoring.view_errorevent"))

    listing = client.get("/admin/monitoring/errorevent/").content.decode()
    detail = client.get(f"/admin/monitoring/errorevent/{event.pk}/change/").content.decode()

    assert MOMENT_MARKUP in listing
    assert MOMENT_MARKUP in detail
    assert ">Time (UTC)<" in listing
    assert_raw_times_absent(listing)
    assert_raw_times_absent(detail)


@pytest.mark.django_db
def test_the_token_ledger_and_holds_show_their_times_to_the_second() -> None:
    customer = User.objects.create_user(email="customer@example.com", password=PASSWORD, name="C")
    with time_machine.travel(MOMENT, tick=False):
        tokens_credit(user=customer, amount=30, transaction_type=TransactionType.PURCHASE)
        hold = tokens_hold(user=customer, amount=5)
        tokens_release(hold_id=hold.pk)
    client = Client()
    client.force_login(viewer_of("tokens.view_tokentransaction", "tokens.view_tokenhold"))

    ledger = client.get("/admin/tokens/tokentransaction/").content.decode()
    holds = client.get("/admin/tokens/tokenhold/").content.decode()

    assert MOMENT_MARKUP in ledger
    assert holds.count(MOMENT_MARKUP) == 2  # created and resolved
    assert ">Created (UTC)<" in holds
    assert_raw_times_absent(ledger)
    assert_raw_times_absent(holds)


@pytest.mark.django_db(transaction=True)
def test_a_view_only_member_reads_a_recorded_error_on_one_line_at_1280_pixels(
    browser: Any, site: str
) -> None:
    customer = User.objects.create_user(email=LONG_EMAIL, password=PASSWORD, name="C")
    record_error(user=customer)
    record_error(request_id="0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
    viewer = viewer_of("monitoring.view_errorevent")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", viewer.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")

    page.goto(f"{site}/admin/monitoring/errorevent/")
    row = page.locator("#result_list tbody tr", has=page.locator(f'[title="{REQUEST_ID}"]'))
    request_id = row.locator(".field-request_id_text .request-id")

    # One line: the value's box and its cell are each one line of text high.
    line_height = float(request_id.evaluate("node => getComputedStyle(node).lineHeight")[:-2])
    assert request_id.bounding_box()["height"] <= 1.5 * line_height
    cell_content_height = row.locator(".field-request_id_text").evaluate(
        "cell => cell.clientHeight - parseFloat(getComputedStyle(cell).paddingTop)"
        " - parseFloat(getComputedStyle(cell).paddingBottom)"
    )
    assert cell_content_height <= 1.5 * line_height
    assert "monospace" in request_id.evaluate("node => getComputedStyle(node).fontFamily")
    # Cut short on screen, whole on hover and when copied: one click selects all of it.
    assert request_id.get_attribute("title") == REQUEST_ID
    assert request_id.text_content() == REQUEST_ID
    request_id.click()
    assert page.evaluate("() => String(window.getSelection())") == REQUEST_ID

    # Time, status, method and path all in view, with nothing to scroll sideways.
    for column in ("time", "status", "method", "path_text"):
        box = row.locator(f".field-{column}").bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 1280
    assert row.locator(".field-time").text_content() == row.locator("time").text_content()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", row.locator("time").text_content())
    assert row.locator(".field-status").text_content() == "409"
    assert row.locator(".field-method").text_content() == "POST"
    assert row.locator(".field-path_text span").get_attribute("title") == LONG_PATH
    assert row.locator(".field-user_text span").get_attribute("title") == LONG_EMAIL
    results = page.locator("#changelist-form .results")
    assert results.evaluate("node => node.scrollWidth <= node.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    # The time is the link to the recorded error.
    row.locator(".field-time a").click()
    page.wait_for_url("**/change/")
    assert LONG_PATH in page.text_content(".field-path")
    page.go_back()
    page.wait_for_selector("#result_list")
    screenshot(page, "admin-recorded-errors-1280")
    context.close()
