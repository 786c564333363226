"""scripts/supervise.sh, which runs the Celery worker and the beat under `make stack` and
`make chaos`: it starts its command again after any exit, says so with the status, and on TERM
passes the signal on, waits for the command and ends with it, leaving no process behind."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from tests.support.server import child_pids, wait_until

SUPERVISE = str(Path(__file__).resolve().parents[2] / "scripts/supervise.sh")


def test_a_command_that_exits_is_started_again_until_the_supervisor_is_stopped(
    tmp_path: Path,
) -> None:
    runs = tmp_path / "runs"
    command = [SUPERVISE, "flaky", "sh", "-c", f"echo run >> {runs}; exit 3"]
    supervisor = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)  # noqa: S603
    wait_until(
        lambda: runs.exists() and len(runs.read_text().split()) >= 3, timeout=20, what="3 runs"
    )
    supervisor.send_signal(signal.SIGTERM)
    _, said = supervisor.communicate(timeout=10)

    assert supervisor.returncode == 0
    assert said.count("supervise: flaky exited with status 3; starting it again in 1 s") >= 2


def test_term_reaches_the_command_and_nothing_is_left_running() -> None:
    command = [SUPERVISE, "long", "sleep", "300"]
    supervisor = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)  # noqa: S603
    child = wait_until(lambda: child_pids(supervisor.pid), timeout=10, what="the command")[0]
    supervisor.send_signal(signal.SIGTERM)
    _, said = supervisor.communicate(timeout=10)

    assert supervisor.returncode == 0
    assert "exited" not in said  # stopped, not restarted
    wait_until(lambda: not _running(child), timeout=5, what="the command to be gone")


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"
