"""Registration, login, refresh rotation and the three distinct token failures."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.models import RevokeReason, SignInSession, User
from accounts.sessions import session_start
from tests.conftest import PASSWORD
from tests.errors.test_envelope import assert_envelope

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register"
TOKEN = "/api/v1/auth/token"
REFRESH = "/api/v1/auth/token/refresh"
ME = "/api/v1/auth/me"


def register(client: APIClient, **overrides: str):
    payload = {"email": "grace@example.com", "password": PASSWORD, "name": "Grace"} | overrides
    return client.post(REGISTER, payload, format="json")


def test_registration_creates_the_user_and_answers_201(api_client: APIClient) -> None:
    response = register(api_client, email="  Grace@Example.COM ")
    assert response.status_code == 201
    assert response["Location"] == "/api/v1/auth/me"
    body = response.json()
    assert set(body) == {"id", "email", "name"}
    assert body["email"] == "grace@example.com"
    assert User.objects.get(pk=body["id"]).check_password(PASSWORD)


def test_registration_with_a_taken_email_is_409_in_any_letter_case(api_client: APIClient) -> None:
    register(api_client)
    response = register(api_client, email="GRACE@example.com")
    assert_envelope(response, 409, "CONFLICT_EMAIL_EXISTS")
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short1", "too short"), ("password123", "too common"), ("84736251990", "entirely numeric")],
)
def test_registration_applies_djangos_password_validators(
    api_client: APIClient, password: str, reason: str
) -> None:
    body = assert_envelope(register(api_client, password=password), 400, "VALIDATION_ERROR")
    assert any(reason in message for message in body["details"]["password"])
    assert User.objects.count() == 0


def test_registration_reports_each_invalid_field(api_client: APIClient) -> None:
    response = api_client.post(REGISTER, {"email": "nope", "name": ""}, format="json")
    body = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert set(body["details"]) == {"email", "password", "name"}


def test_login_returns_a_token_pair_that_opens_me(api_client: APIClient, user: User) -> None:
    pair = api_client.post(
        TOKEN, {"email": "ADA@example.com", "password": PASSWORD}, format="json"
    ).json()
    assert set(pair) == {"access", "refresh"}
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    assert api_client.get(ME).json() == {"id": user.pk, "email": user.email, "name": user.name}


@pytest.mark.parametrize("email", ["ada@example.com", "nobody@example.com"])
def test_wrong_credentials_are_401_without_saying_which_part_was_wrong(
    api_client: APIClient, user: User, email: str
) -> None:
    response = api_client.post(TOKEN, {"email": email, "password": "wrong-password"}, format="json")
    body = assert_envelope(response, 401, "AUTH_INVALID_CREDENTIALS")
    assert body["message"] == "The email or password is incorrect."
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_missing_token_is_auth_not_authenticated(api_client: APIClient) -> None:
    response = api_client.get(ME)
    assert_envelope(response, 401, "AUTH_NOT_AUTHENTICATED")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_expired_access_token_is_auth_token_expired(api_client: APIClient, user: User) -> None:
    token = str(AccessToken.for_user(user))
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api_client.get(ME).status_code == 200
    ttl = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"]
    with time_machine.travel(timezone.now() + ttl + timedelta(seconds=1), tick=False):
        assert_envelope(api_client.get(ME), 401, "AUTH_TOKEN_EXPIRED")


def test_access_token_lifetime_follows_the_setting(user: User) -> None:
    token = AccessToken.for_user(user)
    assert (
        token["exp"] - token["iat"] == settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()
    )


@pytest.mark.parametrize(
    "header",
    [
        "Bearer not.a.jwt",
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxfQ.forged-signature",
        "Bearer",
        "Bearer two tokens",
    ],
)
def test_malformed_or_forged_tokens_are_auth_token_invalid(
    api_client: APIClient, user: User, header: str
) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=header)
    assert_envelope(api_client.get(ME), 401, "AUTH_TOKEN_INVALID")


def test_a_token_signed_with_another_key_is_invalid_even_when_expired(
    api_client: APIClient, user: User
) -> None:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-timedelta(minutes=5))
    forged = str(token)[:-4] + "AAAA"
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {forged}")
    assert_envelope(api_client.get(ME), 401, "AUTH_TOKEN_INVALID")


def test_a_refresh_token_is_not_an_access_token(api_client: APIClient, user: User) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user)}")
    assert_envelope(api_client.get(ME), 401, "AUTH_TOKEN_INVALID")


def test_token_of_a_deleted_user_is_invalid(api_client: APIClient, user: User) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    user.delete()
    assert_envelope(api_client.get(ME), 401, "AUTH_TOKEN_INVALID")


def test_refresh_rotates_and_each_new_refresh_token_refreshes_once(
    api_client: APIClient, user: User
) -> None:
    token = session_start(user=user)["refresh"]
    for _ in range(3):
        response = api_client.post(REFRESH, {"refresh": token}, format="json")
        assert response.status_code == 200
        assert response.json()["refresh"] != token
        token = response.json()["refresh"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert api_client.get(ME).status_code == 200


def test_refresh_with_garbage_is_401_and_without_a_token_is_400(api_client: APIClient) -> None:
    assert_envelope(
        api_client.post(REFRESH, {"refresh": "garbage"}, format="json"), 401, "AUTH_TOKEN_INVALID"
    )
    assert_envelope(api_client.post(REFRESH, {}, format="json"), 400, "VALIDATION_ERROR")


@pytest.mark.django_db(transaction=True)
def test_eight_racing_refreshes_of_one_token_rotate_it_once_and_all_get_the_same_new_token(
    user: User,
) -> None:
    """The losers send the token the winner just spent, within the reuse interval that two tabs
    or a lost answer need: each gets the winner's new refresh token again, and the session
    lives on with that one token."""
    refresh = session_start(user=user)["refresh"]
    attempts = 8
    barrier = threading.Barrier(attempts)
    responses: list = []
    lock = threading.Lock()

    def attempt() -> None:
        client = APIClient(raise_request_exception=False)
        barrier.wait()
        response = client.post(REFRESH, {"refresh": refresh}, format="json")
        with lock:
            responses.append(response)
        connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [response.status_code for response in responses] == [200] * attempts
    token_ids = {RefreshToken(response.json()["refresh"])["jti"] for response in responses}
    session = SignInSession.objects.get(user=user)
    assert token_ids == {session.current_token_id}
    assert (session.previous_token_id, session.revoked_at) == (RefreshToken(refresh)["jti"], None)
    again = APIClient().post(REFRESH, {"refresh": responses[0].json()["refresh"]}, format="json")
    assert again.status_code == 200


def test_a_registration_that_loses_a_race_ends_as_an_integrity_error_not_a_400() -> None:
    """Two registrations can both pass the look-up; the database's unique index decides."""
    from django.db import IntegrityError, transaction

    User.objects.create_user(email="race@example.com", password=PASSWORD, name="One")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="RACE@example.com", password=PASSWORD, name="Two")


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"password": "        "}, "only spaces"),
        ({"password": "\t \u3000 \u00a0\n  "}, "only spaces"),
        ({"password": "1234 5678 90"}, "only digits and spaces"),
        ({"name": "Margaret Hamilton", "password": "Margaret Hamilton"}, "similar to the name"),
        ({"name": "Margaret Hamilton", "password": "margarethamilton"}, "similar to the name"),
    ],
)
def test_registration_refuses_a_password_of_spaces_or_like_the_name(
    api_client: APIClient, overrides: dict[str, str], reason: str
) -> None:
    body = assert_envelope(register(api_client, **overrides), 400, "VALIDATION_ERROR")
    assert set(body["details"]) == {"password"}
    assert any(reason in message for message in body["details"]["password"])
    assert User.objects.count() == 0


