"""The account page in a real Chromium, with two browsers signed in as one user: a new password,
or "Sign out everywhere else", in one signs the other out at its next call, and the first stays
signed in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from accounts.models import RevokeReason, SignInSession
from tests.support.browser import screenshot
from tests.web.conftest import Account, call_api, log_in
from tests.web.test_pages import assert_screenshot, notice_titled, session_cookie
from web.checks import check_support_email

NEW_PASSWORD = "another-browser-passphrase-2026"


@pytest.fixture
def other_browser(browser: Any) -> Iterator[Any]:
    """A second browser of the same person (its own cookies and memory), as `page` is the first."""
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    browser_page = context.new_page()
    browser_page.set_default_timeout(15_000)
    errors: list[str] = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    browser_page.page_errors = errors
    yield browser_page
    context.close()


def open_account_page(browser_page: Any, site: str, sessions: int) -> None:
    browser_page.goto(f"{site}/account")
    browser_page.wait_for_selector("[data-sessions]:not([aria-busy])", state="attached")
    assert browser_page.locator(".session-item").count() == sessions


def signed_in_twice(page: Any, other_browser: Any, site: str, account: Account) -> None:
    """Both browsers signed in and on the account page; the account's API sign-in (its
    fixture) is a third session."""
    log_in(page, site, account)
    log_in(other_browser, site, account)
    open_account_page(other_browser, site, sessions=3)
    page.click("[data-account-link]")
    page.wait_for_url(f"{site}/account")
    page.wait_for_selector("[data-sessions]:not([aria-busy])", state="attached")
    assert page.locator(".session-item").count() == 3
    current = page.locator(".session-item[data-current]")
    assert current.count() == 1
    assert "This browser" in current.text_content()
    assert page.locator(".session-item").first.get_attribute("data-current") == ""


def assert_signed_out_at_its_next_call(browser_page: Any, site: str, act: Any) -> None:
    """The browser still shows the page; the next call it makes is refused, and it lands on the
    sign-in page without its session cookie."""
    act(browser_page)
    browser_page.wait_for_url(f"{site}/login?next=%2Faccount")
    browser_page.wait_for_selector("#email")
    assert session_cookie(browser_page) is None


def assert_still_signed_in(browser_page: Any, site: str, account: Account) -> None:
    browser_page.reload()
    browser_page.wait_for_selector("[data-sessions]:not([aria-busy])", state="attached")
    assert browser_page.url == f"{site}/account"
    browser_page.wait_for_selector(f"[data-user-email]:text-is('{account.email}')")
    assert browser_page.locator(".session-item").count() == 1
    assert browser_page.locator(".session-item[data-current]").count() == 1
    assert browser_page.is_disabled("[data-end-others]")


def assert_api_session_ended(site: str, account: Account) -> None:
    status, body = call_api(site, "POST", "/auth/token/refresh", {"refresh": account.refresh})
    assert (status, body["details"]) == (401, {"reason": "revoked"})
    status, body = call_api(site, "GET", "/auth/me", token=account.access)
    assert (status, body["code"]) == (401, "AUTH_TOKEN_INVALID")


def test_a_new_password_signs_out_the_other_browser_and_keeps_this_one(
    page: Any, other_browser: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    signed_in_twice(page, other_browser, site, account)
    assert "support@example.com" in page.text_content("[data-support]")
    assert_screenshot(screenshot(page, "account"))

    page.fill("#current_password", "not-the-password")
    page.fill("#new_password", NEW_PASSWORD)
    page.click("[data-form=password] button[type=submit]")
    page.wait_for_selector("#current_password-error:not([hidden])")
    assert page.get_attribute("#current_password", "aria-invalid") == "true"

    page.fill("#current_password", account.password)
    page.fill("#new_password", "qwertyuiop")
    page.click("[data-form=password] button[type=submit]")
    page.wait_for_selector("#new_password-error:not([hidden])")
    assert "common" in page.text_content("#new_password-error")
    assert page.is_hidden("#current_password-error")
    assert_screenshot(screenshot(page, "account-password-refused"))

    page.fill("#new_password", NEW_PASSWORD)
    page.click("[data-form=password] button[type=submit]")
    notice = notice_titled(page, "Password changed")
    assert "2 other sessions were signed out" in notice.text_content()
    page.wait_for_selector(".session-item:nth-child(2)", state="detached")
    assert page.locator(".session-item").count() == 1
    assert page.input_value("#current_password") == ""
    assert_screenshot(screenshot(page, "account-password-changed"))

    def change_password_there(browser_page: Any) -> None:
        browser_page.fill("#current_password", account.password)
        browser_page.fill("#new_password", "yet-another-passphrase-2026")
        browser_page.click("[data-form=password] button[type=submit]")

    assert_signed_out_at_its_next_call(other_browser, site, change_password_there)
    assert_screenshot(screenshot(other_browser, "account-other-browser-signed-out"))
    assert_api_session_ended(site, account)
    assert_still_signed_in(page, site, account)
    revoked = SignInSession.objects.filter(user_id=account.user_id, revoked_at__isnull=False)
    assert set(revoked.values_list("revoked_reason", flat=True)) == {RevokeReason.PASSWORD}
    assert revoked.count() == 2  # the password the other browser sent changed nothing
    status, _ = call_api(
        site, "POST", "/auth/token", {"email": account.email, "password": NEW_PASSWORD}
    )
    assert status == 200
    assert page.page_errors == other_browser.page_errors == []


def test_signing_out_everywhere_else_signs_out_the_other_browser_and_keeps_this_one(
    page: Any, other_browser: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    signed_in_twice(page, other_browser, site, account)

    page.click("[data-end-others]")
    notice = notice_titled(page, "Signed out everywhere else")
    assert "2 other sessions were signed out" in notice.text_content()
    page.wait_for_selector(".session-item:nth-child(2)", state="detached")
    assert page.locator(".session-item").count() == 1
    assert page.is_disabled("[data-end-others]")
    assert_screenshot(screenshot(page, "account-signed-out-elsewhere"))

    assert_signed_out_at_its_next_call(
        other_browser, site, lambda browser_page: browser_page.click("[data-end-others]")
    )
    assert_api_session_ended(site, account)
    assert_still_signed_in(page, site, account)
    revoked = SignInSession.objects.filter(user_id=account.user_id, revoked_at__isnull=False)
    assert set(revoked.values_list("revoked_reason", flat=True)) == {RevokeReason.ELSEWHERE}
    assert revoked.count() == 2
    assert page.page_errors == other_browser.page_errors == []


def test_the_account_page_runs_no_inline_code_and_labels_every_input(
    page: Any, site: str, make_account: Any
) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, site, make_account())
    open_account_page(page, site, sessions=2)
    unlabelled = page.evaluate(
        """Array.from(document.querySelectorAll('input, select, textarea'))
            .filter((input) => input.labels.length === 0).map((input) => input.name)"""
    )
    assert unlabelled == []
    assert page.get_attribute("[data-account-link]", "aria-current") == "page"
    assert violations == []


def test_the_account_page_without_a_session_goes_to_sign_in_and_back(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    page.goto(f"{site}/account")
    page.wait_for_url(f"{site}/login?next=%2Faccount")
    page.fill("#email", account.email)
    page.fill("#password", account.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site}/account")
    page.wait_for_selector(".session-item[data-current]")


def test_the_account_page_fits_a_phone_screen(browser: Any, site: str, make_account: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    try:
        log_in(phone, site, make_account())
        open_account_page(phone, site, sessions=2)
        overflow = phone.evaluate(
            "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
        )
        assert overflow <= 0
        assert_screenshot(screenshot(phone, "account-phone"))
    finally:
        context.close()


def test_a_support_email_that_is_no_address_stops_the_start(settings) -> None:
    settings.SUPPORT_EMAIL = "support at example"
    assert [message.id for message in check_support_email()] == ["web.E001"]
    settings.SUPPORT_EMAIL = "help@deals.example.com"
    assert check_support_email() == []
