"""The pages as a newcomer meets them, in a real Chromium: the list's page and filters live in
the URL (reload, Back), each deal's verdict comes with the list, a notice stands beside what it
answers even when the page is scrolled, a conflict shows only what differs and lets the user look
before saving, and money, categories and text display as people write them."""

from __future__ import annotations

from typing import Any

from tests.support.browser import screenshot
from tests.web.conftest import Account, call_api, log_in
from tests.web.test_pages import assert_screenshot, notice_titled

PAGE_SIZE = 20


def save(site: str, account: Account, **fields: Any) -> dict[str, Any]:
    status, deal = call_api(site, "POST", "/deals", fields, token=account.access)
    assert status == 201, deal
    return deal


def titles(page: Any) -> list[str]:
    page.wait_for_selector("[data-deals]:not([aria-busy])", state="attached")
    return page.locator(".deal-item > a").all_text_contents()


def test_a_reload_on_page_two_with_a_filter_keeps_both_and_back_steps_through_pages(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    for number in range(PAGE_SIZE + 5):
        save(site, account, title=f"Lamp {number:02}", price="10.00", category="home")
    save(site, account, title="Kettle", price="20.00", category="toys")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    log_in(page, site, account)

    page.select_option("#filter-category", "home")
    page.click('[data-form="filter"] button[type=submit]')
    page.wait_for_url("**/deals?category=home")
    assert titles(page)[0] == "Lamp 24"
    page.click("[data-page-next]")
    page.wait_for_url("**page=2**")
    second = titles(page)
    assert second == [f"Lamp {number:02}" for number in range(4, -1, -1)]

    page.reload()
    assert titles(page) == second
    assert page.input_value("#filter-category") == "home"
    assert page.text_content("[data-page-label]") == "Page 2"
    assert_screenshot(screenshot(page, "deals-page-2-filtered-after-reload"))

    page.go_back()
    page.wait_for_url("**/deals?category=home")
    page.wait_for_selector("[data-page-label]:text-is('Newest')")
    assert titles(page)[0] == "Lamp 24"
    assert "Kettle" not in titles(page)
    # One request for a page of deals: no request per deal for its verdict.
    assert not [url for url in requests if "/analyses" in url]


def test_the_list_shows_each_deals_latest_verdict_from_its_own_answer(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    deal = save(site, account, title="Espresso machine", price="199.00", original_price="349.00")
    status, _ = call_api(site, "POST", f"/deals/{deal['id']}/analyses", {}, token=account.access)
    assert status == 202
    save(site, account, title="Unanalysed", price="5.00")
    log_in(page, site, account)
    page.wait_for_selector(f"[data-deal-id='{deal['id']}'] .verdict")
    verdict = page.text_content(f"[data-deal-id='{deal['id']}'] [data-verdict]")
    assert verdict.split()[0] in {"BUY", "WAIT", "SKIP"}
    assert verdict.endswith("/100")
    assert "Not analysed" in page.text_content(".deal-item:has-text('Unanalysed')")


def test_an_error_after_saving_while_scrolled_down_is_seen_beside_the_form(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    for number in range(PAGE_SIZE):
        save(site, account, title=f"Item {number:02}", price="3.00")
    log_in(page, site, account)
    page.fill("#create-title", "Headphones")
    page.fill("#create-price", "199.99")
    page.click('[data-form="create"] button[type=submit]')
    page.wait_for_selector(".deal-item > a:text-is('Headphones')")
    # The same URL again, from further down the page: refused as a duplicate.
    page.fill("#create-title", "Headphones again")
    page.fill("#create-price", "10.00")
    page.fill("#create-url", "https://shop.example/one")
    page.click('[data-form="create"] button[type=submit]')
    page.wait_for_selector(".deal-item > a:text-is('Headphones again')")
    page.fill("#create-title", "Headphones thrice")
    page.fill("#create-price", "10.00")
    page.fill("#create-url", "https://shop.example/one")
    page.mouse.wheel(0, 4000)
    page.click('[data-form="create"] button[type=submit]')
    page.wait_for_selector("#create-url-error:not([hidden])")
    # The old "Saved" notice is gone: notices replace each other, they do not pile up.
    assert page.locator(".notice-title", has_text="Saved").count() == 0
    error = page.locator("#create-url-error")
    box = error.bounding_box()
    viewport = page.viewport_size
    assert 0 <= box["y"] <= viewport["height"], box
    assert_screenshot(screenshot(page, "deals-error-beside-the-form"))


def test_a_conflict_on_one_field_shows_that_field_and_reapply_waits_for_save(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    deal = save(site, account, title="Desk", price="100.00", description="")
    log_in(page, site, account)
    page.goto(f"{site}/deals/{deal['id']}")
    page.wait_for_selector("[data-deal]:not([aria-busy])")
    page.click("[data-edit-toggle]")
    page.fill("#edit-price", "90.00")
    # Meanwhile another tab renames it.
    status, _ = call_api(
        site,
        "PATCH",
        f"/deals/{deal['id']}",
        {"title": "Standing desk", "version": 1},
        token=account.access,
    )
    assert status == 200
    page.click('form[data-form="edit"] button[type=submit]')
    page.wait_for_selector("[data-conflict]:not([hidden])")
    rows = page.locator("[data-conflict-rows] tr")
    assert sorted(rows.evaluate_all("rows => rows.map(row => row.dataset.field)")) == [
        "price",
        "title",
    ]
    assert page.text_content("tr[data-field='title'] [data-yours]") == "Not changed by you"
    assert page.text_content("tr[data-field='price'] [data-yours]") == "90.00"
    assert_screenshot(screenshot(page, "deal-conflict-one-field"))

    page.click("[data-conflict-reapply]")
    notice_titled(page, "Your changes are back")
    assert page.input_value("#edit-price") == "90.00"
    assert page.input_value("#edit-title") == "Standing desk"
    status, stored = call_api(site, "GET", f"/deals/{deal['id']}", token=account.access)
    assert (stored["price"], stored["version"]) == ("100.00", 2)  # nothing saved yet
    page.click('form[data-form="edit"] button[type=submit]')
    page.wait_for_selector("[data-edit][hidden]", state="attached")
    status, stored = call_api(site, "GET", f"/deals/{deal['id']}", token=account.access)
    assert (stored["title"], stored["price"], stored["version"]) == ("Standing desk", "90.00", 3)


def test_money_categories_and_text_display_as_people_write_them(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    yen = save(
        site,
        account,
        title="Camera",
        price="999999999.99",
        original_price="1000000000.00",
        currency="JPY",
        category="home",
        description="Line one\nLine two",
    )
    log_in(page, site, account)
    line = page.locator(f"[data-deal-id='{yen['id']}']")
    line.wait_for()
    price = line.locator(".price").text_content()
    assert "999,999,999.99" in price, price
    assert line.locator("[data-discount]").text_content() == "\u2212<1%"
    assert line.locator("[data-category]").text_content() == "Home"

    page.goto(f"{site}/deals/{yen['id']}")
    page.wait_for_selector("[data-deal]:not([aria-busy])")
    assert "999,999,999.99" in page.text_content("[data-deal-price]")
    assert page.text_content("[data-deal-category]") == "Home"
    description = page.locator("[data-deal-description]")
    assert description.evaluate("node => getComputedStyle(node).whiteSpace") == "pre-line"
    height = description.bounding_box()["height"]
    one_line = page.locator("[data-deal-title]").evaluate(
        "node => parseFloat(getComputedStyle(node.nextElementSibling).lineHeight)"
    )
    assert height > 1.5 * one_line  # two lines, not one
    assert_screenshot(screenshot(page, "deal-yen-two-lines"))
