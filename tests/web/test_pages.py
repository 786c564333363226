"""The pages and their client in a real Chromium: sign-up, deals, analyses, and every failure."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from accounts.models import RevokeReason, SignInSession
from accounts.session_api import SECURE_SESSION_COOKIE
from tests.support.browser import screenshot, server_environment
from tests.support.server import free_port, gunicorn_server, wait_until
from tests.web.conftest import PASSWORD, Account, call_api, log_in

DEAL = {"title": "Noise cancelling headphones", "price": "199.99", "original_price": "349.00"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def notice_titled(page: Any, title: str) -> Any:
    notice = page.locator(".notice", has=page.locator(".notice-title", has_text=title))
    notice.first.wait_for()
    return notice.first


def save_deal(site: str, account: Account) -> dict[str, Any]:
    status, deal = call_api(site, "POST", "/deals", DEAL, token=account.access)
    assert status == 201, deal
    return deal


def assert_screenshot(path: Any) -> None:
    content = path.read_bytes()
    assert content.startswith(PNG_SIGNATURE)
    assert len(content) > 5_000


def test_a_visitor_registers_and_lands_on_their_deals_with_the_signup_bonus(
    page: Any, site: str
) -> None:
    page.goto(f"{site}/register")
    page.fill("#name", "Ada")
    page.fill("#email", "ada-browser@example.com")
    page.fill("#password", PASSWORD)
    assert_screenshot(screenshot(page, "register"))
    page.click("button[type=submit]")

    page.wait_for_url(f"{site}/deals")
    notice_titled(page, "Welcome")
    page.wait_for_selector("[data-balance]:text('100')")
    assert page.text_content("[data-user-email]") == "ada-browser@example.com"
    page.wait_for_selector("[data-deals-empty]", state="visible")
    assert page.locator(".deal-item").count() == 0
    assert page.page_errors == []


def test_registration_with_a_taken_email_and_a_weak_password_explains_both(
    page: Any, site: str, make_account: Any
) -> None:
    taken = make_account()
    page.goto(f"{site}/register")
    page.fill("#name", "Ada")
    page.fill("#email", taken.email)
    page.fill("#password", "12345678")
    page.click("button[type=submit]")

    page.wait_for_selector("#password-error:not([hidden])")
    assert "common" in page.text_content("#password-error")
    assert page.get_attribute("#password", "aria-invalid") == "true"
    assert "password-error" in page.get_attribute("#password", "aria-describedby")

    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    # The taken email beside its field, as the password's rule was.
    page.wait_for_selector("#email-error:not([hidden])")
    assert "already" in page.text_content("#email-error")
    assert page.is_hidden("#password-error")
    assert page.url == f"{site}/register"


def test_a_user_logs_in_and_a_wrong_password_is_an_authentication_error(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    page.goto(f"{site}/login")
    assert_screenshot(screenshot(page, "login"))
    page.fill("#email", account.email)
    page.fill("#password", "not-the-password")
    page.click("button[type=submit]")
    notice = notice_titled(page, "Sign-in failed")
    assert re.search(r"Request id: [0-9a-f-]{36}", notice.text_content())
    assert page.url == f"{site}/login"

    page.fill("#password", account.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site}/deals")
    page.wait_for_selector(f"[data-user-email]:text('{account.email}')")


def test_a_bad_price_shows_its_error_beside_the_price_input_and_saves_nothing(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    log_in(page, site, account)
    page.fill("#create-title", DEAL["title"])
    page.fill("#create-price", "-5")
    page.click("form[data-form=create] button[type=submit]")

    page.wait_for_selector("#create-price-error:not([hidden])")
    assert "Must be a decimal from 0.01 to 1000000000" in page.text_content("#create-price-error")
    assert page.get_attribute("#create-price", "aria-invalid") == "true"
    assert page.is_hidden("#create-title-error")
    assert page.evaluate("document.activeElement.id") == "create-price"
    status, deals = call_api(site, "GET", "/deals", token=account.access)
    assert (status, deals["results"]) == (200, [])

    page.fill("#create-price", DEAL["price"])
    page.fill("#create-original_price", DEAL["original_price"])
    page.click("form[data-form=create] button[type=submit]")
    page.wait_for_selector(f".deal-item a:text('{DEAL['title']}')")
    assert page.is_hidden("#create-price-error")
    assert page.get_attribute("#create-price", "aria-invalid") is None
    assert_screenshot(screenshot(page, "deals"))
    status, deals = call_api(site, "GET", "/deals", token=account.access)
    assert (status, len(deals["results"])) == (200, 1)


def test_analysing_a_deal_shows_the_result_and_charges_the_balance(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    deal = save_deal(site, account)
    log_in(page, site, account)
    page.click(f".deal-item a:text('{DEAL['title']}')")
    page.wait_for_url(f"{site}/deals/{deal['id']}")
    page.wait_for_selector("[data-deal]:not([aria-busy])")
    assert page.text_content("[data-deal-discount]") == "\u221243%"

    page.click("[data-analyse]")
    page.wait_for_selector("[data-analysis-result]:not([hidden])")
    assert page.text_content("[data-analysis-status]") == "Done."
    assert 0 <= int(page.text_content("[data-result-score]")) <= 100
    assert page.text_content("[data-result-verdict]") in {"BUY", "WAIT", "SKIP"}
    assert "cost 5 tokens" in page.text_content("[data-result-meta]")
    page.wait_for_selector("[data-balance]:text('95')")
    assert_screenshot(screenshot(page, "deal"))

    status, balance = call_api(site, "GET", "/tokens/balance", token=account.access)
    assert (status, balance["balance"], balance["held"]) == (200, 95, 0)
    page.click(".wallet summary")
    latest = page.locator("[data-transactions] li").first
    assert latest.locator(".amount").text_content() == "-5"
    assert page.text_content("[data-balance-figures]") == "Balance 95, held 0, available 95."
    page.reload()
    page.wait_for_selector("[data-analysis-result]:not([hidden])")
    assert page.page_errors == []


def test_editing_a_deal_saves_a_new_version_and_deleting_it_returns_to_the_list(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    deal = save_deal(site, account)
    log_in(page, site, account)
    page.goto(f"{site}/deals/{deal['id']}")
    page.wait_for_selector("[data-deal]:not([aria-busy])")
    page.click("[data-edit-toggle]")
    page.fill("#edit-title", "Headphones, open box")
    page.fill("#edit-original_price", "")
    page.click("form[data-form=edit] button[type=submit]")
    page.wait_for_selector("[data-deal-title]:text('Headphones, open box')")
    status, saved = call_api(site, "GET", f"/deals/{deal['id']}", token=account.access)
    assert status == 200
    assert (saved["title"], saved["original_price"], saved["version"]) == (
        "Headphones, open box",
        None,
        2,
    )
    assert page.is_hidden("[data-deal-discount]")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-delete]")
    page.wait_for_url(f"{site}/deals")
    notice_titled(page, "Deleted")
    status, _ = call_api(site, "GET", f"/deals/{deal['id']}", token=account.access)
    assert status == 404


def test_running_out_of_tokens_shows_the_token_error_notice(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    deal = save_deal(site, account)
    spend = {"amount": 97, "transaction_type": "ai_usage", "description": "spent elsewhere"}
    status, _ = call_api(site, "POST", "/tokens/deduct", spend, token=account.access)
    assert status == 200

    log_in(page, site, account)
    page.goto(f"{site}/deals/{deal['id']}")
    page.wait_for_selector("[data-balance]:text('3')")
    page.click("[data-analyse]")
    notice = notice_titled(page, "Not enough tokens")
    assert "This needs 5 tokens and you have 3 available." in notice.text_content()
    assert "To get more tokens, write to support@example.com" in notice.text_content()
    # Beside the button that was clicked, not only at the top of the page.
    assert page.locator("[data-notice-slot] + [data-deal-actions]").count() == 1
    assert page.locator("[data-notice-slot] .notice-error").is_visible()
    assert page.is_hidden("[data-analysis]")
    status, balance = call_api(site, "GET", "/tokens/balance", token=account.access)
    assert (status, balance["balance"], balance["held"]) == (200, 3, 0)


REFRESH_PATH = "/api/v1/auth/session/refresh"
SESSION_COOKIE = SECURE_SESSION_COOKIE  # the browser tests serve with DEBUG=false


def session_cookie(page: Any) -> dict[str, Any] | None:
    cookies = [cookie for cookie in page.context.cookies() if cookie["name"] == SESSION_COOKIE]
    return cookies[0] if cookies else None


def envelope_401(code: str) -> dict[str, Any]:
    body = {
        "status": "error",
        "code": code,
        "message": "Access token expired." if code == "AUTH_TOKEN_EXPIRED" else "Invalid token.",
        "details": {},
        "request_id": "simulated-by-the-test",
        "timestamp": "2026-12-01T12:00:00Z",
    }
    return {"status": 401, "content_type": "application/json", "body": json.dumps(body)}


def test_an_expired_access_token_is_refreshed_once_for_parallel_requests(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    log_in(page, site, account)
    refreshes: list[str] = []
    page.on("request", lambda r: refreshes.append(r.url) if REFRESH_PATH in r.url else None)
    expired: list[str] = []

    # The deals page sends four requests at once (me, balance, transactions, deals); the first
    # answer to each says its access token expired, as the server would after 15 minutes.
    def expire_once(route: Any) -> None:
        if route.request.url in expired:
            route.continue_()
            return
        expired.append(route.request.url)
        route.fulfill(**envelope_401("AUTH_TOKEN_EXPIRED"))

    for path in ("/api/v1/auth/me", "/api/v1/tokens/balance", "/api/v1/tokens/transactions"):
        page.route(f"**{path}", expire_once)
    page.route("**/api/v1/deals", expire_once)

    page.reload()
    page.wait_for_selector("[data-balance]:text('100')")
    page.wait_for_selector(f"[data-user-email]:text('{account.email}')")
    page.wait_for_selector("[data-deals]:not([aria-busy])", state="attached")
    assert len(expired) == 4
    # One to restore the session on load, one for the four expired answers together.
    assert len(refreshes) == 2
    assert page.locator(".notice-error").count() == 0


def test_a_refused_refresh_sends_the_user_to_login_with_a_session_expired_notice(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    log_in(page, site, account)
    cookie = session_cookie(page)
    page.context.add_cookies([{**cookie, "value": "a-refresh-token-the-server-never-issued"}])
    page.reload()
    page.wait_for_url(f"{site}/login?next=%2Fdeals")
    notice = notice_titled(page, "Session expired")
    assert "log in again" in notice.text_content()
    assert session_cookie(page) is None


def test_a_refused_access_token_ends_the_session_without_a_refresh(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    log_in(page, site, account)
    page.route(
        "**/api/v1/auth/me", lambda route: route.fulfill(**envelope_401("AUTH_TOKEN_INVALID"))
    )
    refreshes: list[str] = []
    page.on("request", lambda r: refreshes.append(r.url) if REFRESH_PATH in r.url else None)
    page.reload()
    page.wait_for_url(f"{site}/login?next=%2Fdeals")
    page.wait_for_selector("#email")
    assert len(refreshes) == 2  # the restore on load, and the login page's look for a session
    assert session_cookie(page) is None
    assert page.locator(".notice").count() == 0


def test_log_out_ends_the_session_on_the_server_too(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    log_in(page, site, account)
    held = session_cookie(page)["value"]
    page.click("[data-logout]")
    page.wait_for_url(f"{site}/login")
    assert session_cookie(page) is None

    def revoked() -> bool:
        return SignInSession.objects.filter(
            user_id=account.user_id, revoked_reason=RevokeReason.LOGOUT
        ).exists()

    wait_until(revoked, timeout=10, what="the logout to reach the server")
    status, body = call_api(site, "POST", "/auth/token/refresh", {"refresh": held})
    assert (status, body["details"]) == (401, {"reason": "revoked"})
    page.goto(f"{site}/deals")
    page.wait_for_url(f"{site}/login?next=%2Fdeals")


def test_no_token_is_within_reach_of_scripts_or_in_a_url(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    urls: list[str] = []
    accesses: list[str] = []
    page.on("request", lambda request: urls.append(request.url))

    def remember_access(response: Any) -> None:
        if "/api/v1/auth/session" in response.url and response.status == 200:
            accesses.append(response.json()["access"])

    page.on("response", remember_access)
    log_in(page, site, account)
    cookie = session_cookie(page)
    assert (cookie["httpOnly"], cookie["sameSite"], cookie["path"], cookie["secure"]) == (
        True,
        "Strict",
        "/",
        True,
    )
    stored = page.evaluate(
        "[document.cookie, JSON.stringify(sessionStorage), JSON.stringify(localStorage)]"
    )
    tokens = [cookie["value"], *accesses]
    assert accesses
    assert not [place for place in stored if any(token in place for token in tokens)]
    assert SESSION_COOKIE not in stored[0]
    assert len(urls) > 5
    assert not [url for url in urls if any(token in url for token in tokens)]
    assert not [url for url in urls if "password" in url or account.email in url]


def test_a_stopped_server_shows_a_connection_error(page: Any, make_account: Any) -> None:
    with gunicorn_server(server_environment(), threads=4) as own_site:
        status, created = call_api(
            own_site,
            "POST",
            "/auth/register",
            {"email": "offline@example.com", "password": PASSWORD, "name": "Off"},
        )
        assert status == 201
        log_in(page, own_site, Account("offline@example.com", PASSWORD, created["id"], "", ""))
    page.fill("#create-title", DEAL["title"])
    page.fill("#create-price", DEAL["price"])
    page.click("form[data-form=create] button[type=submit]")
    notice = notice_titled(page, "Connection Error")
    assert "Unable to connect to the server" in notice.text_content()
    assert page.locator("[data-boundary-panel]").count() == 0


def test_a_database_outage_shows_a_generic_message_with_the_request_id(page: Any) -> None:
    dead_database = f"postgres://postgres@127.0.0.1:{free_port()}/deals"
    with gunicorn_server(server_environment(DATABASE_URL=dead_database), threads=4) as own_site:
        page.goto(f"{own_site}/login")
        page.fill("#email", "anyone@example.com")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        notice = notice_titled(page, "Service unavailable")
        text = notice.text_content()
    assert "Something went wrong on our side" in text
    assert re.search(r"Request id: [0-9a-f-]{36}", text)
    assert "database" not in text.lower()


def test_too_many_login_attempts_say_when_to_retry(page: Any) -> None:
    with gunicorn_server(server_environment(RATE_LIMIT_LOGIN="2/hour"), threads=4) as own_site:
        page.goto(f"{own_site}/login")
        page.fill("#email", "guesser@example.com")
        page.fill("#password", "wrong-password-1")
        for _ in range(3):
            page.click("button[type=submit]")
            page.wait_for_selector("button[type=submit]:not([disabled])")
        notice = notice_titled(page, "Too many requests")
        text = notice.text_content()
    # An hour's window: said in minutes, not thousands of seconds.
    minutes = int(re.search(r"try again in about (\d+) minutes?", text).group(1))
    assert 1 <= minutes <= 60


@pytest.mark.parametrize(
    ("injection", "kind"),
    [
        ("setTimeout(() => { throw new Error('injected failure') }, 0)", "error"),
        ("void Promise.reject(new Error('injected failure'))", "unhandledrejection"),
    ],
)
def test_an_uncaught_failure_in_page_code_shows_the_boundary_and_is_reported(
    page: Any, site: str, make_account: Any, injection: str, kind: str
) -> None:
    account = make_account()
    save_deal(site, account)
    log_in(page, site, account)
    page_request_id = page.get_attribute('meta[name="request-id"]', "content")
    console_errors: list[str] = []
    page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )

    with page.expect_response(lambda response: "/api/v1/client-errors" in response.url) as sent:
        page.evaluate(injection)
    report = sent.value
    assert report.status == 204
    body = report.request.post_data_json
    assert body["kind"] == kind
    assert body["message"] == "injected failure"
    assert body["page"] == "/deals"
    assert body["page_request_id"] == page_request_id
    assert any("Uncaught error in page code" in text for text in console_errors)

    panel = page.locator("[data-boundary-panel]")
    panel.wait_for()
    assert "Something went wrong" in panel.text_content()
    assert page.is_visible("text=Refresh Page")
    assert page.locator("form[data-form=create]").count() == 0
    assert_screenshot(screenshot(page, f"boundary-{kind}"))

    page.click("text=Try Again")
    page.wait_for_selector(f".deal-item a:text('{DEAL['title']}')")
    assert page.locator("[data-boundary-panel]").count() == 0


def test_pages_forbid_inline_code_and_label_every_input(page: Any, site: str) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ("/login", "/register"):
        response = page.goto(f"{site}{path}")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "unsafe-inline" not in policy
        unlabelled = page.evaluate(
            """Array.from(document.querySelectorAll('input, select, textarea'))
                .filter((input) => input.labels.length === 0).map((input) => input.name)"""
        )
        assert unlabelled == []
    # An inline script injected into the page must not run.
    ran = page.evaluate(
        """() => { const script = document.createElement('script');
            script.textContent = 'window.injected = true'; document.body.append(script);
            return window.injected === true; }"""
    )
    assert ran is False
    assert violations


def test_the_deals_page_fits_a_phone_screen(browser: Any, site: str, make_account: Any) -> None:
    account = make_account()
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    try:
        log_in(phone, site, account)
        overflow = phone.evaluate(
            "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
        )
        assert overflow <= 0
        assert_screenshot(screenshot(phone, "deals-phone"))
    finally:
        context.close()
