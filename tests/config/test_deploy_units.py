"""The systemd units in deploy/systemd start what the README's production recipe starts, and
start it again whenever it ends: a worker may exit when its broker dies under load
(tests/ai/test_worker_broker_loss.py), and only a running worker takes its messages back."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy/systemd").glob("*.service"))


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(path)
    return parser


def test_there_is_a_unit_for_the_web_the_worker_and_the_beat() -> None:
    assert [path.name for path in UNITS] == [
        "agentic-deals-beat.service",
        "agentic-deals-web.service",
        "agentic-deals-worker.service",
    ]


@pytest.mark.parametrize("path", UNITS, ids=[path.stem for path in UNITS])
def test_each_unit_restarts_its_process_and_runs_the_readme_command(path: Path) -> None:
    service = unit(path)["Service"]
    assert (service["Restart"], service["RestartSec"]) == ("always", "1")
    command = service["ExecStart"].removeprefix("/srv/agentic-deals/.venv/bin/")
    readme = (ROOT / "README.md").read_text()
    program = " ".join(command.split()[:4])  # `celery -A config worker`, `gunicorn config.wsgi:...`
    assert f".venv/bin/{program}" in readme
    assert service["EnvironmentFile"] == "/etc/agentic-deals.env"


def test_the_worker_unit_outlasts_the_deadline_and_opens_enough_files() -> None:
    """SIGTERM lets the analyses in flight finish within the chain's deadline: systemd waits
    longer than that before it kills. 500 threads each hold a provider socket, and the broker
    pool one Redis connection each: far beyond the default 1,024 open files."""
    from django.conf import settings

    service = unit(ROOT / "deploy/systemd/agentic-deals-worker.service")["Service"]
    assert int(service["TimeoutStopSec"]) > settings.AI_DEADLINE_SECONDS
    concurrency = settings.CELERY_WORKER_CONCURRENCY
    broker = settings.CELERY_BROKER_TRANSPORT_OPTIONS["max_connections"]
    assert int(service["LimitNOFILE"]) > concurrency + broker + 100
