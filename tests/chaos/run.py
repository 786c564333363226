"""`make chaos`: the production shape under load while a nemesis breaks its parts, then the
invariants checked on the history and the database.

    python -m tests.chaos.run --duration 10m [--seed N] [--clients 8] [--every 20] [--out DIR]

The schedule of faults comes from the seed and is printed first, so a failing run is replayed
with the same `--seed`. When the faults stop, the clients finish what they were doing, the
system settles (every analysis final, every hold resolved, or 5 minutes after the last fault),
and the checker reads the history and the database. Writes the history (JSON lines), the
faults, the samples, `report.md` and `timeline.svg` to the output directory; exits non-zero
when any invariant fails, a client crashed, a fault could not be dealt, or a process (the
supervisors, gunicorn's master, nginx) is not running at the end. Worker restarts are reported
with their cause.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import redis

from tests.chaos import checker
from tests.chaos.clients import Client, History
from tests.chaos.nemesis import Deployment, Nemesis, schedule
from tests.chaos.report import write_report

ROOT = Path(__file__).resolve().parents[2]
SETTLE_LIMIT = checker.SETTLE_SECONDS  # analyses final within 5 minutes of the last fault
IN_FLIGHT = "SELECT count(*) FROM ai_analysis WHERE status IN ('queued', 'running')"
UNSETTLED = (
    "SELECT (SELECT count(*) FROM ai_analysis WHERE status IN ('queued', 'running'))"
    " + (SELECT count(*) FROM tokens_tokenhold WHERE status = 'open')"
)


def duration(text: str) -> float:
    """`90`, `90s`, `10m` or `1h`, in seconds."""
    units = {"s": 1, "m": 60, "h": 3600}
    text = text.strip().lower()
    if text and text[-1] in units:
        return float(text[:-1]) * units[text[-1]]
    return float(text)


class Sampler:
    """Once a second: analyses not yet final (PostgreSQL) and messages waiting (Redis)."""

    def __init__(self, deployment: Deployment) -> None:
        self.deployment = deployment
        self.samples: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        stack = self.deployment.stack
        while not self._stop.wait(1.0):
            sample: dict[str, Any] = {"t": time.time(), "in_flight": None, "queue": None}
            try:
                with psycopg.connect(stack.postgres.url(), connect_timeout=1) as connection:
                    row = connection.execute(IN_FLIGHT).fetchone()
                    sample["in_flight"] = row[0]
            except psycopg.Error:
                pass
            try:
                client = redis.Redis.from_url(stack.redis.url, socket_timeout=0.5)
                sample["queue"] = client.llen("celery")
                client.close()
            except redis.RedisError:
                pass
            self.samples.append(sample)


# Purchases: the even-numbered accounts are topped up when they run low, as paying customers
# are, so their deductions and analyses keep succeeding; the odd ones are left to run dry, so
# concurrent spending meets the floor of zero all run long.
TOP_UP = """
from tokens.models import TokenAccount
from tokens.services import tokens_credit
for email in @EMAILS@:
    account = TokenAccount.objects.get(user__email=email)
    if account.balance - account.held < 500:
        tokens_credit(user=account.user, amount=1500, transaction_type="purchase",
                      description="chaos top-up")
        print("topped", email)
