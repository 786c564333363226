"""Another site, or this host on another port, cannot end a visitor's session from their own
browser: a form that posts to the session's logout is refused, and the cookie stays."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from accounts.models import SignInSession
from accounts.session_api import SECURE_SESSION_COOKIE
from tests.web.conftest import log_in

# A form that needs no preflight (text/plain) and submits itself, as an attacker's page would.
ATTACK = """<!doctype html><html><body>
<form method="post" enctype="text/plain" action="{target}"><input name="x" value="1"></form>
<script>document.forms[0].submit()</script></body></html>"""


def session_cookie(page: Any) -> dict[str, Any] | None:
    cookies = [c for c in page.context.cookies() if c["name"] == SECURE_SESSION_COOKIE]
    return cookies[0] if cookies else None


@pytest.mark.parametrize("attacker", ["http://evil.example", "same host, another port"])
def test_a_page_elsewhere_cannot_log_the_visitor_out(
    page: Any, site: str, make_account: Any, attacker: str
) -> None:
    if attacker == "same host, another port":
        parts = urlsplit(site)
        attacker = f"{parts.scheme}://{parts.hostname}:{(parts.port or 80) + 1}"
    account = make_account()
    log_in(page, site, account)
    held = session_cookie(page)
    assert held is not None
    # The attacker's page, served inside the browser under its own origin.
    page.context.route(
        f"{attacker}/**",
        lambda route: route.fulfill(
            content_type="text/html",
            body=ATTACK.format(target=f"{site}/api/v1/auth/session/logout"),
        ),
    )
    with page.expect_response(f"{site}/api/v1/auth/session/logout") as answer:
        page.goto(f"{attacker}/prize")
    assert answer.value.status == 403
    assert session_cookie(page) == held
    assert SignInSession.objects.filter(user_id=account.user_id, revoked_at__isnull=True).exists()
    page.goto(f"{site}/deals")
    page.wait_for_selector("[data-user-email]:text('" + account.email + "')")
    assert page.url == f"{site}/deals"
