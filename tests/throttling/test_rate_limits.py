"""Rate limits that hold under a parallel burst, honest 429s, and a limiter outage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle
from rest_framework.views import APIView

from observability.context import client_address
from tests.errors.test_envelope import assert_envelope
from tests.support.server import unreachable_redis_cache
from tests.support.threads import race
from throttling import limiter

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "/api/v1/auth/token"
WRONG = {"email": "ada@example.com", "password": "not-her-password"}


def attempt_login(payload: dict[str, str] = WRONG, **headers: str):
    return APIClient(raise_request_exception=False).post(LOGIN, payload, format="json", **headers)


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


def test_sixty_parallel_failed_logins_let_exactly_ten_reach_the_password_check(
    login_limit, user
) -> None:
    responses = race(lambda _: attempt_login(), threads=60)
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [401] * 10 + [429] * 50
    for response in responses:
        if response.status_code == 429:
            body = assert_envelope(response, 429, "RATE_LIMIT_EXCEEDED")
            assert int(response["Retry-After"]) == body["details"]["retry_after"] >= 1
            assert (body["details"]["limit"], body["details"]["window"]) == (10, 60)
            assert '"login";q=10;w=60' in response["RateLimit-Policy"]


class _StockThrottle(SimpleRateThrottle):
    """DRF's stock throttle: read the history from the cache, append, write it back."""

    scope = "stock"
    rate = "10/minute"

    def get_cache_key(self, request, view):
        return "stock-throttle-baseline"


class _StockView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (_StockThrottle,)

    def post(self, request):
        return Response({"ok": True})


def test_the_stock_drf_throttle_lets_more_through_under_the_same_burst(capsys) -> None:
    """The baseline: 60 parallel requests at 10/minute through DRF's SimpleRateThrottle."""
    view = _StockView.as_view()
    factory = APIRequestFactory()
    responses = race(lambda _: view(factory.post("/stock", {}, format="json")), threads=60)
    let_through = sum(response.status_code == 200 for response in responses)
    with capsys.disabled():
        print(f"\n[baseline] DRF SimpleRateThrottle let {let_through} of 60 through a limit of 10")
    assert let_through >= 10


def test_successful_logins_count_against_the_limit_too(login_limit, user) -> None:
    """A right password is no free pass: each login hashes it, which costs a core about half a
    second, so an attacker who knows one password could otherwise keep the machine busy."""
    from tests.conftest import PASSWORD

    right = {"email": user.email, "password": PASSWORD}
    statuses = [attempt_login(right).status_code for _ in range(12)]
    assert statuses == [200] * 10 + [429] * 2
    assert_envelope(attempt_login(right), 429, "RATE_LIMIT_EXCEEDED")


def test_one_account_is_limited_from_every_address_together(login_limit, user) -> None:
    """The per-account limit holds however many addresses share the attempts (behind a trusted
    proxy, so each forwarded address is a client of its own)."""
    from tests.conftest import PASSWORD

    login_limit.RATE_LIMITS = {**login_limit.RATE_LIMITS, "login_account": "20/minute"}
    login_limit.REST_FRAMEWORK = {**login_limit.REST_FRAMEWORK, "NUM_PROXIES": 1}
    api_settings.reload()
    try:
        right = {"email": user.email, "password": PASSWORD}
        statuses = [
            attempt_login(right, HTTP_X_FORWARDED_FOR=f"198.51.100.{index % 4}").status_code
            for index in range(24)
        ]
        refused = attempt_login(right, HTTP_X_FORWARDED_FOR="198.51.100.9")
    finally:
        login_limit.REST_FRAMEWORK = {**login_limit.REST_FRAMEWORK, "NUM_PROXIES": 0}
        api_settings.reload()
    assert statuses == [200] * 20 + [429] * 4
    body = assert_envelope(refused, 429, "RATE_LIMIT_EXCEEDED")
    assert body["details"]["scope"] == "login_account"


def test_retry_after_counts_down_as_time_moves_and_the_window_resets(
    login_limit, user, frozen_clock
) -> None:
    for _ in range(10):
        attempt_login()
    first = attempt_login()
    assert first.status_code == 429
    assert first["Retry-After"] == "59"
    frozen_clock.shift(timedelta(seconds=44))
    later = attempt_login()
    assert later["Retry-After"] == "15"
    assert later.json()["details"]["retry_after"] == 15
    frozen_clock.shift(timedelta(seconds=15))
    assert attempt_login().status_code == 401


