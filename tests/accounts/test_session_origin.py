"""The session endpoints answer this site's own pages only: a cross-site or cross-origin browser
request is refused before any cookie is read, set or deleted; a cookie planted under the
unprefixed name is ignored; answers carrying tokens are never stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import SignInSession
from accounts.session_api import PLAIN_SESSION_COOKIE, SECURE_SESSION_COOKIE
from tests.errors.test_envelope import assert_envelope

pytestmark = pytest.mark.django_db
PATH = "/api/v1/auth/session"
PASSWORD = "pw-for-tests-2026"
OWN_ORIGIN = "http://testserver"


@pytest.fixture
def member(make_user: Any) -> Any:
    return make_user(email="member@example.com", password=PASSWORD)


def signed_in(member: Any) -> APIClient:
    client = APIClient(raise_request_exception=False)
    answer = client.post(
        PATH,
        {"email": member.email, "password": PASSWORD},
        format="json",
        HTTP_ORIGIN=OWN_ORIGIN,
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert answer.status_code == 200
    return client


HOSTILE = [
    # A page on another site: a text/plain form POST (no preflight) or fetch.
    {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
    # The same host on another port: same-site, but another origin.
    {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://testserver:8081"},
    # A browser without Fetch Metadata still sends Origin on a POST.
    {"HTTP_ORIGIN": "http://evil.example"},
    {"HTTP_ORIGIN": "null"},  # sandboxed frames, data: URLs
    {"HTTP_SEC_FETCH_SITE": "cross-site"},
]


@pytest.mark.parametrize("headers", HOSTILE)
def test_logout_from_another_site_or_origin_is_refused_and_ends_nothing(
    member: Any, headers: dict[str, str]
) -> None:
    client = signed_in(member)
    answer = client.post(f"{PATH}/logout", content_type="text/plain", data="x=1", **headers)
    body = assert_envelope(answer, 403, "FORBIDDEN_CSRF_FAILED")
    assert body["message"] == "The session answers this site's own pages only."
    assert not answer.cookies  # nothing set, nothing deleted
    assert SignInSession.objects.filter(user=member, revoked_at__isnull=True).count() == 1
    assert client.post(f"{PATH}/refresh", HTTP_ORIGIN=OWN_ORIGIN).status_code == 200


@pytest.mark.parametrize("headers", HOSTILE)
def test_refresh_and_sign_in_from_another_site_or_origin_are_refused(
    member: Any, headers: dict[str, str]
) -> None:
    client = signed_in(member)
    refresh = client.post(f"{PATH}/refresh", **headers)
    assert_envelope(refresh, 403, "FORBIDDEN_CSRF_FAILED")
    assert not refresh.cookies
    login = APIClient().post(
        PATH, {"email": member.email, "password": PASSWORD}, format="json", **headers
    )
    assert_envelope(login, 403, "FORBIDDEN_CSRF_FAILED")
    assert not login.cookies
    assert SignInSession.objects.filter(user=member).count() == 1


@override_settings(CSRF_TRUSTED_ORIGINS=["https://deals.example"])
def test_this_sites_pages_and_clients_without_browser_headers_are_served(member: Any) -> None:
    client = signed_in(member)
    assert client.post(f"{PATH}/refresh", HTTP_SEC_FETCH_SITE="same-origin").status_code == 200
    # The configured public origin, as a TLS proxy in front sees it.
    assert client.post(f"{PATH}/refresh", HTTP_ORIGIN="https://deals.example").status_code == 200
    assert client.post(f"{PATH}/refresh").status_code == 200  # no browser headers at all
    assert client.post(f"{PATH}/logout", HTTP_ORIGIN=OWN_ORIGIN).status_code == 204


def test_a_cookie_planted_under_the_unprefixed_name_is_ignored(member: Any) -> None:
    """Another origin of the site (a sibling subdomain, plain HTTP) can set `deals_refresh` but
    never `__Host-deals_refresh`: only the prefixed one is read."""
    planted = signed_in(member).cookies[SECURE_SESSION_COOKIE].value
    victim = APIClient(raise_request_exception=False)
    victim.cookies[PLAIN_SESSION_COOKIE] = planted
    answer = victim.post(f"{PATH}/refresh", HTTP_ORIGIN=OWN_ORIGIN)
    assert_envelope(answer, 401, "AUTH_NOT_AUTHENTICATED")


@pytest.mark.parametrize("path", ["/api/v1/auth/token", PATH])
def test_answers_that_carry_tokens_are_never_stored(member: Any, path: str) -> None:
    client = APIClient()
    answer = client.post(path, {"email": member.email, "password": PASSWORD}, format="json")
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "no-store"
    refresh_path = f"{PATH}/refresh" if path == PATH else "/api/v1/auth/token/refresh"
    body = {} if path == PATH else {"refresh": answer.json()["refresh"]}
    refreshed = client.post(refresh_path, body, format="json")
    assert refreshed.status_code == 200
    assert refreshed["Cache-Control"] == "no-store"
    wrong = client.post(path, {"email": member.email, "password": "not-it-at-all"}, format="json")
    assert (wrong.status_code, wrong["Cache-Control"]) == (401, "no-store")
