"""A user's own new password and sign-in sessions: every other session ends, tokens and all,
while the one the user acts from stays signed in."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import RevokeReason, SignInSession, User
from accounts.sessions import session_start
from tests.conftest import PASSWORD
from tests.errors.test_envelope import assert_envelope

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token"
REFRESH = "/api/v1/auth/token/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/auth/me"
PASSWORD_CHANGE = "/api/v1/auth/password"
SESSIONS = "/api/v1/auth/sessions"
END_OTHERS = "/api/v1/auth/sessions/end-others"
NEW_PASSWORD = "a-brand-new-passphrase-2026"


def signed_in(user: User, password: str = PASSWORD) -> dict[str, str]:
    answer = APIClient().post(TOKEN, {"email": user.email, "password": password}, format="json")
    assert answer.status_code == 200, answer.content
    return answer.json()


def bearer(pair: dict[str, str]) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    return client


def change_password(pair: dict[str, str], current: str, new: str):
    return bearer(pair).post(
        PASSWORD_CHANGE, {"current_password": current, "new_password": new}, format="json"
    )


def works(pair: dict[str, str]) -> bool:
    """Both tokens of the pair still work: the access token opens /me and the refresh token
    rotates (the pair is updated to the new one)."""
    if bearer(pair).get(ME).status_code != 200:
        return False
    rotated = APIClient().post(REFRESH, {"refresh": pair["refresh"]}, format="json")
    if rotated.status_code != 200:
        return False
    pair.update(rotated.json())
    return bearer(pair).get(ME).status_code == 200


def assert_signed_out(pair: dict[str, str]) -> None:
    refused = assert_envelope(
        APIClient().post(REFRESH, {"refresh": pair["refresh"]}, format="json"),
        401,
        "AUTH_TOKEN_INVALID",
    )
    assert refused["details"] == {"reason": "revoked"}
    assert_envelope(bearer(pair).get(ME), 401, "AUTH_TOKEN_INVALID")


def test_a_wrong_current_password_is_a_400_naming_it_and_changes_nothing(user: User) -> None:
    here, elsewhere = signed_in(user), signed_in(user)
    answer = assert_envelope(
        change_password(here, "not-the-password", NEW_PASSWORD), 400, "VALIDATION_ERROR"
    )
    assert set(answer["details"]) == {"current_password"}

    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not user.check_password(NEW_PASSWORD)
    assert user.sessions_ended_at is None
    assert not SignInSession.objects.filter(revoked_at__isnull=False).exists()
    assert works(here)
    assert works(elsewhere)


def test_a_wrong_current_password_counts_as_a_failed_login(user: User, settings, json_logs) -> None:
    here = signed_in(user)  # the first attempt counted against the email and address
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "3/15m"}
    for _ in range(2):
        assert_envelope(
            change_password(here, "not-the-password", NEW_PASSWORD), 400, "VALIDATION_ERROR"
        )

    # The limit is shared with signing in: even the right password waits now, here and there.
    limited = assert_envelope(
        change_password(here, PASSWORD, NEW_PASSWORD), 429, "RATE_LIMIT_EXCEEDED"
    )
    assert limited["details"]["scope"] == "login"
    assert_envelope(
        APIClient().post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json"),
        429,
        "RATE_LIMIT_EXCEEDED",
    )
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    failures = [line for line in json_logs.lines() if line["message"].endswith("login failed")]
    assert [(line["login_channel"], line["account_id"]) for line in failures] == [
        ("password_change", user.pk)
    ] * 2
    assert "not-the-password" not in json_logs.text


@pytest.mark.parametrize(
    ("new_password", "reason"),
    [("qwertyuiop", "common"), ("ada@example.com", "similar"), ("12345678901", "numeric")],
)
def test_a_new_password_the_validators_refuse_is_a_400_naming_it(
    user: User, new_password: str, reason: str
) -> None:
    here = signed_in(user)
    answer = assert_envelope(change_password(here, PASSWORD, new_password), 400, "VALIDATION_ERROR")
    assert set(answer["details"]) == {"new_password"}
    assert reason in " ".join(answer["details"]["new_password"])
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert user.sessions_ended_at is None
    assert works(here)


def test_a_new_password_ends_every_other_session_and_keeps_this_one(user: User) -> None:
    here, phone, laptop = signed_in(user), signed_in(user), signed_in(user)

    changed = change_password(here, PASSWORD, NEW_PASSWORD)
    assert changed.status_code == 200
    assert changed.json() == {"ended_sessions": 2}

    assert_signed_out(phone)
    assert_signed_out(laptop)
    assert works(here)  # its access token, then a refresh and the new access token
    assert works(here)
    revoked = SignInSession.objects.filter(revoked_at__isnull=False)
    assert set(revoked.values_list("revoked_reason", flat=True)) == {RevokeReason.PASSWORD}
    assert revoked.count() == 2
    assert_envelope(
        APIClient().post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json"),
        401,
        "AUTH_INVALID_CREDENTIALS",
    )
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        assert works(signed_in(user, NEW_PASSWORD))


def test_a_password_changed_later_elsewhere_ends_the_session_that_was_kept(user: User) -> None:
    here = signed_in(user)
    assert change_password(here, PASSWORD, NEW_PASSWORD).status_code == 200
    assert works(here)

    user.set_password("yet-another-passphrase-2026")  # the admin, changepassword, any code
    user.save()
    assert_signed_out(here)


def test_a_password_changed_from_a_session_already_ended_keeps_none(user: User) -> None:
    """A logged-out session's access token still opens the API until it expires; a password
    changed with it ends every session, that one's access tokens included."""
    here, elsewhere = signed_in(user), signed_in(user)
    assert APIClient().post(LOGOUT, {"refresh": here["refresh"]}, format="json").status_code == 204

    changed = change_password(here, PASSWORD, NEW_PASSWORD)
    assert changed.json() == {"ended_sessions": 1}
    assert_signed_out(elsewhere)
    assert_envelope(bearer(here).get(ME), 401, "AUTH_TOKEN_INVALID")


