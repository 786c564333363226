"""Benchmark: deductions/s through `tokens_deduct` against pgbench running the same SQL.

For 1, 8 and 32 threads, on one hot account and on many accounts, runs `tokens_deduct` from real
threads (each on its own connection) for a few seconds, then pgbench with a custom script sending
the same conditional UPDATE + ledger INSERT statement on the same database, and prints
deductions/s of each and the ratio. Afterwards: zero overdrafts (the smallest balance) and a
clean reconciliation.

Needs PostgreSQL: `make bench-ledger` starts a throwaway one (scripts/with-test-services.sh) and
runs `python bench/ledger.py [--seconds 5]` against it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.core.management import call_command
from django.db import connection, connections

from accounts.models import User
from errors import exceptions as app_errors
from tokens.models import TokenAccount, TokenTransaction, TransactionType
from tokens.selectors import ledger_drift
from tokens.services import tokens_credit, tokens_deduct

SPREAD_ACCOUNTS = 200
START_BALANCE = 10_000_000

# The statement tokens_deduct sends on PostgreSQL (see tokens.services._change_and_record).
PGBENCH_SCRIPT = "\n".join(
    [
        "\\set uid random(:first_id, :last_id)",
        "BEGIN;",
        "WITH changed AS (UPDATE tokens_tokenaccount SET balance = balance - 1, held = held - 0, "
        "lifetime_spent = lifetime_spent + 1, updated_at = now() "
        "WHERE user_id = :uid AND balance - held >= 1 RETURNING id, balance) "
        "INSERT INTO tokens_tokentransaction (account_id, balance_after, transaction_type, amount, "
        "description, metadata, reference_id, idempotency_key, corrects_id, actor_id, created_at) "
        "SELECT changed.id, changed.balance, 'ai_usage', -1, '', '{}', '', NULL, NULL, NULL, now() "
        "FROM changed RETURNING id, account_id, balance_after;",
        "END;",
        "",
    ]
)


def make_accounts(prefix: str, count: int) -> list[User]:
    users = []
    for index in range(count):
        user = User.objects.create_user(
            email=f"{prefix}{index}@bench.example", password=None, name="B"
        )
        tokens_credit(user=user, amount=START_BALANCE, transaction_type=TransactionType.PURCHASE)
        users.append(user)
    return users


def run_ours(users: list[User], threads: int, seconds: float) -> tuple[float, int]:
    stop = time.monotonic() + seconds
    done = [0] * threads
    refused = [0] * threads
    barrier = threading.Barrier(threads)

    def work(index: int) -> None:
        barrier.wait()
        position = index
        while time.monotonic() < stop:
            user = users[position % len(users)]
            position += threads
            try:
                tokens_deduct(user=user, amount=1)
                done[index] += 1
            except app_errors.InsufficientBalanceError:
                refused[index] += 1
        connections.close_all()

    started = time.monotonic()
    pool = [threading.Thread(target=work, args=(index,)) for index in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return sum(done) / (time.monotonic() - started), sum(refused)


def run_pgbench(users: list[User], threads: int, seconds: int) -> float:
    database = urlparse(os.environ["DATABASE_URL"])
    ids = sorted(user.pk for user in users)
    assert ids == list(range(ids[0], ids[-1] + 1)), "bench users must have contiguous ids"
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(PGBENCH_SCRIPT)
    env = {**os.environ, "PGPASSWORD": database.password or ""}
    output = subprocess.run(
        [
            "pgbench",
            "-n",
            "-M",
            "prepared",
            "-f",
            script.name,
            "-D",
            f"first_id={ids[0]}",
            "-D",
            f"last_id={ids[-1]}",
            "-c",
            str(threads),
            "-j",
            str(min(threads, 4)),
            "-T",
            str(seconds),
            "-h",
            database.hostname,
            "-p",
            str(database.port or 5432),
            "-U",
            database.username or "postgres",
            database.path.lstrip("/"),
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    os.unlink(script.name)
    return float(re.search(r"tps = ([\d.]+)", output).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--threads", default="1,8,32")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit(
            "bench/ledger.py needs DATABASE_URL pointing at PostgreSQL (use make bench-ledger)"
        )
    if shutil.which("pgbench") is None:
        sys.exit("pgbench is required (it ships with PostgreSQL)")
    call_command("migrate", verbosity=0)
    run_id = int(time.time())
    hot = make_accounts(f"hot{run_id}-", 1)
    spread = make_accounts(f"spread{run_id}-", SPREAD_ACCOUNTS)

    print(f"{'accounts':10s} {'threads':>7s} {'ours/s':>9s} {'pgbench/s':>10s} {'ratio':>6s}")
    for name, users in (("hot (1)", hot), (f"many ({SPREAD_ACCOUNTS})", spread)):
        for threads in (int(value) for value in args.threads.split(",")):
            ours, refused = run_ours(users, threads, args.seconds)
            baseline = run_pgbench(users, threads, args.seconds)
            assert refused == 0, "no bench account may run dry"
            print(f"{name:10s} {threads:7d} {ours:9.0f} {baseline:10.0f} {ours / baseline:6.2f}")

    lowest = TokenAccount.objects.order_by("balance").values_list("balance", flat=True).first()
    drift = ledger_drift()
    rows = TokenTransaction.objects.count()
    print(
        f"ledger rows: {rows}, lowest balance: {lowest} (overdrafts: {int(lowest < 0)}), "
        f"reconciliation: {'clean' if not drift else f'{len(drift)} drift(s)'}"
    )
    if drift:
        for item in drift[:10]:
            print(" ", item)
        sys.exit(1)


if __name__ == "__main__":
    main()
