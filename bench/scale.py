"""Benchmark: cost as the data grows, on PostgreSQL.

Seeds one account with 10,000 ledger rows, 1,000 deals and 1,000 analyses ("small") and another
with 1,000,000 ledger rows, 100,000 deals and 100,000 analyses ("big"), with 1,000,000 recorded
errors beside them. Then, through the whole Django stack in this process (middleware,
authentication, serializers), it asks for the first page and a page 90% deep of each list, one
small and one big request in turn (the order swapped every pair), and prints p50 and p99 of each
and the big/small ratio. Goal: every ratio under 1.5.

Named baselines, measured in the same run:
  - the same 90%-deep ledger page by page number (COUNT(*) plus OFFSET), as lists were paged
    before cursors;
  - the admin search by request id among the 1,000,000 errors (goal: under 50 ms), against the
    query Django's own `=request_id` search sends (UPPER(request_id) = UPPER(...));
  - `reconcile_tokens --account` over 10,000 and over 1,000,000 rows, each in its own process:
    time per row and peak RSS, which should not grow with the rows.

`make bench-scale` starts a throwaway PostgreSQL and runs `python bench/scale.py [--samples N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the in-process test client's host
os.environ.setdefault("RATE_LIMIT_USER", "1000000/minute")  # measure the lists, not the limiter

import django

django.setup()

from django.core.management import call_command
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client

from accounts.models import User
from api.pagination import cursor_for
from monitoring.models import ErrorEvent
from tests.support import seed
from tests.support.clients import client_for
from tokens.selectors import ledger_of
from tokens.services import token_account_for

SIZES = {
    "small": {"ledger": 10_000, "deals": 1_000},
    "big": {"ledger": 1_000_000, "deals": 100_000},
}
ERRORS = 1_000_000
LISTS = ("/api/v1/tokens/transactions", "/api/v1/deals", "/api/v1/analyses")


def seeded_world() -> dict[str, User]:
    users = {}
    for name, size in SIZES.items():
        started = time.monotonic()
        user = User.objects.create_user(email=f"{name}@bench.example", password=None, name=name)
        account = token_account_for(user=user)
        seed.seed_ledger(account.pk, size["ledger"])
        seed.seed_deals(user.pk, size["deals"])
        seed.seed_analyses(user.pk, size["deals"], attempts_each=1)
        users[name] = user
        print(f"seeded {name}: {size} in {time.monotonic() - started:.0f} s", flush=True)
    started = time.monotonic()
    seed.seed_errors([users["small"].pk, users["big"].pk], ERRORS)
    seed.analyze()
    print(f"seeded {ERRORS:,} recorded errors in {time.monotonic() - started:.0f} s", flush=True)
    return users


def ninety_percent_deep(path: str, user: User) -> str:
    """`path` with the cursor that starts 90% of the way into the user's list."""
    table, column = {
        "/api/v1/tokens/transactions": ("tokens_tokentransaction", "account_id"),
        "/api/v1/deals": ("deals_deal", "owner_id"),
        "/api/v1/analyses": ("ai_analysis", "user_id"),
    }[path]
    owner = token_account_for(user=user).pk if column == "account_id" else user.pk
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {column} = %s", [owner])
        rows = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT id FROM {table} WHERE {column} = %s ORDER BY id DESC OFFSET %s LIMIT 1",
            [owner, rows * 9 // 10],
        )
        position = cursor.fetchone()[0]
    return f"{path}?cursor={cursor_for(path, user_id=user.pk, position=position)}"


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def paired(calls: dict[str, Callable[[], object]], samples: int) -> dict[str, list[float]]:
    """One call of each in turn, the order swapped every round, after a warm-up of each."""
    names = list(calls)
    for name in names:
        for _ in range(5):
            calls[name]()
    times: dict[str, list[float]] = {name: [] for name in names}
    for index in range(samples):
        for name in names if index % 2 == 0 else reversed(names):
            times[name].append(timed(calls[name]))
    return times


def api_get(user: User, url: str) -> Callable[[], object]:
    client = client_for(user)

    def call() -> object:
        response = client.get(url)
        assert response.status_code == 200, response.content[:200]
        assert response.json()["results"]  # a real page, not an empty answer
        return response

    return call


def row(label: str, small: list[float], big: list[float]) -> float:
    (small50, small99), (big50, big99) = percentiles(small), percentiles(big)
    ratio = big50 / small50
    print(
        f"| {label} | {small50:.1f} / {small99:.1f} | {big50:.1f} / {big99:.1f} | {ratio:.2f}x |",
        flush=True,
    )
    return ratio


