"""Signing in in a real Chromium: where the page goes afterwards, and a session that holds when
the user navigates at any moment after it."""

from __future__ import annotations

import json
import re
import urllib.request
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest

from accounts.models import SignInSession
from accounts.session_api import SECURE_SESSION_COOKIE as SESSION_COOKIE
from accounts.session_api import SESSION_PATH
from tests.web.conftest import Account, call_api, log_in
from tests.web.test_pages import session_cookie

OFF_SITE = re.compile(r"^https?://evil\.example(:\d+)?/")

# `next` as it stands in the login page's address: the browser strips tabs and newlines, reads a
# backslash as a slash and `//` as another host, and URLSearchParams decodes %-escapes once.
HOSTILE_NEXT = [
    "/%09/evil.example/x",
    "/%0a/evil.example/x",
    "/%0d/evil.example/x",
    "/%09/%0d%0a/evil.example/x",
    "//evil.example/x",
    "///evil.example/x",
    "/%5Cevil.example/x",
    "%5C%5Cevil.example/x",
    "/%5C/evil.example/x",
    "%2F%2Fevil.example%2Fx",
    "/%2F/evil.example/x",
    "/.//evil.example/x",
    "%20//evil.example/x",
    "https://evil.example/x",
    "https:evil.example/x",
    "https%3A%2F%2Fevil.example%2Fx",
    "javascript:alert(document.domain)",
    "JaVaScRiPt%3Aalert(document.domain)",
    "java%09script:alert(document.domain)",
    "data:text/html,%3Cscript%3Ealert(document.domain)%3C/script%3E",
]


@pytest.fixture
def watched(page: Any) -> dict[str, list[str]]:
    """The page, with a record of every request to the other site and every dialog a script
    opened (a `javascript:` target that ran would open one)."""
    seen: dict[str, list[str]] = {"off_site": [], "dialogs": []}

    def off_site(route: Any) -> None:
        seen["off_site"].append(route.request.url)
        route.fulfill(status=200, content_type="text/plain", body="the other site")

    page.context.route(OFF_SITE, off_site)
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    return seen


def sign_in_with_the_form(page: Any, site: str, account: Account, query: str = "") -> None:
    page.goto(f"{site}/login{query}")
    page.fill("#email", account.email)
    page.fill("#password", account.password)
    page.click("button[type=submit]")


def settled_signed_in(page: Any, site: str, account: Account) -> str:
    """Where the page settled: it left the login page and, on this site, shows the signed-in
    header."""
    page.wait_for_url(lambda url: not url.startswith(f"{site}/login"))
    if not page.url.startswith(f"{site}/"):
        return page.url
    page.wait_for_selector(f"[data-user-email]:text-is('{account.email}')")
    return page.url


def test_after_sign_in_a_next_off_the_site_lands_on_the_home_page(
    page: Any, site: str, make_account: Any, watched: dict[str, list[str]]
) -> None:
    account = make_account()
    landed: dict[tuple[str, str], str] = {}
    for hostile in HOSTILE_NEXT:
        page.context.clear_cookies()
        sign_in_with_the_form(page, site, account, f"?next={hostile}")
        landed[hostile, "signing in"] = settled_signed_in(page, site, account)
        # Already signed in, the login page sends the user straight on: by the same rule.
        page.goto(f"{site}/login?next={hostile}")
        landed[hostile, "signed in"] = settled_signed_in(page, site, account)

    assert landed == {
        (hostile, moment): f"{site}/deals"
        for hostile in HOSTILE_NEXT
        for moment in ("signing in", "signed in")
    }
    assert watched == {"off_site": [], "dialogs": []}


