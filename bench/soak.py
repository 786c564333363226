"""Soak: minutes of mixed traffic from several load processes against a live deployment.

A deployment of its own (PostgreSQL, Redis, gunicorn, a prefork Celery worker, an OpenAI-compatible
fake provider on 127.0.0.1) gets reads, writes, deductions racing on a few hot accounts, analyses,
bad inputs and bursts over the rate limits, for `--minutes`; for one of them the provider hangs,
resets connections and answers garbage. Afterwards it prints the requests by status, the 5xx
count, error bodies outside the envelope, the overdraft check on the hot accounts, reconciliation,
analyses and holds left open, failed analyses that were charged, and the resident memory of the
web and worker processes over the run. Exits non-zero if any of those is wrong.

    python bench/soak.py --minutes 10 --processes 4     (make soak)

Needs PostgreSQL's binaries and redis-server on the machine, as `make test` does.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import random
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from tests.fakes.openai_server import (
    Behaviour,
    FakeOpenAI,
    garbage_body,
    hang,
    ok,
    reset_connection,
)
from tests.support.server import wait_until
from tests.support.stack import Stack, call

HOT_ACCOUNTS = 3
HOT_BALANCE = 3000
SOAK_ENV = {
    "LOG_LEVEL": "WARNING",
    "SIGNUP_BONUS_TOKENS": str(HOT_BALANCE),
    "JWT_ACCESS_TTL_SECONDS": "7200",
    "RATE_LIMIT_REGISTER": "1000/hour",
    "RATE_LIMIT_USER": "3000/minute",
    "RATE_LIMIT_DEDUCT": "600/minute",
    "RATE_LIMIT_ANALYSIS": "20/minute",
    "RATE_LIMIT_LOGIN": "10/15m",
    "RATE_LIMIT_LOGIN_IP": "1000/15m",
    "AI_PRIMARY_API_KEY": "sk-soak-0000000000",
    "AI_PRIMARY_MODEL": "soak-model",
    "AI_RULES_FALLBACK": "true",
    "AI_DEADLINE_SECONDS": "10",
    "AI_ATTEMPT_TIMEOUT_SECONDS": "5",
}
DEAL_TITLES = ["Noise-cancelling headphones", "Espresso machine", "Trail running shoes"]
BAD_BODIES = [
    b"{not json",
    b"[]",
    b'{"title": "x", "price": "NaN"}',
    b'{"title": "' + b"a" * 5000 + b'", "price": "1"}',
    b'{"title": "nul\\u0000byte", "price": "1"}',
    b'{"amount": "10"}',
    b'{"amount": 1e400}',
]


class Outage(Behaviour):
    """The provider gone bad: each request in turn hangs, is reset, or gets garbage."""

    def __init__(self) -> None:
        self._behaviours = itertools.cycle([hang(15), reset_connection(), garbage_body()])
        self._lock = threading.Lock()

    def respond(self, exchange: Any) -> None:
        with self._lock:
            behaviour = next(self._behaviours)
        behaviour.respond(exchange)


class Load:
    """One load process: its own users and deals, plus the shared hot accounts."""

    def __init__(self, base_url: str, tokens: list[str], hot: list[str], seed: int) -> None:
        self.base_url = base_url
        self.tokens = tokens
        self.hot = hot
        self.random = random.Random(seed)
        self.statuses: Counter[str] = Counter()
        self.by_action: Counter[str] = Counter()
        self.bad_envelopes: list[str] = []
        self.server_errors: list[str] = []
        self.connection_errors = 0
        self.deducted = [0] * len(hot)
        self.deals: dict[str, list[dict[str, Any]]] = {token: [] for token in tokens}
        self.analyses: list[tuple[str, int]] = []

    def request(self, action: str, method: str, path: str, body: Any = None, **kwargs: Any):
        try:
            reply = call(self.base_url, method, path, body, timeout=60, **kwargs)
        except OSError:
            self.connection_errors += 1
            return None
        self.statuses[str(reply.status)] += 1
        self.by_action[f"{action} {reply.status}"] += 1
        if "X-Request-ID" not in reply.headers:
            self.bad_envelopes.append(f"{method} {path} {reply.status}: no X-Request-ID")
        if reply.status >= 400:
            body = reply.body if isinstance(reply.body, dict) else {}
            if body.get("status") != "error" or body.get("request_id") != reply.headers.get(
                "X-Request-ID"
            ):
                self.bad_envelopes.append(f"{method} {path} {reply.status}: {reply.body!r:.200}")
        if reply.status >= 500:
            self.server_errors.append(f"{method} {path} {reply.status}: {reply.body!r:.300}")
        return reply

    def raw(self, action: str, method: str, path: str, data: bytes, token: str) -> None:
        import urllib.error
        import urllib.request

        request = urllib.request.Request(
            f"{self.base_url}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, error.headers, error.read()
        except OSError:
            self.connection_errors += 1
            return
        self.statuses[str(status)] += 1
        self.by_action[f"{action} {status}"] += 1
        if status >= 500:
            self.server_errors.append(f"{method} {path} {status}: {raw[:300]!r}")
        if status >= 400:
            try:
                body = json.loads(raw)
            except ValueError:
                body = {}
            if body.get("request_id") != headers.get("X-Request-ID"):
                self.bad_envelopes.append(f"{method} {path} {status}: {raw[:200]!r}")

    # Actions -----------------------------------------------------------------------------------

    def read(self) -> None:
        token = self.random.choice(self.tokens)
        deals = self.deals[token]
        path = self.random.choice(
            ["/api/v1/deals", "/api/v1/tokens/balance", "/api/v1/tokens/transactions"]
            + ["/api/v1/auth/me", "/api/v1/health", "/api/v1/deals?category=electronics"]
            + ([f"/api/v1/deals/{self.random.choice(deals)['id']}"] if deals else [])
            + (
                [f"/api/v1/analyses/{self.random.choice(self.analyses)[1]}"]
                if self.analyses
                else []
            )
        )
        if path.startswith("/api/v1/analyses/"):
            token = next(
                owner for owner, analysis in self.analyses if path.endswith(f"/{analysis}")
            )
        self.request("read", "GET", path, token=token)

    def write(self) -> None:
        token = self.random.choice(self.tokens)
        deals = self.deals[token]
        choice = self.random.random()
        if choice < 0.5 or not deals:
            body = {
                "title": self.random.choice(DEAL_TITLES),
                "price": f"{self.random.randint(1, 500)}.99",
                "original_price": "999.00",
                "category": "electronics",
                # A few repeats: the same URL twice for one owner is a 409.
                "url": f"https://shop.example/{self.random.randint(0, 400)}",
            }
            reply = self.request("create", "POST", "/api/v1/deals", body, token=token)
            if reply is not None and reply.status == 201:
                deals.append(reply.body)
        elif choice < 0.9:
            deal = self.random.choice(deals)
            # Sometimes a stale version on purpose: a 409 and nothing changes.
            version = deal["version"] - (1 if self.random.random() < 0.2 else 0)
            body = {"price": f"{self.random.randint(1, 500)}.49", "version": version}
            reply = self.request("patch", "PATCH", f"/api/v1/deals/{deal['id']}", body, token=token)
            if reply is not None and reply.status == 200:
                deal.update(reply.body)
        else:
            deal = deals.pop(self.random.randrange(len(deals)))
            self.request("delete", "DELETE", f"/api/v1/deals/{deal['id']}", token=token)

    def deduct(self) -> None:
        account = self.random.randrange(len(self.hot))
        amount = self.random.randint(1, 5)
        headers = {}
        if self.random.random() < 0.2:
            # A retried request: the same key twice must charge once.
            headers["Idempotency-Key"] = f"soak-{uuid.uuid4()}"
        for _ in range(2 if headers else 1):
            reply = self.request(
                "deduct",
                "POST",
                "/api/v1/tokens/deduct",
                {"amount": amount, "description": "soak"},
                token=self.hot[account],
                headers=headers,
            )
            if (
                reply is not None
                and reply.status == 200
                and reply.headers.get("Idempotent-Replayed") != "true"
            ):
                self.deducted[account] += amount

    def analyse(self) -> None:
        token = self.random.choice(self.tokens)
        if not self.deals[token]:
            return
        deal = self.random.choice(self.deals[token])
        reply = self.request("analyse", "POST", f"/api/v1/deals/{deal['id']}/analyses", token=token)
        if reply is not None and reply.status == 202:
            self.analyses.append((token, reply.body["id"]))

    def bad_input(self) -> None:
        token = self.random.choice(self.tokens)
        choice = self.random.random()
        if choice < 0.5:
            path = self.random.choice(["/api/v1/deals", "/api/v1/tokens/deduct"])
            self.raw("bad body", "POST", path, self.random.choice(BAD_BODIES), token)
        elif choice < 0.7:
            self.request("bad token", "GET", "/api/v1/deals", token="not-a-token")
        elif choice < 0.85:
            self.request("unknown url", "GET", f"/api/v1/nothing/{uuid.uuid4().hex}", token=token)
        else:
            self.request("wrong method", "DELETE", "/api/v1/tokens/balance", token=token)

    def burst(self) -> None:
        """Over a limit on purpose: failed logins for one address, or analyses for one user."""
        if self.random.random() < 0.5:
            email = f"victim-{self.random.randint(0, 3)}@example.com"
            for _ in range(15):
                self.request(
                    "login burst",
                    "POST",
                    "/api/v1/auth/token",
                    {"email": email, "password": "wrong-password-123"},
                )
        else:
            for _ in range(25):
                self.analyse()

    def run(self, deadline: float) -> dict[str, Any]:
        actions = [self.read, self.write, self.deduct, self.analyse, self.bad_input, self.burst]
        weights = [50, 20, 20, 5, 5, 0.3]
        while time.monotonic() < deadline:
            self.random.choices(actions, weights)[0]()
        return {
            "statuses": dict(self.statuses),
            "by_action": dict(self.by_action),
            "bad_envelopes": self.bad_envelopes[:20],
            "bad_envelope_count": len(self.bad_envelopes),
            "server_errors": self.server_errors[:20],
            "server_error_count": len(self.server_errors),
            "connection_errors": self.connection_errors,
            "deducted": self.deducted,
        }


def _load_process(
    base_url: str, tokens: list[str], hot: list[str], seed: int, deadline: float, results: Any
) -> None:
    results.put(Load(base_url, tokens, hot, seed).run(deadline))


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def _growth(before: int, after: int) -> str:
    return f"{(after - before) / before * 100:+.1f}%"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument(
        "--outage-minute",
        type=float,
        default=3.0,
        help="when the provider starts failing, for one minute (negative: never)",
    )
    args = parser.parse_args()

    provider = FakeOpenAI("soak").start()
    provider.set_default(ok(delay=0.05))
    stack = Stack(
        "soak",
        {**SOAK_ENV, "AI_PRIMARY_BASE_URL": provider.base_url},
        web_workers=args.web_workers,
        worker_concurrency=args.worker_concurrency,
    )
    failed = False
    try:
        hot = [stack.register(f"hot-{index}@example.com") for index in range(HOT_ACCOUNTS)]
        users = [
            [stack.register(f"user-{process}-{index}@example.com") for index in range(2)]
            for process in range(args.processes)
        ]
        # Warm up every web worker and the worker's pool before the first memory reading.
        for _ in range(50):
            stack.call("GET", "/api/v1/tokens/balance", token=hot[0])
        rss = [(0.0, stack.web.rss_kib(), stack.worker.rss_kib())]
        print(
            f"soak: {args.minutes:g} min, {args.processes} load processes, web at {stack.base_url}"
        )

        started = time.monotonic()
        deadline = started + args.minutes * 60
        results: Any = multiprocessing.Queue()
        processes = [
            multiprocessing.Process(
                target=_load_process,
                args=(stack.base_url, users[index], hot, index, deadline, results),
            )
            for index in range(args.processes)
        ]
        for process in processes:
            process.start()
        outage = (started + args.outage_minute * 60, started + (args.outage_minute + 1) * 60)
        failing = False
        while time.monotonic() < deadline:
            now = time.monotonic()
            wake = min(
                [moment for moment in (*outage, now + 60, deadline) if moment > now] or [deadline]
            )
            time.sleep(max(0.0, wake - now))
            elapsed = time.monotonic() - started
            if outage[0] <= time.monotonic() < outage[1] and args.outage_minute >= 0:
                if not failing:
                    provider.set_default(Outage())
                    failing = True
                    print(f"  {elapsed / 60:4.1f} min  provider hangs, resets, answers garbage")
                continue
            if failing:
                provider.set_default(ok(delay=0.05))
                failing = False
                print(f"  {elapsed / 60:4.1f} min  provider healthy again")
            rss.append((elapsed, stack.web.rss_kib(), stack.worker.rss_kib()))
            print(
                f"  {elapsed / 60:4.1f} min  web {_mib(rss[-1][1])}  worker {_mib(rss[-1][2])}",
                flush=True,
            )
        reports = [results.get(timeout=300) for _ in processes]
        for process in processes:
            process.join()

        statuses: Counter[str] = Counter()
        by_action: Counter[str] = Counter()
        for report in reports:
            statuses.update(report["statuses"])
            by_action.update(report["by_action"])
        total = sum(statuses.values())
        server_errors = sum(report["server_error_count"] for report in reports)
        bad_envelopes = sum(report["bad_envelope_count"] for report in reports)
        connection_errors = sum(report["connection_errors"] for report in reports)
        print(f"\nrequests: {total} in {args.minutes:g} min ({total / (args.minutes * 60):.0f}/s)")
        print("by status: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
        print("by action: " + ", ".join(f"{key}: {n}" for key, n in sorted(by_action.items())))
        print(f"5xx: {server_errors}   error bodies outside the envelope: {bad_envelopes}")
        print(f"connection errors: {connection_errors}")
        for report in reports:
            for line in report["server_errors"] + report["bad_envelopes"]:
                print(f"  {line}")

        overdrafts = 0
        for index, token in enumerate(hot):
            accepted = sum(report["deducted"][index] for report in reports)
            balance = stack.call("GET", "/api/v1/tokens/balance", token=token).body
            expected = HOT_BALANCE - accepted
            wrong = balance["balance"] != expected or balance["balance"] < 0
            overdrafts += wrong
            print(
                f"hot account {index}: {accepted} of {HOT_BALANCE} deducted, balance "
                f"{balance['balance']} (expected {expected}){'  WRONG' if wrong else ''}"
            )

        invariants = wait_until(
            lambda: (found := stack.invariants()).active_analyses == 0 and found,
            timeout=300,
            what="the queued analyses to finish",
        )
        print(f"overdrafts: {overdrafts + invariants.overdrawn_accounts}")
        print(
            f"reconciliation: exit {invariants.reconcile_exit_code}: "
            f"{invariants.reconcile_output.strip()}"
        )
        print(f"analyses left queued or running: {invariants.active_analyses}")
        print(f"holds left open: {invariants.open_holds}")
        print(f"provider calls: {provider.hits}")
        print("analyses by status, degraded, provider:")
        rows = stack.postgres.psql(
            "SELECT status, degraded, provider, count(*) FROM ai_analysis "
            "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            database="deals",
        )
        for row in rows.splitlines():
            print("  " + row.replace("|", "  "))
        charged_failures = stack.postgres.psql(
            "SELECT count(*) FROM ai_analysis a JOIN tokens_tokenhold h ON h.id = a.hold_id "
            "WHERE a.status = 'failed' AND h.status = 'captured'",
            database="deals",
        )
        print(f"failed analyses that were charged: {charged_failures}")
        # The first minute fills caches and imports lazily loaded code; a leak shows after it.
        first, warm, last = rss[0], rss[min(1, len(rss) - 1)], rss[-1]
        for name, column in (("web (gunicorn master + workers)", 1), ("worker (main + pool)", 2)):
            peak = max(sample[column] for sample in rss)
            print(
                f"RSS {name}: start {_mib(first[column])}, after 1 min {_mib(warm[column])}, "
                f"end {_mib(last[column])} ({_growth(warm[column], last[column])} since 1 min), "
                f"peak {_mib(peak)}"
            )
        failed = bool(server_errors or bad_envelopes or overdrafts or not invariants.hold)
    finally:
        stack.close()
        provider.stop()
    print("\nsoak: " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
