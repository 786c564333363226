"""Signing in in a real Chromium: where the page goes afterwards."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import Account, call_api

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
