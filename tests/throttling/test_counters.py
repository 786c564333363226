"""One exact counter per client and window, shared by threads and processes alike."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.support.server import unreachable_redis_cache
from tests.support.threads import race
from throttling import limiter

pytestmark = pytest.mark.django_db(transaction=True)

BALANCE = "/api/v1/tokens/balance"


def test_parallel_threads_of_one_process_get_exactly_the_limit() -> None:
    rate = limiter.parse_rate("1000/minute")

    def burst(_: int) -> Counter[bool]:
        return Counter(limiter.hit("user", "ada", rate).allowed for _ in range(100))

    assert sum(race(burst, threads=16), Counter()) == Counter({True: 1000, False: 600})


def test_the_limit_holds_exactly_across_several_web_processes(settings, user) -> None:
    """Three gunicorn workers count on one Redis counter: a 450-request burst against 300."""
    from tests.support.server import gunicorn_server

    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    # A day-long window: a burst cannot straddle a boundary (real time runs in the servers).
    env = {"DATABASE_URL": url, "RATE_LIMIT_USER": "300/1d", "JWT_ACCESS_TTL_SECONDS": "3600"}
    with gunicorn_server(env, workers=3) as base_url:
        login = urllib.request.Request(  # noqa: S310 - loopback URL of the test server
            f"{base_url}/api/v1/auth/token",
            data=json.dumps({"email": user.email, "password": PASSWORD}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(login, timeout=20) as response:  # noqa: S310
            token = json.loads(response.read())["access"]

        def burst(_: int) -> list[tuple[int, dict[str, Any]]]:
            answers = []
            for _ in range(50):
                request = urllib.request.Request(  # noqa: S310 - loopback URL of the test server
                    f"{base_url}{BALANCE}", headers={"Authorization": f"Bearer {token}"}
                )
                try:
                    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
                        answers.append((response.status, json.loads(response.read())))
                except urllib.error.HTTPError as error:
                    answers.append((error.code, json.loads(error.read())))
            return answers

        answers = [answer for batch in race(burst, threads=9) for answer in batch]
    statuses = Counter(status for status, _ in answers)
    assert statuses == Counter({200: 300, 429: 150})
    for status, body in answers:
        if status == 429:
            assert body["code"] == "RATE_LIMIT_EXCEEDED"
            assert body["details"]["limit"] == 300


def test_an_outage_of_the_counters_lets_requests_through(settings, auth_client, json_logs):
    assert auth_client.get(BALANCE).status_code == 200
    settings.CACHES = unreachable_redis_cache()
    response = auth_client.get(BALANCE)
    assert response.status_code == 200
    assert "RateLimit" not in response
    messages = [line["message"] for line in json_logs.lines()]
    assert "rate limiter unavailable; request let through" in messages
