"""Sign-in sessions: refresh-token rotation with reuse detection, logout, nothing usable at rest."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import RevokeReason, SignInSession, User
from accounts.sessions import REPLAY_GRACE, sign_in_sessions_prune
from tests.conftest import PASSWORD
from tests.errors.test_envelope import assert_envelope

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token"
REFRESH = "/api/v1/auth/token/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/auth/me"


def log_in(client: APIClient, user: User) -> dict[str, str]:
    response = client.post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    return response.json()


def refresh(client: APIClient, token: str):
    return client.post(REFRESH, {"refresh": token}, format="json")


def test_replaying_a_rotated_refresh_token_revokes_every_token_of_its_login(
    api_client: APIClient, user: User
) -> None:
    first = log_in(api_client, user)["refresh"]
    second = refresh(api_client, first).json()["refresh"]
    third = refresh(api_client, second).json()["refresh"]

    replay = assert_envelope(refresh(api_client, first), 401, "AUTH_TOKEN_INVALID")
    assert replay["details"] == {"reason": "used"}
    # The thief's replay also ends the rightful holder's newest token: one of them is the thief.
    after = assert_envelope(refresh(api_client, third), 401, "AUTH_TOKEN_INVALID")
    assert after["details"] == {"reason": "revoked"}
    session = SignInSession.objects.get(user=user)
    assert (session.revoked_reason, session.revoked_by) == (RevokeReason.REUSE, None)


def token_id(token: str) -> str:
    return RefreshToken(token)["jti"]


def test_the_token_just_spent_sent_again_gets_the_current_token_again_without_rotating(
    api_client: APIClient, user: User
) -> None:
    """A client whose refresh answer was lost sends the spent token again: it gets the token
    that refresh issued (its id and expiry), and nothing rotates."""
    first = log_in(api_client, user)["refresh"]
    second = refresh(api_client, first).json()["refresh"]
    before = SignInSession.objects.get(user=user)

    retried = refresh(api_client, first)
    assert retried.status_code == 200
    again = retried.json()["refresh"]
    assert token_id(again) == token_id(second) == before.current_token_id
    assert RefreshToken(again)["exp"] == RefreshToken(second)["exp"]
    after = SignInSession.objects.get(user=user)
    assert (after.current_token_id, after.previous_token_id, after.refreshed_at) == (
        before.current_token_id,
        before.previous_token_id,
        before.refreshed_at,
    )
    assert after.revoked_at is None
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {retried.json()['access']}")
    assert api_client.get(ME).json()["email"] == user.email


def test_the_current_token_given_again_then_rotates_as_any_other(
    api_client: APIClient, user: User
) -> None:
    first = log_in(api_client, user)["refresh"]
    second = refresh(api_client, first).json()["refresh"]
    again = refresh(api_client, first).json()["refresh"]

    third = refresh(api_client, again)
    assert third.status_code == 200
    session = SignInSession.objects.get(user=user)
    assert token_id(third.json()["refresh"]) == session.current_token_id
    assert session.previous_token_id == token_id(second)
    # The first token is now two rotations old: a replay, which ends the session.
    replay = assert_envelope(refresh(api_client, first), 401, "AUTH_TOKEN_INVALID")
    assert replay["details"] == {"reason": "used"}
    assert SignInSession.objects.get(user=user).revoked_reason == RevokeReason.REUSE


def test_the_token_just_spent_sent_again_after_the_grace_ends_the_session(
    api_client: APIClient, user: User
) -> None:
    first = log_in(api_client, user)["refresh"]
    second = refresh(api_client, first).json()["refresh"]
    with time_machine.travel(timezone.now() + REPLAY_GRACE + timedelta(seconds=1)):
        late = assert_envelope(refresh(api_client, first), 401, "AUTH_TOKEN_INVALID")
        assert late["details"] == {"reason": "used"}
        assert refresh(api_client, second).json()["details"] == {"reason": "revoked"}
    assert SignInSession.objects.get(user=user).revoked_reason == RevokeReason.REUSE


def test_the_token_just_spent_of_an_ended_session_gets_nothing(
    api_client: APIClient, user: User
) -> None:
    first = log_in(api_client, user)["refresh"]
    second = refresh(api_client, first).json()["refresh"]
    api_client.post(LOGOUT, {"refresh": second}, format="json")
    ended = assert_envelope(refresh(api_client, first), 401, "AUTH_TOKEN_INVALID")
    assert ended["details"] == {"reason": "revoked"}


def test_sessions_that_ended_a_month_ago_are_pruned_and_recent_ones_kept(
    api_client: APIClient, user: User
) -> None:
    ended = log_in(api_client, user)["refresh"]
    api_client.post(LOGOUT, {"refresh": ended}, format="json")
    log_in(api_client, user)
    assert sign_in_sessions_prune() == 0
    assert sign_in_sessions_prune(now=timezone.now() + timedelta(days=31)) == 1
    # The other one expires after JWT_REFRESH_TTL_DAYS, and goes a month after that.
    assert sign_in_sessions_prune(now=timezone.now() + timedelta(days=38)) == 1
    assert not SignInSession.objects.exists()


def test_a_replay_revokes_only_its_own_login(api_client: APIClient, user: User) -> None:
    phone = log_in(api_client, user)["refresh"]
    laptop = log_in(api_client, user)["refresh"]
    refresh(api_client, phone)
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert refresh(api_client, phone).json()["details"] == {"reason": "used"}  # past the grace
        assert refresh(api_client, laptop).status_code == 200
    assert SignInSession.objects.filter(user=user, revoked_at__isnull=True).count() == 1


def test_logout_revokes_the_session_and_answers_204(api_client: APIClient, user: User) -> None:
    first = log_in(api_client, user)["refresh"]
    current = refresh(api_client, first).json()["refresh"]
    response = api_client.post(LOGOUT, {"refresh": current}, format="json")
    assert response.status_code == 204
    assert response.content == b""
    assert_envelope(refresh(api_client, current), 401, "AUTH_TOKEN_INVALID")
    assert SignInSession.objects.get(user=user).revoked_reason == RevokeReason.LOGOUT


def test_logout_with_an_older_token_of_the_session_ends_it_too(
    api_client: APIClient, user: User
) -> None:
    first = log_in(api_client, user)["refresh"]
    current = refresh(api_client, first).json()["refresh"]
    assert api_client.post(LOGOUT, {"refresh": first}, format="json").status_code == 204
    assert refresh(api_client, current).json()["details"] == {"reason": "revoked"}


@pytest.mark.parametrize("kind", ["revoked", "garbage", "forged", "before-sessions"])
def test_logout_says_nothing_about_tokens_that_end_nothing(
    api_client: APIClient, user: User, kind: str
) -> None:
    pair = log_in(api_client, user)
    tokens = {
        "revoked": pair["refresh"],
        "garbage": "not-a-token",
        "forged": pair["refresh"][:-6] + "AAAAAA",
        # Issued without a session, as every token was before sessions existed.
        "before-sessions": str(RefreshToken.for_user(user)),
    }
    if kind == "revoked":
        api_client.post(LOGOUT, {"refresh": pair["refresh"]}, format="json")
    response = api_client.post(LOGOUT, {"refresh": tokens[kind]}, format="json")
    assert response.status_code == 204
    expected_open = 0 if kind == "revoked" else 1
    assert SignInSession.objects.filter(revoked_at__isnull=True).count() == expected_open


def test_logout_without_a_token_is_a_validation_error(api_client: APIClient) -> None:
    body = assert_envelope(api_client.post(LOGOUT, {}, format="json"), 400, "VALIDATION_ERROR")
    assert "refresh" in body["details"]


def test_a_refresh_token_issued_without_a_session_no_longer_refreshes(
    api_client: APIClient, user: User
) -> None:
    body = assert_envelope(
        refresh(api_client, str(RefreshToken.for_user(user))), 401, "AUTH_TOKEN_INVALID"
    )
    assert body["details"] == {"reason": "invalid"}


def dump_every_table() -> str:
    """Every row of every table, as text."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the catalogue
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


def test_no_refresh_token_nor_its_signature_is_kept_anywhere(
    api_client: APIClient, user: User, make_user
) -> None:
    staff = make_user(email="boss@example.com")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    first = log_in(api_client, user)
    second = refresh(api_client, first["refresh"]).json()
    third = refresh(api_client, second["refresh"]).json()
    api_client.post(LOGOUT, {"refresh": third["refresh"]}, format="json")
    kept_pair = log_in(api_client, user)
    admin = Client()
    admin.force_login(staff)
    session = SignInSession.objects.filter(user=user).first()
    pages = (
        admin.get("/admin/accounts/signinsession/").content.decode()
        + admin.get(f"/admin/accounts/signinsession/{session.pk}/change/").content.decode()
    )

    everything = dump_every_table() + pages
    for pair in (first, second, third, kept_pair):
        token = pair["refresh"]
        signature = token.rsplit(".", 1)[1]
        assert token not in everything
        assert signature not in everything
        assert pair["access"].rsplit(".", 1)[1] not in everything
    assert SignInSession.objects.filter(user=user).count() == 2