def test_a_spoofed_forwarded_for_does_not_buy_a_fresh_limit(login_limit, user) -> None:
    for index in range(10):
        attempt_login(HTTP_X_FORWARDED_FOR=f"10.0.0.{index}")
    response = attempt_login(HTTP_X_FORWARDED_FOR="203.0.113.77")
    assert_envelope(response, 429, "RATE_LIMIT_EXCEEDED")


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_key(
    login_limit, settings, user
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    api_settings.reload()
    try:
        for _ in range(10):
            attempt_login(HTTP_X_FORWARDED_FOR="198.51.100.1")
        assert attempt_login(HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
        assert attempt_login(HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 401
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
        api_settings.reload()


def test_throttled_endpoints_send_ratelimit_headers_on_success(auth_client) -> None:
    response = auth_client.get("/api/v1/tokens/balance")
    assert response.status_code == 200
    assert response["RateLimit-Policy"] == '"user";q=600;w=60'
    assert response["RateLimit"].startswith('"user";r=599;t=')


def test_deductions_have_their_own_per_user_limit(settings, auth_client) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "deduct": "3/minute"}
    statuses = [
        auth_client.post("/api/v1/tokens/deduct", {"amount": 1}, format="json").status_code
        for _ in range(5)
    ]
    assert statuses == [402, 402, 402, 429, 429]


def test_registration_is_limited_per_address(settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "2/hour"}
    client = APIClient(raise_request_exception=False)
    statuses = [
        client.post(
            "/api/v1/auth/register",
            {"email": f"r{n}@example.com", "password": "correct-horse-battery", "name": "R"},
            format="json",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [201, 201, 429]


def test_limiter_down_ordinary_requests_answer_and_logins_refuse(
    settings, auth_client, json_logs
) -> None:
    settings.CACHES = unreachable_redis_cache()
    assert auth_client.get("/api/v1/tokens/balance").status_code == 200
    response = attempt_login()
    body = assert_envelope(response, 503, "SYSTEM_RATE_LIMITER_UNAVAILABLE")
    assert response["Retry-After"] == "5"
    assert "redis" not in body["message"].lower()
    messages = [line["message"] for line in json_logs.lines()]
    assert "rate limiter unavailable; request let through" in messages
    assert "login refused: rate limiter unavailable" in messages


@pytest.mark.parametrize(
    ("text", "limit", "window"),
    [("10/minute", 10, 60), ("5/s", 5, 1), ("10/15m", 10, 900), ("100/day", 100, 86400)],
)
def test_rates_parse_drf_and_multi_unit_forms(text: str, limit: int, window: int) -> None:
    assert limiter.parse_rate(text) == limiter.Rate(limit, window)


def test_the_limit_holds_across_several_web_processes(settings, user) -> None:
    """Two gunicorn workers share the counters in Redis: 30 parallel failures, exactly 10 pass."""
    import json
    import urllib.error
    import urllib.request

    from tests.support.server import gunicorn_server

    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    # A day-long window: a burst cannot straddle a boundary (real time runs in the servers).
    env = {"DATABASE_URL": url, "RATE_LIMIT_LOGIN": "10/1d", "RATE_LIMIT_ANON": "100000/minute"}
    with gunicorn_server(env, workers=2) as base_url:

        def attempt(_: int) -> int:
            request = urllib.request.Request(  # noqa: S310 - loopback URL of the test server
                f"{base_url}{LOGIN}",
                data=json.dumps(WRONG).encode(),
                headers={"Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(request, timeout=20):  # noqa: S310 - loopback
                    return 200
            except urllib.error.HTTPError as error:
                return error.code

        statuses = sorted(race(attempt, threads=30))
    assert statuses == [401] * 10 + [429] * 20


def test_unicode_spellings_of_one_address_share_its_login_limit(login_limit, make_user) -> None:
    from tests.conftest import PASSWORD

    make_user(email="sam@example.com")
    for _ in range(10):
        attempt_login({"email": "sam@example.com", "password": "wrong-password"})
    for variant in ("\u017fam@example.com", "SAM@EXAMPLE.COM", " sam@example.com "):
        response = attempt_login({"email": variant, "password": "wrong-password"})
        assert_envelope(response, 429, "RATE_LIMIT_EXCEEDED")
    assert attempt_login({"email": "\u017fam@example.com", "password": PASSWORD}).status_code == 429


def test_ipv6_addresses_are_counted_per_64_prefix() -> None:
    assert limiter.address_identity("2001:db8:1:2:aaaa::1") == limiter.address_identity(
        "2001:db8:1:2:bbbb::2"
    )
    assert limiter.address_identity("2001:db8:1:3::1") != limiter.address_identity(
        "2001:db8:1:2::1"
    )
    assert limiter.address_identity("::ffff:192.0.2.7") == "192.0.2.7"
    assert limiter.address_identity("198.51.100.4") == "198.51.100.4"


def test_a_zero_length_window_is_refused_at_start() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        limiter.parse_rate("10/0m")


def test_embedded_mode_counts_in_the_process_with_the_same_semantics(
    settings, frozen_clock
) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    rate = limiter.parse_rate("3/minute")
    decisions = [limiter.hit("embedded", "ada", rate) for _ in range(4)]
    assert [decision.allowed for decision in decisions] == [True, True, True, False]
    assert decisions[-1].reset == 59
    frozen_clock.shift(timedelta(minutes=1))
    assert limiter.hit("embedded", "ada", rate).allowed


@pytest.mark.parametrize("proxies", [None, 0, 1, 2, 5])
@pytest.mark.parametrize(
    "forwarded",
    [None, "", "203.0.113.9", "203.0.113.9, 10.0.0.2", " 198.51.100.1 ,10.0.0.1, 10.0.0.2"],
)
def test_the_client_address_follows_drfs_rules(settings, proxies, forwarded) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    api_settings.reload()
    try:
        extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
        request = APIRequestFactory().get("/", REMOTE_ADDR="192.0.2.10", **extra)
        assert client_address(request) == BaseThrottle().get_ident(request)
        assert client_address(Request(request)) == client_address(request)
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
        api_settings.reload()