def pages(users: dict[str, User], samples: int) -> list[float]:
    print("\n| list, page | small p50 / p99 ms | big p50 / p99 ms | big/small p50 |")
    print("|---|---|---|---|")
    ratios = []
    for path in LISTS:
        for depth, url_of in (("first", lambda p, u: p), ("90% deep", ninety_percent_deep)):
            calls = {name: api_get(user, url_of(path, user)) for name, user in users.items()}
            times = paired(calls, samples)
            ratios.append(row(f"`{path}` {depth}", times["small"], times["big"]))
    return ratios


def page_number_baseline(users: dict[str, User], samples: int) -> None:
    """The 90%-deep ledger page by page number: a COUNT(*) of the history, then OFFSET."""

    def by_offset(user: User) -> Callable[[], object]:
        queryset = ledger_of(user=user)

        def call() -> object:
            paginator = Paginator(queryset, 20)
            return list(paginator.page(paginator.num_pages * 9 // 10).object_list)

        return call

    def by_cursor(user: User) -> Callable[[], object]:
        ledger = ledger_of(user=user)
        start = ledger.values_list("id", flat=True)[SIZES["big"]["ledger"] * 9 // 10]
        return lambda: list(ledger.filter(id__lt=start)[:21])

    big = users["big"]
    times = paired({"offset": by_offset(big), "cursor": by_cursor(big)}, max(20, samples // 10))
    (offset50, _), (cursor50, _) = percentiles(times["offset"]), percentiles(times["cursor"])
    print(
        f"\nBaseline, the big ledger's 90%-deep page as a query: by page number (COUNT + OFFSET) "
        f"{offset50:.1f} ms, by cursor {cursor50:.2f} ms: the cursor is {offset50 / cursor50:.0f}x "
        "faster.",
        flush=True,
    )


def admin_search(samples: int) -> float:
    admin = Client()
    admin.force_login(
        User.objects.create_superuser(email="root@bench.example", password=None, name="Root")
    )
    request_id = seed.middle(ERRORS).request_id
    url = f"/admin/monitoring/errorevent/?q={request_id}"

    def ours() -> object:
        response = admin.get(url)
        assert response.status_code == 200
        assert request_id in response.content.decode()
        return response

    def djangos_own() -> object:  # what `search_fields = ("=request_id",)` sends
        return list(ErrorEvent.objects.filter(request_id__iexact=request_id)[:100])

    times = paired({"page": ours, "iexact": djangos_own}, max(20, samples // 5))
    (page50, page99), (iexact50, _) = percentiles(times["page"]), percentiles(times["iexact"])
    print(
        f"\nAdmin search by request id among {ERRORS:,} recorded errors, the whole page: "
        f"p50 {page50:.1f} ms, p99 {page99:.1f} ms (goal: under 50 ms). Baseline, Django's own "
        f"`=request_id` query alone: p50 {iexact50:.1f} ms.",
        flush=True,
    )
    return page99


def reconcile_child(account_id: int) -> None:
    """Run in a process of its own: reconcile one account, print seconds and peak RSS (KiB)."""
    started = time.monotonic()
    with open(os.devnull, "w") as quiet:
        call_command("reconcile_tokens", "--account", str(account_id), stdout=quiet)
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_kib": peak}))


def reconciliation(users: dict[str, User]) -> None:
    print("\n| reconcile_tokens --account | rows | seconds | µs per row | peak RSS MiB |")
    print("|---|---|---|---|---|")
    for name, user in users.items():
        account = token_account_for(user=user).pk
        child = subprocess.run(
            [sys.executable, __file__, "--reconcile-child", str(account)],
            check=True,
            capture_output=True,
            text=True,
        )
        measured = json.loads(child.stdout.strip().splitlines()[-1])
        rows = SIZES[name]["ledger"]
        print(
            f"| {name} | {rows:,} | {measured['seconds']:.2f} | "
            f"{measured['seconds'] / rows * 1e6:.1f} | {measured['peak_kib'] / 1024:.0f} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--reconcile-child", type=int)
    parser.add_argument(
        "--fraction", type=float, default=1.0, help="seed this fraction of the rows (a smoke run)"
    )
    options = parser.parse_args()
    if options.reconcile_child:
        reconcile_child(options.reconcile_child)
        return
    global ERRORS
    ERRORS = int(ERRORS * options.fraction)
    for size in SIZES.values():
        size.update({key: int(value * options.fraction) for key, value in size.items()})
    call_command("migrate", verbosity=0)
    users = seeded_world()
    ratios = pages(users, options.samples)
    page_number_baseline(users, options.samples)
    search_p99 = admin_search(options.samples)
    reconciliation(users)
    print(
        f"\nWorst big/small page ratio {max(ratios):.2f} (goal under 1.5); admin search p99 "
        f"{search_p99:.1f} ms (goal under 50 ms)."
    )


if __name__ == "__main__":
    main()