def test_the_documented_password_pattern_refuses_what_the_validators_refuse(
    api_client: APIClient,
) -> None:
    schema = api_client.get("/api/v1/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    pattern = schema["components"]["schemas"]["RegisterRequest"]["properties"]["password"]
    ecma = re.compile(pattern["pattern"])
    assert ecma.search("a password with letters")
    for refused in ("        ", "\t \u3000 \u00a0\n  ", "1234 5678 90", "84736251990"):
        assert not ecma.search(refused), refused


@pytest.fixture
def superuser_admin(make_user) -> Client:
    admin = make_user(email="root@example.com", name="Root")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    client.staff = admin
    return client


def signed_in(user: User) -> dict[str, str]:
    """A token pair from the API's own sign-in, checked to work."""
    client = APIClient()
    pair = client.post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json").json()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    assert client.get(ME).status_code == 200
    return pair


def assert_signed_out(pair: dict[str, str], reason: str = "revoked") -> None:
    """Neither token of the pair works any more: the refresh token's session is revoked and the
    access token, not expired yet, is refused all the same."""
    client = APIClient()
    refused = assert_envelope(
        client.post(REFRESH, {"refresh": pair["refresh"]}, format="json"),
        401,
        "AUTH_TOKEN_INVALID",
    )
    assert refused["details"] == {"reason": reason}
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    assert_envelope(client.get(ME), 401, "AUTH_TOKEN_INVALID")


def test_a_password_changed_in_the_admin_ends_every_session_of_the_user(
    superuser_admin: Client, user: User
) -> None:
    pairs = [signed_in(user), signed_in(user)]
    page = f"/admin/accounts/user/{user.pk}/password/"
    assert superuser_admin.get(page).status_code == 200
    new_password = "a-brand-new-passphrase-2026"
    changed = superuser_admin.post(
        page, {"usable_password": "true", "password1": new_password, "password2": new_password}
    )
    assert changed.status_code == 302
    for pair in pairs:
        assert_signed_out(pair)
    assert set(SignInSession.objects.values_list("revoked_reason", flat=True)) == {
        RevokeReason.PASSWORD
    }
    # A sign-in with the new password, from the next second on, works as usual.
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        client = APIClient()
        answer = client.post(TOKEN, {"email": user.email, "password": new_password}, format="json")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {answer.json()['access']}")
        assert client.get(ME).status_code == 200


def test_a_password_disabled_in_the_admin_ends_every_session_too(
    superuser_admin: Client, user: User
) -> None:
    pair = signed_in(user)
    changed = superuser_admin.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"usable_password": "false", "unset-password": "Disable password-based authentication"},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert_signed_out(pair)