"""


class Purchases:
    """Every 20 s, a purchase for each even-numbered account below 500 tokens available."""

    def __init__(self, deployment: Deployment, emails: list[str]) -> None:
        self.deployment = deployment
        self.emails = emails
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="purchases", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def _run(self) -> None:
        while not self._stop.wait(20.0):
            done = self.deployment.stack.manage(
                "shell", "-c", TOP_UP.replace("@EMAILS@", repr(self.emails))
            )
            self.count += done.stdout.count("topped")


def settle(deployment: Deployment, deadline: float) -> float:
    """Wait until no analysis is in flight and no hold is open (or the deadline); returns when."""
    url = deployment.stack.postgres.url()
    while time.time() < deadline:
        try:
            with psycopg.connect(url, connect_timeout=2) as connection:
                active = connection.execute(UNSETTLED).fetchone()[0]
            if active == 0:
                return time.time()
        except psycopg.Error:
            pass
        time.sleep(2)
    return time.time()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=duration, default=duration("10m"))
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--every", type=float, default=20.0, help="most seconds between faults")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 10**6)
    out = args.out or ROOT / "var" / "chaos" / time.strftime(f"%Y%m%d-%H%M%S-seed{seed}")
    out.mkdir(parents=True, exist_ok=True)

    faults = schedule(seed, args.duration, args.every)
    print(
        f"chaos: seed {seed} (replay: --seed {seed}), {args.duration:.0f} s, "
        f"{args.clients} clients, {len(faults)} faults, output in {out}"
    )
    for fault in faults:
        print(f"  {fault.at:7.1f} s  {fault.kind:<28} hold {fault.hold:4.1f} s")
    sys.stdout.flush()

    deployment = Deployment(f"chaos-{seed}-")
    history = History(out / "history.jsonl")
    stopping = threading.Event()
    try:
        clients = [
            Client(
                name=f"c{number}",
                email=f"chaos-{seed}-u{number // 2}@chaos.example",
                base_url=deployment.base_url,
                history=history,
                seed=seed * 100 + number,
                stopping=stopping,
            )
            for number in range(args.clients)
        ]
        threads = [
            threading.Thread(target=client.run, name=client.name, daemon=True) for client in clients
        ]
        sampler = Sampler(deployment)
        purchases = Purchases(deployment, sorted({c.email for c in clients[::4]}))
        nemesis = Nemesis(deployment, faults, seed)
        began = time.time()
        sampler.start()
        purchases.start()
        for thread in threads:
            thread.start()
        nemesis_thread = threading.Thread(target=nemesis.run, args=(began,), daemon=True)
        nemesis_thread.start()

        time.sleep(max(began + args.duration - time.time(), 0))
        nemesis.stop()
        purchases.stop()
        last_fault = max((fault.end or began for fault in nemesis.ran), default=began)
        stopping.set()
        for thread in threads:
            thread.join(timeout=180)
        print(f"chaos: faults over, clients stopped; settling (at most {SETTLE_LIMIT:.0f} s)")
        sys.stdout.flush()
        settled = settle(deployment, last_fault + SETTLE_LIMIT)
        sampler.stop()

        snapshot = checker.snapshot(deployment.stack.postgres.url())
        reconciled = deployment.stack.manage("reconcile_tokens")
        report = checker.check(
            history.records,
            [fault.as_dict() for fault in nemesis.ran],
            snapshot,
            reconciled.returncode,
            settle_deadline=last_fault + SETTLE_LIMIT,
        )
        summary = {
            "seed": seed,
            "duration": args.duration,
            "clients": args.clients,
            "began": began,
            "last_fault_end": last_fault,
            "settled": settled,
            "purchases": purchases.count,
            "nemesis_errors": nemesis.errors,
            "restarts": deployment.restarts(),
            "crashed_clients": [c.crashed for c in clients if c.crashed],
            "dead": deployment.dead(),
            "reconcile_output": (reconciled.stdout + reconciled.stderr)[-2000:],
        }
        (out / "faults.json").write_text(json.dumps([f.as_dict() for f in nemesis.ran], indent=1))
        (out / "samples.json").write_text(json.dumps(sampler.samples))
        (out / "summary.json").write_text(json.dumps(summary, indent=1, default=str))
        write_report(out, summary, report, history.records, nemesis.ran, sampler.samples)
    finally:
        stopping.set()
        history.close()
        deployment.close()

    print((out / "report.md").read_text())
    healthy = report.passed and not nemesis.errors
    healthy = healthy and not summary["dead"] and not summary["crashed_clients"]
    print(f"chaos: {'every invariant held' if healthy else 'FAILED'} (seed {seed}); {out}")
    return 0 if healthy else 1


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.exit(main())