def test_after_sign_in_a_path_of_this_site_is_honoured_with_its_query_and_fragment(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    status, deal = call_api(
        site, "POST", "/deals", {"title": "Kettle", "price": "20.00"}, token=account.access
    )
    assert status == 201, deal
    target = f"/deals/{deal['id']}?x=1"
    sign_in_with_the_form(page, site, account, f"?next=%2Fdeals%2F{deal['id']}%3Fx%3D1")
    assert settled_signed_in(page, site, account) == f"{site}{target}"
    page.wait_for_selector("[data-deal-title]:text('Kettle')")

    page.goto(f"{site}/login?next=%2Fdeals%2F{deal['id']}%3Fx%3D1%23history")
    assert settled_signed_in(page, site, account) == f"{site}{target}#history"


def refresh_elsewhere(site: str, cookie: str) -> int:
    """The session refresh as the page would send it, answered to someone else: the server
    rotates the cookie, and the browser never hears of it."""
    request = urllib.request.Request(  # noqa: S310 - loopback URL of the test server
        f"{site}{SESSION_PATH}/refresh",
        method="POST",
        headers={"Cookie": f"{SESSION_COOKIE}={cookie}", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - loopback
        return response.status


def test_a_refresh_whose_answer_never_arrived_costs_no_session(
    page: Any, site: str, make_account: Any
) -> None:
    account = make_account()
    log_in(page, site, account)
    spent = session_cookie(page)["value"]
    assert refresh_elsewhere(site, spent) == 200

    page.reload()
    page.wait_for_selector(f"[data-user-email]:text-is('{account.email}')")
    assert page.url == f"{site}/deals"
    recovered = session_cookie(page)["value"]
    assert recovered != spent
    page.reload()  # and it rotates on from there, as any other
    page.wait_for_selector(f"[data-user-email]:text-is('{account.email}')")
    assert session_cookie(page)["value"] not in (spent, recovered)
    assert page.url == f"{site}/deals"
    assert not SignInSession.objects.filter(user_id=account.user_id, revoked_at__isnull=False)


NAVIGATION_DELAYS_MS = (0, 50, 100, 300)
ATTEMPTS_PER_DELAY = 20

# Run in every document of the context from its first moment: once the page that signing in
# leads to (/deals) has existed for `delay` ms, the user goes on to another signed-in page.
NAVIGATE_AFTER_LANDING = """
if (window.location.pathname === "/deals") {
  setTimeout(() => window.location.assign(%s), %d);
}
"""


@dataclass
class Browsing:
    """One browser context that signs in and navigates at one delay."""

    delay: int
    account: Account
    target: str
    context: Any
    page: Any


def test_a_sign_in_survives_navigation_at_any_moment_right_after_it(
    browser: Any, site: str, make_account: Any
) -> None:
    """Leaving the first page while its session refresh is in flight must not cost the session.
    The four delays run side by side, one context each, which also keeps the server busy."""
    runs = []
    for delay in NAVIGATION_DELAYS_MS:
        account = make_account()
        status, deal = call_api(
            site, "POST", "/deals", {"title": "Kettle", "price": "20.00"}, token=account.access
        )
        assert status == 201, deal
        target = f"{site}/deals/{deal['id']}"
        context = browser.new_context()
        context.add_init_script(script=NAVIGATE_AFTER_LANDING % (json.dumps(target), delay))
        page = context.new_page()
        page.set_default_timeout(30_000)
        runs.append(Browsing(delay, account, target, context, page))

    outcomes: Counter[tuple[int, str]] = Counter()
    try:
        for _attempt in range(ATTEMPTS_PER_DELAY):
            for run in runs:
                run.context.clear_cookies()
                sign_in_with_the_form(run.page, site, run.account)
            for run in runs:
                run.page.wait_for_url(
                    lambda url, run=run: url == run.target or url.startswith(f"{site}/login?next=")
                )
                run.page.wait_for_selector(
                    f"[data-user-email]:text-is('{run.account.email}'), form[data-form=login]"
                )
                signed_in = run.page.url == run.target
                outcomes[run.delay, "signed in" if signed_in else "sent to log in"] += 1
    finally:
        for run in runs:
            run.context.close()
    expected = {(delay, "signed in"): ATTEMPTS_PER_DELAY for delay in NAVIGATION_DELAYS_MS}
    assert outcomes == expected, dict(outcomes)
