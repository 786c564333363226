"""Error pages outside the API: in the site's layout, written for people, with the request id to
quote; the API keeps answering in its envelope."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.errors.raising import SECRET_TEXT
from tests.support.browser import screenshot, server_environment
from tests.support.server import free_port, gunicorn_server
from tests.web.test_pages import assert_screenshot

# The site header's background (--brand in static/css/app.css): the stylesheet was applied.
BRAND_BACKGROUND = "rgb(11, 92, 173)"


def assert_in_the_layout(html: str, request_id: str) -> None:
    assert '<header class="site-header">' in html
    assert '<a class="brand" href="/deals">Agentic Deals</a>' in html
    assert '<link rel="stylesheet" href="/static/css/app.css">' in html
    assert f'<meta name="request-id" content="{request_id}">' in html
    assert f"<code data-request-id>{request_id}</code>" in html
    assert '<a href="/">Back to the start page</a>' in html
    # Nothing that needs the signed-in state: no account menu, no script.
    assert "data-account" not in html
    assert "<script" not in html


@pytest.mark.parametrize("path", ["/nope", "/deals/abc", "/deals/0", "/deals/"])
def test_an_unknown_page_is_a_404_in_the_layout_titled_for_people(
    api_client: APIClient, path: str
) -> None:
    response = api_client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert_in_the_layout(html, response["X-Request-ID"])
    assert "<title>Page not found · Agentic Deals</title>" in html
    assert '<h1 id="error-title">Page not found</h1>' in html
    assert "There is no page at this address." in html
    assert "Error 404" in html
    assert "Resource Error" not in html


def test_an_error_page_allows_no_script_and_no_inline_style(api_client: APIClient) -> None:
    policy = api_client.get("/nope")["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == "'self'"
    assert "script-src" not in directives
    assert "unsafe-inline" not in policy


@pytest.mark.urls("tests.errors.urls")
@pytest.mark.parametrize("debug", [False, True])
def test_a_server_error_page_says_it_went_wrong_on_our_side_in_the_layout(
    api_client: APIClient, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    response = api_client.get("/test/html-raise/unhandled")

    assert response.status_code == 500
    html = response.content.decode()
    assert_in_the_layout(html, response["X-Request-ID"])
    assert "<title>Something went wrong on our side · Agentic Deals</title>" in html
    assert "quote the request id below to support" in html
    assert "Error 500" in html
    assert SECRET_TEXT not in html
    assert "Traceback" not in html


@pytest.mark.urls("tests.errors.urls")
def test_a_page_refused_for_a_specific_reason_keeps_its_message(api_client: APIClient) -> None:
    response = api_client.get("/test/html-raise/database-unavailable")

    assert response.status_code == 503
    html = response.content.decode()
    assert_in_the_layout(html, response["X-Request-ID"])
    assert "<title>Something went wrong on our side · Agentic Deals</title>" in html
    assert "The service is temporarily unavailable. Please retry shortly." in html


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/deals/abc"])
def test_the_api_still_answers_unknown_urls_in_its_json_envelope(
    api_client: APIClient, path: str
) -> None:
    response = api_client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "RESOURCE_NOT_FOUND"
    assert body["message"] == "No API endpoint at this URL."
    assert body["request_id"] == response["X-Request-ID"]
    assert "Content-Security-Policy" not in response


def policy_refusals(page: Any) -> list[str]:
    """What the page's Content-Security-Policy blocks, as Chromium reports it on its console."""
    refusals: list[str] = []
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refusals


@pytest.mark.parametrize(("path", "name"), [("/nope", "nope"), ("/deals/abc", "deal-abc")])
def test_chromium_shows_a_missing_page_with_the_site_header_and_stylesheet(
    page: Any, site: str, path: str, name: str
) -> None:
    refusals = policy_refusals(page)
    response = page.goto(f"{site}{path}")

    assert response.status == 404
    assert page.title() == "Page not found · Agentic Deals"
    assert page.is_visible(".site-header .brand")
    background = page.eval_on_selector(
        ".site-header", "node => getComputedStyle(node).backgroundColor"
    )
    assert background == BRAND_BACKGROUND
    assert page.text_content("[data-request-id]") == response.headers["x-request-id"]
    assert page.locator("[data-account]").count() == 0
    assert_screenshot(screenshot(page, f"error-404-{name}"))
    assert refusals == []
    assert page.page_errors == []


def test_error_pages_render_in_the_layout_while_the_database_is_down(page: Any) -> None:
    dead_database = f"postgres://postgres@127.0.0.1:{free_port()}/deals"
    refusals = policy_refusals(page)
    with gunicorn_server(server_environment(DATABASE_URL=dead_database), threads=4) as own_site:
        missing = page.goto(f"{own_site}/deals/abc")
        assert missing.status == 404
        assert page.title() == "Page not found · Agentic Deals"
        assert page.text_content("[data-request-id]") == missing.headers["x-request-id"]

        # With a session cookie the admin reads the database: it fails, and says so in the layout.
        page.context.add_cookies([{"name": "sessionid", "value": "x" * 32, "url": own_site}])
        failing = page.goto(f"{own_site}/admin/")
        assert failing.status == 503
        assert page.title() == "Something went wrong on our side · Agentic Deals"
        background = page.eval_on_selector(
            ".site-header", "node => getComputedStyle(node).backgroundColor"
        )
        assert background == BRAND_BACKGROUND
        request_id = failing.headers["x-request-id"]
        assert page.text_content("[data-request-id]") == request_id
        assert re.fullmatch(r"[0-9a-f-]{36}", request_id)
        assert_screenshot(screenshot(page, "error-503-database-down"))
    assert refusals == []
