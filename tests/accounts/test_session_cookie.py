"""The pages' session: the refresh token in an HttpOnly, SameSite=Strict `__Host-` cookie (Path=/),
the access token in the body; the bearer API beside it unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import RevokeReason, SignInSession
from accounts.session_api import PLAIN_SESSION_COOKIE, SECURE_SESSION_COOKIE

pytestmark = pytest.mark.django_db
COOKIE, PATH = SECURE_SESSION_COOKIE, "/api/v1/auth/session"


PASSWORD = "pw-for-tests-2026"


def sign_in(client: APIClient, user: Any, password: str = PASSWORD) -> Any:
    return client.post(PATH, {"email": user.email, "password": password}, format="json")


@pytest.fixture
def member(make_user: Any) -> Any:
    return make_user(email="member@example.com", password="pw-for-tests-2026")


def test_signing_in_sets_the_refresh_token_as_a_locked_down_cookie(
    api_client: APIClient, member: Any
) -> None:
    response = sign_in(api_client, member)
    assert response.status_code == 200
    assert set(response.json()) == {"access"}
    cookie = response.cookies[COOKIE]
    assert cookie.value
    # __Host-: Secure, Path=/ and no Domain, so no other origin can plant one of this name.
    assert COOKIE.startswith("__Host-")
    assert (cookie["path"], cookie["samesite"], cookie["httponly"]) == ("/", "Strict", True)
    assert cookie["domain"] == ""
    assert cookie["secure"] is True  # outside development
    assert int(cookie["max-age"]) == 7 * 24 * 3600
    me = api_client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert me.json()["email"] == member.email


@override_settings(SESSION_REFRESH_COOKIE_SECURE=False)
def test_in_development_the_cookie_also_travels_over_plain_http(
    api_client: APIClient, member: Any
) -> None:
    cookies = sign_in(api_client, member).cookies
    assert cookies[PLAIN_SESSION_COOKIE]["secure"] == ""
    assert COOKIE not in cookies


def test_a_wrong_password_sets_no_cookie(api_client: APIClient, member: Any) -> None:
    response = sign_in(api_client, member, password="not-the-password")
    assert response.status_code == 401
    assert response.json()["code"] == "AUTH_INVALID_CREDENTIALS"
    assert COOKIE not in response.cookies


def test_refresh_rotates_the_cookie_and_an_older_spent_one_is_refused_and_cleared(
    api_client: APIClient, member: Any
) -> None:
    first = sign_in(api_client, member).cookies[COOKIE].value
    refreshed = api_client.post(f"{PATH}/refresh")
    assert refreshed.status_code == 200
    assert set(refreshed.json()) == {"access"}
    second = refreshed.cookies[COOKIE].value
    assert second != first
    assert api_client.post(f"{PATH}/refresh").status_code == 200  # `first` is two rotations old

    replay = APIClient()
    replay.cookies[COOKIE] = first
    refused = replay.post(f"{PATH}/refresh")
    assert refused.status_code == 401
    assert (refused.json()["code"], refused.json()["details"]) == (
        "AUTH_TOKEN_INVALID",
        {"reason": "used"},
    )
    assert refused.cookies[COOKIE].value == ""
    assert refused.cookies[COOKIE]["max-age"] == 0


def test_a_page_that_lost_a_refresh_answer_gets_the_current_cookie_again(
    api_client: APIClient, member: Any
) -> None:
    """The page left while its refresh was in flight: the server rotated the cookie, the browser
    kept the spent one. Sent again at once, it is answered with the session's current token."""
    spent = sign_in(api_client, member).cookies[COOKIE].value
    current = api_client.post(f"{PATH}/refresh").cookies[COOKIE].value

    browser = APIClient()
    browser.cookies[COOKIE] = spent
    recovered = browser.post(f"{PATH}/refresh")
    assert recovered.status_code == 200
    cookie = recovered.cookies[COOKIE]
    assert RefreshToken(cookie.value)["jti"] == RefreshToken(current)["jti"]
    assert (cookie["path"], cookie["httponly"]) == ("/", True)
    me = browser.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {recovered.json()['access']}")
    assert me.json()["email"] == member.email
    assert browser.post(f"{PATH}/refresh").status_code == 200  # and it rotates from there
    assert SignInSession.objects.get(user=member).revoked_at is None


def test_refresh_without_a_cookie_is_401_not_authenticated(api_client: APIClient) -> None:
    response = api_client.post(f"{PATH}/refresh")
    assert response.status_code == 401
    assert response.json()["code"] == "AUTH_NOT_AUTHENTICATED"


def test_logout_ends_the_session_and_clears_the_cookie(api_client: APIClient, member: Any) -> None:
    held = sign_in(api_client, member).cookies[COOKIE].value
    ended = api_client.post(f"{PATH}/logout")
    assert ended.status_code == 204
    assert ended.cookies[COOKIE].value == ""
    assert SignInSession.objects.filter(user=member, revoked_reason=RevokeReason.LOGOUT).exists()
    again = APIClient()
    again.cookies[COOKIE] = held
    assert again.post(f"{PATH}/refresh").json()["details"] == {"reason": "revoked"}
    assert APIClient().post(f"{PATH}/logout").status_code == 204  # nothing to end: still 204


def test_the_bearer_api_is_unchanged_and_sets_no_cookie(api_client: APIClient, member: Any) -> None:
    pair = api_client.post(
        "/api/v1/auth/token",
        {"email": member.email, "password": "pw-for-tests-2026"},
        format="json",
    )
    assert set(pair.json()) == {"access", "refresh"}
    assert COOKIE not in pair.cookies