def test_signing_out_everywhere_else_ends_the_others_and_says_how_many(user: User) -> None:
    here, phone, laptop = signed_in(user), signed_in(user), signed_in(user)

    ended = bearer(here).post(END_OTHERS)
    assert ended.status_code == 200
    assert ended.json() == {"ended_sessions": 2}
    assert_signed_out(phone)
    assert_signed_out(laptop)
    assert works(here)
    assert set(
        SignInSession.objects.filter(revoked_at__isnull=False).values_list(
            "revoked_reason", flat=True
        )
    ) == {RevokeReason.ELSEWHERE}
    assert bearer(here).post(END_OTHERS).json() == {"ended_sessions": 0}
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_kept_sessions_access_token_is_checked_without_reading_a_session_row(
    user: User,
) -> None:
    here, elsewhere = signed_in(user), signed_in(user)
    assert bearer(here).post(END_OTHERS).json() == {"ended_sessions": 1}
    for pair, status in ((here, 200), (elsewhere, 401)):
        with CaptureQueriesContext(connection) as queries:
            assert bearer(pair).get(ME).status_code == status
        assert all("accounts_signinsession" not in q["sql"] for q in queries.captured_queries)


def test_the_sessions_list_shows_the_users_own_live_sessions_newest_first(
    user: User, make_user
) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        session_start(user=user)  # expired since
    logged_out = signed_in(user)
    APIClient().post(LOGOUT, {"refresh": logged_out["refresh"]}, format="json")
    older = signed_in(user)
    here = signed_in(user)
    signed_in(make_user(email="grace@example.com", name="Grace"))

    answer = bearer(here).get(SESSIONS)
    assert answer.status_code == 200
    listed = answer.json()
    live = SignInSession.objects.filter(user=user, revoked_at__isnull=True)
    live = live.filter(expires_at__gt=timezone.now()).order_by("-created_at")
    assert [entry["id"] for entry in listed] == [str(session.pk) for session in live]
    assert len(listed) == 2
    assert [entry["current"] for entry in listed] == [True, False]
    assert all(
        set(entry) == {"id", "created_at", "refreshed_at", "expires_at", "current"}
        for entry in listed
    )
    for token in (*here.values(), *older.values()):
        assert token not in answer.content.decode()
    for session in live:
        assert session.current_token_id not in answer.content.decode()

    assert works(older)  # a refresh shows as the session's last activity
    refreshed = bearer(here).get(SESSIONS).json()[1]
    assert refreshed["refreshed_at"] is not None


def test_the_account_endpoints_need_a_signed_in_user(api_client: APIClient) -> None:
    assert_envelope(api_client.get(SESSIONS), 401, "AUTH_NOT_AUTHENTICATED")
    assert_envelope(api_client.post(END_OTHERS), 401, "AUTH_NOT_AUTHENTICATED")
    assert_envelope(
        api_client.post(
            PASSWORD_CHANGE,
            {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
            format="json",
        ),
        401,
        "AUTH_NOT_AUTHENTICATED",
    )
