"""Leased counts: fewer round trips for a busy client, and still never more than the limit."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django_redis import get_redis_connection

from tests.conftest import PASSWORD
from tests.support.server import unreachable_redis_cache
from tests.support.threads import race
from throttling import limiter

pytestmark = pytest.mark.django_db(transaction=True)

BALANCE = "/api/v1/tokens/balance"


def lease_round_trips() -> int:
    """Lease scripts Redis has run since the last reset of its statistics."""
    stats = get_redis_connection("default").info("commandstats")
    return sum(stats.get(name, {}).get("calls", 0) for name in ("cmdstat_evalsha", "cmdstat_eval"))


@pytest.fixture
def round_trips() -> Any:
    redis = get_redis_connection("default")
    redis.script_load(limiter._LEASE_LUA)  # so no first EVALSHA is refused and sent again
    redis.config_resetstat()
    return lease_round_trips


def test_a_clients_first_requests_are_counted_one_by_one(settings, auth_client, round_trips):
    remaining = []
    for _ in range(6):
        response = auth_client.get(BALANCE)
        assert response.status_code == 200
        remaining.append(response["RateLimit"].split(";")[1])
    assert remaining == ["r=599", "r=598", "r=597", "r=596", "r=595", "r=594"]
    assert round_trips() == 6


def test_a_busy_client_costs_a_round_trip_per_lease_not_per_request(round_trips) -> None:
    rate = limiter.parse_rate("1000000/minute")
    decisions = [limiter.take("user", "ada", rate) for _ in range(3000)]
    assert all(decision.allowed for decision in decisions)
    trips = round_trips()
    print(f"\n[leases] 3000 requests of one client took {trips} round trips to Redis")
    assert trips <= 3000 // 20
    window_index = decisions[-1].window_index
    counted = int(get_redis_connection("default").get(limiter._key("user", "ada", window_index)))
    # What was leased is counted in Redis at once: at least what was spent, at most one lease more.
    assert 3000 <= counted < 3000 + limiter.LEASE_MAX_UNITS
    assert [d.remaining for d in decisions[:3]] == [999_999, 999_998, 999_997]
    assert decisions[-1].remaining == 1_000_000 - 3000


def test_parallel_threads_of_one_process_get_exactly_the_limit(round_trips) -> None:
    rate = limiter.parse_rate("1000/minute")

    def burst(_: int) -> Counter[bool]:
        return Counter(limiter.take("user", "ada", rate).allowed for _ in range(100))

    totals = sum(race(burst, threads=16), Counter())
    assert totals == Counter({True: 1000, False: 600})
    trips = round_trips()
    print(f"\n[leases] 1600 parallel requests against 1000/minute: {trips} round trips")
    assert trips < 1000


def test_processes_never_grant_more_than_the_limit_between_them() -> None:
    """Processes that lease and then vanish lose their units; no process gets more than is left."""
    rate = limiter.parse_rate("500/minute")
    allowed = 0
    for process in range(40):
        limiter.forget_leases()  # a new process, with nothing leased
        allowed += sum(limiter.take("user", "ada", rate).allowed for _ in range(10 + process))
    print(f"\n[leases] 40 short-lived processes asking 1190 times against 500: {allowed} allowed")
    assert allowed <= 500
    limiter.forget_leases()
    assert not limiter.take("user", "ada", rate).allowed


def test_a_refused_client_costs_no_round_trip_until_the_window_ends(frozen_clock, round_trips):
    rate = limiter.parse_rate("100/minute")
    decisions = [limiter.take("user", "ada", rate) for _ in range(100)]
    assert all(decision.allowed for decision in decisions)
    refused = limiter.take("user", "ada", rate)
    assert not refused.allowed
    assert refused.remaining == 0
    assert refused.reset == 59
    before = round_trips()
    assert not any(limiter.take("user", "ada", rate).allowed for _ in range(500))
    assert round_trips() == before
    frozen_clock.shift(timedelta(seconds=59))
    assert limiter.take("user", "ada", rate).allowed
    assert round_trips() == before + 1


def test_small_limits_are_never_leased(round_trips) -> None:
    rate = limiter.parse_rate(f"{limiter.LEASE_MIN_LIMIT - 1}/minute")
    decisions = [limiter.take("deduct", "ada", rate) for _ in range(200)]
    assert round_trips() == 0  # counted by INCRBY, one a request, not by the lease script
    key = limiter._key("deduct", "ada", decisions[0].window_index)
    assert int(get_redis_connection("default").get(key)) == 200
    assert sum(decision.allowed for decision in decisions) == rate.limit


def test_the_leased_limit_holds_across_several_web_processes(settings, user) -> None:
    """Three gunicorn workers lease from one counter: a 450-request burst against 300."""
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
    print(f"\n[leases] 450 requests against 300/day on 3 workers: {dict(statuses)}")
    assert set(statuses) == {200, 429}
    assert statuses[200] <= 300
    # Units leased by one worker and not spent are lost for the window, so a few fewer than 300
    # may pass; never more.
    assert statuses[200] >= 300 - 3 * 15
    for status, body in answers:
        if status == 429:
            assert body["code"] == "RATE_LIMIT_EXCEEDED"
            assert body["details"]["limit"] == 300


def test_an_outage_while_leasing_lets_requests_through(settings, auth_client, json_logs):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "user": "1000/minute"}
    assert auth_client.get(BALANCE).status_code == 200
    settings.CACHES = unreachable_redis_cache()
    response = auth_client.get(BALANCE)
    assert response.status_code == 200
    assert "RateLimit" not in response
    messages = [line["message"] for line in json_logs.lines()]
    assert "rate limiter unavailable; request let through" in messages


def test_leases_of_ended_windows_are_dropped_whole(frozen_clock) -> None:
    minute, day = limiter.parse_rate("1000/minute"), limiter.parse_rate("1000/1d")
    for client in range(50):
        limiter.take("user", f"client-{client}", minute)
    limiter.take("user", "daily", day)
    assert sum(len(group) for group in limiter._leases.values()) == 51
    frozen_clock.shift(timedelta(minutes=1))
    limiter.take("user", "late", minute)
    # The ended minute's 50 leases went at once; the day's lease and the new minute's remain.
    assert sorted(len(group) for group in limiter._leases.values()) == [1, 1]


def test_a_forked_child_starts_with_nothing_leased() -> None:
    import os

    rate = limiter.parse_rate("1000/minute")
    limiter.take("user", "ada", rate)
    assert limiter._leases
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running the parent's cleanup
        os.write(write, b"empty" if not limiter._leases else b"inherited")
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    assert os.read(read, 100) == b"empty"
    os.close(read)