def test_a_password_set_in_code_ends_every_session_as_changepassword_does(user: User) -> None:
    pair = signed_in(user)
    user.set_password("another-long-passphrase")
    user.save()
    assert_signed_out(pair)


def test_a_login_that_upgrades_the_password_hash_ends_no_session(user: User, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user.set_password(PASSWORD)
    user.save()
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        first = signed_in(user)
        second = signed_in(user)  # the first sign-in rehashed the password with PBKDF2
        user.refresh_from_db()
        assert user.password.startswith("pbkdf2_sha256$")
        assert SignInSession.objects.filter(user=user, revoked_at__isnull=True).count() == 2
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {first['access']}")
        assert client.get(ME).status_code == 200
        assert (
            client.post(REFRESH, {"refresh": second["refresh"]}, format="json").status_code == 200
        )


def test_a_user_deactivated_in_the_admin_stays_signed_out_when_reactivated(
    superuser_admin: Client, user: User
) -> None:
    pair = signed_in(user)
    page = f"/admin/accounts/user/{user.pk}/change/"
    deactivated = superuser_admin.post(page, {"email": user.email, "name": user.name})
    assert deactivated.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    session = SignInSession.objects.get(user=user)
    assert (session.revoked_reason, session.revoked_by) == (
        RevokeReason.DEACTIVATED,
        superuser_admin.staff,
    )
    assert_signed_out(pair, reason="invalid")  # an inactive user's tokens are refused anyway
    reactivated = superuser_admin.post(
        page, {"email": user.email, "name": user.name, "is_active": "on"}
    )
    assert reactivated.status_code == 302
    assert_signed_out(pair)


def test_checking_for_ended_sessions_reads_no_session_row(user: User) -> None:
    """The bearer authentication compares the token's `iat` with the user row it loads anyway."""
    pair = signed_in(user)
    user.set_password("another-long-passphrase")
    user.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    with CaptureQueriesContext(connection) as queries:
        assert_envelope(client.get(ME), 401, "AUTH_TOKEN_INVALID")
    tables = [query["sql"] for query in queries.captured_queries]
    assert len(tables) == 1
    assert '"accounts_user"' in tables[0]
    assert "accounts_signinsession" not in tables[0]
