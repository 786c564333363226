"""The pages as people use them every day, in a real Chromium: a double click, a click during a
slow answer, a new tab, another login, a deal that is gone or not theirs."""

from __future__ import annotations

import time
from typing import Any

import pytest

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


@pytest.fixture
def on_a_deal(page: Any, site: str, make_account: Any) -> tuple[Account, dict[str, Any]]:
    """A new account with one saved deal, signed in on that deal's page."""
    account = make_account()
    deal = save_deal(site, account)
    log_in(page, site, account)
    open_deal(page, site, deal["id"])
    return account, deal


def open_deal(page: Any, site: str, deal_id: int) -> None:
    page.goto(f"{site}/deals/{deal_id}")
    page.wait_for_selector("[data-deal-actions]:not([hidden])")


def test_a_double_click_on_analyse_with_a_slow_answer_charges_once(
    page: Any, site: str, on_a_deal: tuple[Account, dict[str, Any]]
) -> None:
    account, deal = on_a_deal
    keys: list[str] = []
    slow_analysis_posts(page, deal["id"], 1.5, keys)

    page.dblclick("[data-analyse]")
    page.wait_for_selector("[data-analysis-result]:not([hidden])")
    page.wait_for_selector("[data-analyse]:not([disabled])")
    assert len(set(keys)) == 1, keys
    assert len(analyses_of(site, account, deal["id"])) == 1
    assert balance_of(site, account) == 95


def test_a_click_during_a_slow_answer_does_nothing(
    page: Any, site: str, on_a_deal: tuple[Account, dict[str, Any]]
) -> None:
    account, deal = on_a_deal
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
    page: Any, site: str, on_a_deal: tuple[Account, dict[str, Any]]
) -> None:
    account, deal = on_a_deal
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


def test_older_analyses_follow_the_cursor_below_the_newest_twenty(
    page: Any, site: str, make_account: Any, django_db_blocker: Any
) -> None:
    from django.contrib.auth import get_user_model

    from tokens.services import tokens_credit

    account = make_account()
    with django_db_blocker.unblock():
        user = get_user_model().objects.get(pk=account.user_id)
        tokens_credit(user=user, amount=50, transaction_type="purchase", description="top-up")
    deal = save_deal(site, account)
    for _ in range(22):
        status, queued = call_api(site, "POST", f"/deals/{deal['id']}/analyses", {}, account.access)
        assert status == 202, queued
    log_in(page, site, account)
    open_deal(page, site, deal["id"])
    items = page.locator("[data-history-list] li")
    items.nth(19).wait_for()
    assert items.count() == 20
    page.click("[data-history-more]")
    items.nth(21).wait_for()
    page.wait_for_selector("[data-history-more]", state="hidden")
    ids = [int(item.get_attribute("data-analysis-id")) for item in items.all()]
    assert len(set(ids)) == 22
    assert ids == sorted(ids, reverse=True)


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


