"""Two minutes of `make chaos`: the whole deployment under load while the nemesis strikes every
few seconds, then every invariant of the checker. The schedule's seed changes from run to run
(printed, and in the failure's message, so a failing run is replayed with `make chaos SEED=`)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_two_minutes_of_faults_under_load_keep_every_promise(tmp_path: Path) -> None:
    seed = random.SystemRandom().randrange(1, 10**6)
    command = [sys.executable, "-m", "tests.chaos.run", "--duration", "120", "--every", "10"]
    command += ["--seed", str(seed), "--out", str(tmp_path)]
    result = subprocess.run(  # noqa: S603 - our own module
        command, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
    )
    replay = f"seed {seed}: make chaos DURATION=120s SEED={seed} CHAOS_ARGS='--every 10'"
    assert result.returncode == 0, f"{replay}\n{result.stdout[-6000:]}\n{result.stderr[-4000:]}"

    summary = json.loads((tmp_path / "summary.json").read_text())
    faults = json.loads((tmp_path / "faults.json").read_text())
    history = (tmp_path / "history.jsonl").read_text().splitlines()
    assert len(faults) >= 10, replay
    assert all(fault["end"] is not None for fault in faults)
    assert len(history) > 1000, replay
    assert summary["dead"] == []
    assert "| acknowledged_writes |" in (tmp_path / "report.md").read_text()
    assert (tmp_path / "timeline.svg").read_text().startswith("<svg")
