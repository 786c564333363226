"""The admin login goes through the API's login limiter, and failures are WARNING lines."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.signals import user_login_failed
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from tests.support.server import unreachable_redis_cache
from tests.support.threads import race

pytestmark = pytest.mark.django_db(transaction=True)

ADMIN_LOGIN = "/admin/login/"
WRONG_PASSWORD = "not-the-staff-password"


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    """Fixed windows: a burst that straddled a window boundary would be counted in two."""
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=5, seconds=1)
    with time_machine.travel(start, tick=False) as clock:
        yield clock


@pytest.fixture
def staff(make_user: Any) -> Any:
    member = make_user(email="desk@example.com")
    member.is_staff = True
    member.save()
    return member


@pytest.fixture
def login_limit(settings: Any) -> Any:
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "login": "10/minute",
        "login_account": "1000/minute",
        "login_ip": "1000/minute",
        "anon": "1000/minute",
    }
    return settings


class PasswordChecks:
    """Counts the attempts that reached a password comparison and failed it."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, **kwargs: Any) -> None:
        with self._lock:
            self.count += 1


@pytest.fixture
def failed_password_checks() -> Any:
    checks = PasswordChecks()
    user_login_failed.connect(checks, dispatch_uid="tests.failed-password-checks")
    yield checks
    user_login_failed.disconnect(dispatch_uid="tests.failed-password-checks")


def admin_login(email: str, password: str, **headers: str) -> Any:
    return Client().post(ADMIN_LOGIN, {"username": email, "password": password}, **headers)


def test_sixty_parallel_wrong_admin_passwords_reach_the_check_at_most_ten_times(
    login_limit, staff, failed_password_checks
) -> None:
    responses = race(lambda _: admin_login(staff.email, WRONG_PASSWORD), threads=60)
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * 10 + [429] * 50
    assert failed_password_checks.count == 10
    refused = next(response for response in responses if response.status_code == 429)
    page = refused.content.decode()
    seconds = int(refused["Retry-After"])
    assert 1 <= seconds <= 60
    assert f"Too many login attempts. Try again in {seconds} seconds." in page
    assert 'name="username"' in page  # the login page itself, not an error page


def test_the_admin_and_the_api_share_one_login_limit(login_limit, staff) -> None:
    api = APIClient()
    for _ in range(10):
        api.post("/api/v1/auth/token", {"email": staff.email, "password": "x"}, format="json")
    # Even the right password is refused now: the limit is counted before the check.
    assert admin_login(staff.email, PASSWORD).status_code == 429


def test_successful_admin_logins_count_against_the_limit_too(login_limit, staff) -> None:
    for _ in range(6):
        assert admin_login(staff.email, PASSWORD).status_code == 302
    for _ in range(4):
        assert admin_login(staff.email, WRONG_PASSWORD).status_code == 200
    assert admin_login(staff.email, PASSWORD).status_code == 429


def test_a_non_staff_user_with_the_right_password_is_refused_like_a_wrong_one(
    login_limit, user
) -> None:
    response = admin_login(user.email, PASSWORD)
    assert response.status_code == 200
    assert "Please enter the correct email and password for a staff account" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in response.client.session


def test_a_failed_admin_login_is_a_warning_with_the_request_id_and_never_the_password(
    login_limit, staff, json_logs
) -> None:
    response = admin_login(staff.email, WRONG_PASSWORD, HTTP_X_REQUEST_ID="admin-login-0001")
    assert response.status_code == 200
    [line] = [line for line in json_logs.lines() if line["message"] == "admin login failed"]
    assert line["level"] == "WARNING"
    assert line["request_id"] == "admin-login-0001"
    assert line["login_channel"] == "admin"
    assert line["account_id"] == staff.pk
    assert line["client_address"] == "127.0.0.1"
    assert WRONG_PASSWORD not in json_logs.text
    assert response["X-Request-ID"] == "admin-login-0001"


def test_admin_logins_are_refused_while_the_limiter_is_down(login_limit, staff, settings) -> None:
    settings.CACHES = unreachable_redis_cache()
    response = admin_login(staff.email, PASSWORD)
    assert response.status_code == 503
    assert "Logging in is unavailable for a moment" in response.content.decode()
    assert re.fullmatch(r"\d+", response["Retry-After"])
