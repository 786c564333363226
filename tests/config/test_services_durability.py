"""The PostgreSQL that `make stack` and `make test` start (scripts/with-test-services.sh) keeps
every commit it acknowledged through a crash: an immediate restart (what a killed postmaster or
an OOM kill leaves) replays the WAL and loses none of them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROWS = 400

# Each INSERT commits on its own (psql's autocommit), as API requests do, and the restart follows
# the last acknowledgement at once: a commit that waited for the WAL writer would be gone.
WRITE_CRASH_COUNT = """
set -eu
PSQL="psql -h 127.0.0.1 -p $TEST_PG_PORT -U postgres -d deals -qtA"
$PSQL -c "CREATE TABLE acknowledged (i integer)"
seq "$ROWS" | sed 's/.*/INSERT INTO acknowledged VALUES (&);/' | $PSQL >/dev/null
PG_CTL=$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)
AS=""; [ "$(id -u)" -eq 0 ] && AS="runuser -u postgres --"
$AS "$PG_CTL" -D "$TEST_SERVICES_DIR/pg" -m immediate -w restart >/dev/null
$PSQL -c "SELECT count(*) FROM acknowledged"
"""


@pytest.mark.parametrize("durable", ["0", "1"], ids=["make-test", "make-stack"])
def test_an_immediate_restart_keeps_every_acknowledged_commit(durable: str) -> None:
    environment = {name: value for name, value in os.environ.items() if name != "SECRET_KEY"}
    result = subprocess.run(  # noqa: S603 - our own script
        [str(ROOT / "scripts/with-test-services.sh"), "bash", "-c", WRITE_CRASH_COUNT],
        env={**environment, "TEST_SERVICES_DURABLE": durable, "ROWS": str(ROWS)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(ROWS)