def test_a_ctrl_click_opens_the_deal_signed_in_in_a_new_tab_and_a_reload_keeps_it(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    deal = save_deal(site, account)
    log_in(page, site, account)
    link = page.locator(f".deal-item a:text('{DEAL['title']}')")
    with page.context.expect_page() as opened:
        link.click(modifiers=["Control"])
    tab = opened.value
    tab.wait_for_load_state()
    tab.wait_for_selector(f"[data-deal-title]:text('{DEAL['title']}')")
    assert tab.url == f"{site}/deals/{deal['id']}"
    tab.reload()
    tab.wait_for_selector("[data-deal-actions]:not([hidden])")
    assert tab.url == f"{site}/deals/{deal['id']}"
    page.reload()  # the first tab too, after the second rotated the cookie
    page.wait_for_selector(f"[data-user-email]:text('{account.email}')")
    assert page.url == f"{site}/deals"


def test_two_tabs_opened_at_once_both_keep_the_session(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    deal = save_deal(site, account)
    log_in(page, site, account)
    tabs = [page.context.new_page() for _ in range(3)]
    for tab in tabs:
        tab.goto(f"{site}/deals/{deal['id']}", wait_until="commit")
    for tab in tabs:
        tab.wait_for_selector("[data-deal-actions]:not([hidden])")
        assert tab.url == f"{site}/deals/{deal['id']}"
    assert page.locator(".notice-error").count() == 0


def test_a_conflict_on_edit_shows_the_current_values_beside_mine_and_reapplies_mine(
    page: Any, site: str, on_a_deal: tuple[Account, dict[str, Any]]
) -> None:
    account, deal = on_a_deal
    page.click("[data-edit-toggle]")
    page.fill("#edit-title", "Headphones, boxed")
    # Meanwhile, on another device, the price changes.
    status, _ = call_api(
        site, "PATCH", f"/deals/{deal['id']}", {"price": "149.00", "version": 1}, account.access
    )
    assert status == 200
    page.click("form[data-form=edit] button[type=submit]")
    page.wait_for_selector("[data-conflict]:not([hidden])")
    rows = {
        row.get_attribute("data-field"): (
            row.locator("[data-current]").text_content(),
            row.locator("[data-yours]").text_content(),
        )
        for row in page.locator("[data-conflict-rows] tr").all()
    }
    # Theirs beside mine; the price I did not touch says so rather than show my stale copy.
    assert rows == {
        "title": (DEAL["title"], "Headphones, boxed"),
        "price": ("149.00", "Not changed by you"),
    }
    assert page.text_content("[data-deal-price]").replace("\u00a0", " ").endswith("149.00")
    screenshot(page, "deal-conflict")

    page.click("[data-conflict-reapply]")
    # Mine on top of theirs, in the form, to look at first: nothing is saved until Save.
    assert page.input_value("#edit-title") == "Headphones, boxed"
    assert page.input_value("#edit-price") == "149.00"
    _status, unsaved = call_api(site, "GET", f"/deals/{deal['id']}", token=account.access)
    assert unsaved["version"] == 2
    page.click("form[data-form=edit] button[type=submit]")
    page.wait_for_selector("[data-deal-title]:text('Headphones, boxed')")
    status, saved = call_api(site, "GET", f"/deals/{deal['id']}", token=account.access)
    assert (saved["title"], saved["price"], saved["version"]) == ("Headphones, boxed", "149.00", 3)
    assert page.is_hidden("[data-edit]")


def test_discarding_mine_after_a_conflict_keeps_theirs_and_cancel_closes_the_editor(
    page: Any, site: str, on_a_deal: tuple[Account, dict[str, Any]]
) -> None:
    account, deal = on_a_deal
    page.click("[data-edit-toggle]")
    page.fill("#edit-title", "Mine")
    call_api(
        site, "PATCH", f"/deals/{deal['id']}", {"title": "Theirs", "version": 1}, account.access
    )
    page.click("form[data-form=edit] button[type=submit]")
    page.click("[data-conflict-discard]")
    assert page.input_value("#edit-title") == "Theirs"
    page.click("form[data-form=edit] [data-cancel]")
    assert page.is_hidden("[data-edit]")
    _status, saved = call_api(site, "GET", f"/deals/{deal['id']}", token=account.access)
    assert (saved["title"], saved["version"]) == ("Theirs", 2)


def test_the_deals_list_shows_discount_and_verdict_filters_and_pages(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    analysed = save_deal(site, account)
    status, _ = call_api(site, "POST", f"/deals/{analysed['id']}/analyses", {}, account.access)
    assert status == 202
    for index in range(20):
        body = {"title": f"Mug {index:02d}", "price": "4.00", "category": "home"}
        assert call_api(site, "POST", "/deals", body, account.access)[0] == 201
    log_in(page, site, account)
    page.wait_for_selector("[data-page-label]:text('Newest')")
    assert page.is_disabled("[data-page-previous]")
    page.click("[data-page-next]")
    page.wait_for_selector("[data-page-label]:text('Page 2')")
    assert page.is_disabled("[data-page-next]")  # the cursor's page holds the oldest deal alone
    item = page.locator(f".deal-item[data-deal-id='{analysed['id']}']")
    assert item.locator("[data-discount]").text_content() == "\u221243%"
    item.locator(".deal-verdict.verdict").wait_for()
    assert any(v in item.locator(".deal-verdict").text_content() for v in ("BUY", "WAIT", "SKIP"))
    assert page.locator(".deal-item").count() == 1
    page.click("[data-page-previous]")
    page.wait_for_selector("[data-page-label]:text('Newest')")
    page.wait_for_selector(".deal-item a:text('Mug 19')")
    assert page.locator(".deal-item").count() == 20

    page.fill("#filter-search", "headphones")
    page.click("form[data-form=filter] button[type=submit]")
    page.wait_for_selector("[data-pager]", state="hidden")
    assert page.locator(".deal-item").count() == 1
    page.fill("#filter-search", "")
    page.select_option("#filter-category", "home")
    page.click("form[data-form=filter] button[type=submit]")
    page.wait_for_selector(f".deal-item[data-deal-id='{analysed['id']}']", state="detached")
    page.wait_for_selector("[data-pager]", state="hidden")
    assert page.locator(".deal-item").count() == 20


def test_currency_is_chosen_from_the_iso_list(page: Any, site: str, make_account: Any) -> None:
    account = make_account()
    log_in(page, site, account)
    options = page.locator("#create-currency option").all_text_contents()
    assert {"EUR", "JPY", "USD"} <= set(options)
    assert options == sorted(options)
    page.fill("#create-title", "Espresso machine")
    page.fill("#create-price", "249.00")
    page.select_option("#create-currency", "EUR")
    page.click("form[data-form=create] button[type=submit]")
    page.wait_for_selector(".deal-item a:text('Espresso machine')")
    _status, deals = call_api(site, "GET", "/deals", token=account.access)
    assert [deal["currency"] for deal in deals["results"]] == ["EUR"]


def test_a_taken_email_is_shown_beside_the_email_field(
    page: Any, site: str, make_account: Any
) -> None:
    taken = make_account()
    page.goto(f"{site}/register")
    page.fill("#name", "Second")
    page.fill("#email", taken.email)
    page.fill("#password", "another-long-password-2026")
    page.click("button[type=submit]")
    page.wait_for_selector("#email-error:not([hidden])")
    assert "exists" in page.text_content("#email-error")
    assert page.get_attribute("#email", "aria-invalid") == "true"
    assert page.locator(".notice-error").count() == 0


def test_out_of_tokens_says_how_to_get_more_and_the_notice_covers_nothing(
    browser: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    deal = save_deal(site, account)
    spend = {"amount": 97, "transaction_type": "ai_usage", "description": "spent elsewhere"}
    assert call_api(site, "POST", "/tokens/deduct", spend, token=account.access)[0] == 200
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        phone = context.new_page()
        log_in(phone, site, account)
        open_deal(phone, site, deal["id"])
        phone.click("[data-analyse]")
        notice = phone.locator(".notice-error").first
        notice.wait_for()
        assert "write to support@example.com" in notice.text_content()
        # In the page's flow just above the buttons it answers: it covers none of them.
        box, actions = notice.bounding_box(), phone.locator("[data-deal-actions]").bounding_box()
        assert box["y"] + box["height"] <= actions["y"]
        assert_screenshot(screenshot(phone, "deal-402-phone"))
    finally:
        context.close()
