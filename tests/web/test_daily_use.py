"""The pages as people use them every day, in a real Chromium: a double click, a click during a
slow answer, a new tab, another login, a deal that is gone or not theirs."""

from __future__ import annotations

import time
from typing import Any

from tests.support.browser import screenshot
from tests.web.conftest import Account, call_api, log_in
from tests.web.test_pages import DEAL, assert_screenshot, save_deal

ANALYSE = "/api/v1/deals/{}/analyses"


def analyses_of(site: str, account: Account, deal_id: int) -> list[dict[str, Any]]:
    status, page = call_api(site, "GET", f"/deals/{deal_id}/analyses", token=account.access)
    assert status == 200
    return page["results"]


def balance_of(site: str, account: Account) -> int:
    status, balance = call_api(site, "GET", "/tokens/balance", token=account.access)
    assert status == 200
    return balance["balance"]


def slow_analysis_posts(page: Any, deal_id: int, seconds: float, keys: list[str]) -> None:
    """The server's answer to each analysis request arrives `seconds` late; keys are recorded."""

    def delayed(route: Any) -> None:
        if route.request.method == "POST":
            keys.append(route.request.headers.get("idempotency-key", ""))
            time.sleep(seconds)
        route.continue_()

    page.route(f"**{ANALYSE.format(deal_id)}", delayed)


def open_deal(page: Any, site: str, deal_id: int) -> None:
    page.goto(f"{site}/deals/{deal_id}")
    page.wait_for_selector("[data-deal-actions]:not([hidden])")


def test_a_double_click_on_analyse_with_a_slow_answer_charges_once(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    deal = save_deal(site, account)
    log_in(page, site, account)
    open_deal(page, site, deal["id"])
    keys: list[str] = []
    slow_analysis_posts(page, deal["id"], 1.5, keys)

    page.dblclick("[data-analyse]")
    page.wait_for_selector("[data-analysis-result]:not([hidden])")
    page.wait_for_selector("[data-analyse]:not([disabled])")
    assert len(set(keys)) == 1, keys
    assert len(analyses_of(site, account, deal["id"])) == 1
    assert balance_of(site, account) == 95


def test_a_click_during_a_slow_answer_does_nothing(page: Any, site: str, make_account: Any) -> None:
    account = make_account()
    deal = save_deal(site, account)
    log_in(page, site, account)
    open_deal(page, site, deal["id"])
    keys: list[str] = []
    slow_analysis_posts(page, deal["id"], 2.0, keys)

    page.click("[data-analyse]")
    assert page.is_disabled("[data-analyse]")
    page.click("[data-analyse]", force=True, no_wait_after=True)
    page.wait_for_selector("[data-analysis-result]:not([hidden])")
    assert len(keys) == 1
    assert len(analyses_of(site, account, deal["id"])) == 1
    assert balance_of(site, account) == 95


def test_a_double_click_after_a_fast_answer_replays_instead_of_charging_again(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    deal = save_deal(site, account)
    log_in(page, site, account)
    open_deal(page, site, deal["id"])
    keys: list[str] = []
    slow_analysis_posts(page, deal["id"], 0, keys)
    page.click("[data-analyse]")
    page.wait_for_selector("[data-history-list] li")
    page.wait_for_selector("[data-analyse]:not([disabled])")
    # The second click of a double click (detail 2), arriving after the first had finished.
    page.dispatch_event("[data-analyse]", "click", {"detail": 2})
    page.wait_for_selector("[data-analyse]:not([disabled])")
    assert len(keys) >= 2
    assert len(set(keys)) == 1
    assert len(analyses_of(site, account, deal["id"])) == 1
    page.click("[data-analyse]")  # a new intention, a new key, a new analysis
    page.wait_for_selector("[data-history-list] li:nth-child(2)")
    assert len(set(keys)) == 2
    assert balance_of(site, account) == 90


def test_every_past_analysis_shows_on_another_login_newest_first(
    browser: Any, page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    deal = save_deal(site, account)
    for _ in range(2):
        status, queued = call_api(
            site, "POST", f"/deals/{deal['id']}/analyses", {}, token=account.access
        )
        assert status == 202, queued
    elsewhere = browser.new_context(viewport={"width": 1100, "height": 800})
    try:
        other = elsewhere.new_page()
        log_in(other, site, account)
        open_deal(other, site, deal["id"])
        items = other.locator("[data-history-list] li")
        items.nth(1).wait_for()
        ids = [int(item.get_attribute("data-analysis-id")) for item in items.all()]
        assert ids == [analysis["id"] for analysis in analyses_of(site, account, deal["id"])]
        assert ids == sorted(ids, reverse=True)
        first = items.first.text_content()
        assert "cost 5" in first
        assert any(verdict in first for verdict in ("BUY", "WAIT", "SKIP"))
        assert other.is_visible("[data-analysis-result]")
        assert_screenshot(screenshot(other, "deal-history"))
    finally:
        elsewhere.close()


def test_a_missing_deal_and_another_users_deal_offer_no_actions(
    page: Any, site: str, make_account: Any
) -> None:
    owner, visitor = make_account("Owner"), make_account("Visitor")
    deal = save_deal(site, owner)
    log_in(page, site, visitor)
    page.goto(f"{site}/deals/{deal['id']}")
    page.wait_for_selector("[data-deal-unavailable]:not([hidden]) h1:text('Not yours')")
    assert page.is_hidden("[data-deal-actions]")
    assert page.locator("[data-analyse]:visible, [data-delete]:visible").count() == 0

    page.goto(f"{site}/deals/999999")
    page.wait_for_selector("[data-deal-unavailable]:not([hidden]) h1:text('Not found')")
    assert page.locator("button:visible", has_text="Analyse").count() == 0
    assert page.locator(".notice-error").count() == 0


def test_a_page_opened_without_a_session_comes_back_after_login(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    deal = save_deal(site, account)
    page.goto(f"{site}/deals/{deal['id']}")
    page.wait_for_url(f"{site}/login?next=%2Fdeals%2F{deal['id']}")
    page.fill("#email", account.email)
    page.fill("#password", account.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site}/deals/{deal['id']}")
    page.wait_for_selector(f"[data-deal-title]:text('{DEAL['title']}')")


def test_a_next_parameter_never_leads_off_the_site(page: Any, site: str, make_account: Any) -> None:
    account = make_account()
    page.goto(f"{site}/login?next=//evil.example/steal")
    page.fill("#email", account.email)
    page.fill("#password", account.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site}/deals")
