"""The deployment under test and the nemesis that breaks it on a seeded schedule.

The deployment is the production shape on loopback: nginx in front of gunicorn with several
workers, PostgreSQL (durable, as production's), Redis, two Celery workers, the beat, and two fake
OpenAI-compatible providers (primary and fallback). The Celery workers and the beat run under
scripts/supervise.sh, as `make stack` runs them and systemd's `Restart=always` in production;
every exit it saw is reported with its cause.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psycopg

from tests.fakes.openai_server import (
    FakeOpenAI,
    garbage_body,
    hang,
    ok,
    rate_limited,
    status,
)
from tests.support.server import Service, start_celery_worker
from tests.support.stack import Stack

PROVIDER_DELAY = 0.4  # a healthy provider still takes its time
ROOT = Path(__file__).resolve().parents[2]
RUNNING = "SELECT count(*) FROM ai_analysis WHERE status = 'running'"
ERROR = re.compile(r"\b(\w+(?:Error|Exception)): ([^\"\\\n]{1,160})")
EXITED = re.compile(r"supervise: (.+) exited with status (\d+)")

# Each kind: (shortest, longest) time it holds, in seconds; 0 for a one-off blow.
FAULTS: dict[str, tuple[float, float]] = {
    "kill_gunicorn_worker": (0, 0),
    "kill_celery_worker": (0, 0),
    "pause_celery_worker": (30, 30),
    "restart_postgres_fast": (0, 0),
    "restart_postgres_immediate": (0, 0),
    "kill_redis": (2, 10),
    "provider_hang": (10, 30),
    "provider_500": (10, 30),
    "provider_429": (10, 30),
    "provider_garbage": (10, 30),
    "restart_nginx": (0, 0),
}


def chaos_env(primary: FakeOpenAI, fallback: FakeOpenAI) -> dict[str, str]:
    return {
        "LOG_LEVEL": "WARNING",
        "SIGNUP_BONUS_TOKENS": "300",
        "JWT_ACCESS_TTL_SECONDS": "90",  # clients meet AUTH_TOKEN_EXPIRED and refresh
        "RATE_LIMIT_REGISTER": "1000/hour",
        "RATE_LIMIT_USER": "6000/minute",
        "RATE_LIMIT_DEDUCT": "3000/minute",
        "RATE_LIMIT_ANALYSIS": "600/minute",
        "RATE_LIMIT_LOGIN_IP": "1000/15m",
        "RATE_LIMIT_LOGIN_ACCOUNT": "1000/15m",
        "RATE_LIMIT_LOGIN": "1000/15m",
        "AI_PRIMARY_BASE_URL": primary.base_url,
        "AI_PRIMARY_API_KEY": "sk-chaos-primary-000000",
        "AI_PRIMARY_MODEL": "chaos-primary",
        "AI_FALLBACK_BASE_URL": fallback.base_url,
        "AI_FALLBACK_API_KEY": "sk-chaos-fallback-00000",
        "AI_FALLBACK_MODEL": "chaos-fallback",
        "AI_RULES_FALLBACK": "true",
        "AI_DEADLINE_SECONDS": "20",
        "AI_ATTEMPT_TIMEOUT_SECONDS": "5",
        # What a lost message waits before the beat's sweep sends it again (default 120 s).
        "AI_REQUEUE_AFTER_SECONDS": "30",
    }


class Deployment:
    """Everything `make stack` runs, plus the fake providers: the Celery workers and the beat run
    under scripts/supervise.sh, started again whenever they exit, as `make stack` runs them."""

    def __init__(self, directory_name: str = "chaos") -> None:
        self.primary = FakeOpenAI("primary").start()
        self.fallback = FakeOpenAI("fallback").start()
        for fake in (self.primary, self.fallback):
            fake.set_default(ok(delay=PROVIDER_DELAY))
        self.stack = Stack(
            directory_name,
            chaos_env(self.primary, self.fallback),
            web_workers=3,
            worker=False,
            durable=True,
        )
        self.workers: list[Service] = []
        self.beat: Service | None = None
        try:
            for number in range(2):
                log = self.stack.path / f"worker-{number}.log"
                self.workers.append(start_celery_worker(self.stack.env, log=log, supervised=True))
            command = [str(ROOT / "scripts/supervise.sh"), "celery beat", sys.executable]
            command += ["-m", "celery", "-A", "config", "beat", "--loglevel", "INFO"]
            command += ["--schedule", str(self.stack.path / "beat-schedule")]
            self.beat = Service(
                "celery beat", command, self.stack.env, self.stack.path / "beat.log"
            )
        except BaseException:
            self.close()
            raise

    @property
    def base_url(self) -> str:
        return self.stack.base_url

    def worker_pid(self, worker: Service) -> int | None:
        """The Celery worker's own process under its supervisor (None while it restarts: the
        supervisor's other child is then its `sleep`)."""
        for child in worker.children():
            with contextlib.suppress(OSError):
                if b"celery" in Path(f"/proc/{child}/cmdline").read_bytes():
                    return child
        return None

    def restarts(self) -> list[dict[str, Any]]:
        """Every exit the supervisors saw, with its status and the worker's last error line."""
        found = []
        for service in [*self.workers, self.beat]:
            if service is None:
                continue
            cause = ""
            for line in service.output().splitlines():
                raised = ERROR.findall(line.replace("\\n", "\n"))  # JSON log lines escape them
                if raised:  # the last exception a line names (a traceback's last line)
                    cause = ": ".join(raised[-1])
                match = EXITED.search(line)
                if match:
                    found.append({"process": match[1], "status": int(match[2]), "cause": cause})
                    cause = ""
        return found

    def dead(self) -> list[str]:
        """The processes that are not running at the end: none may be (the supervisors, the
        gunicorn master and nginx are never the nemesis's targets)."""
        services = [*self.workers, self.beat, self.stack.web, self.stack.nginx.service]
        return [s.name for s in services if s is not None and s.process.poll() is not None]

    def close(self) -> None:
        for service in [*self.workers, self.beat]:
            if service is not None:
                service.stop()
        self.stack.close()
        for fake in (self.primary, self.fallback):
            fake.stop()


@dataclass
class Fault:
    at: float  # seconds after the run began
    kind: str
    hold: float
    start: float | None = None  # wall-clock times, once it ran
    end: float | None = None
    target: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def schedule(seed: int, duration: float, every: float) -> list[Fault]:
    """Faults from the seed: one at least every `every` seconds, each held for its kind's time,
    so that long ones (a paused worker, a provider outage) overlap the next."""
    chooser = random.Random(seed)
    faults, at = [], chooser.uniform(3, min(every, 8))
    kinds = sorted(FAULTS)
    while at < duration:
        kind = chooser.choice(kinds)
        shortest, longest = FAULTS[kind]
        faults.append(
            Fault(at=round(at, 1), kind=kind, hold=round(chooser.uniform(shortest, longest), 1))
        )
        at += chooser.uniform(every * 0.4, every)
    return faults


class Nemesis:
    """Runs the schedule against the deployment, each fault in a thread of its own; faults of
    one component wait for each other, so PostgreSQL is not restarted while it restarts."""

    def __init__(self, deployment: Deployment, faults: list[Fault], seed: int) -> None:
        self.deployment = deployment
        self.faults = faults
        self.random = random.Random(seed + 1)
        self._threads: list[threading.Thread] = []
        self._locks = {
            name: threading.Lock()
            for name in ("web", "workers", "postgres", "redis", "provider", "nginx")
        }
        self._cancel = threading.Event()
        self.errors: list[str] = []

    def run(self, began: float) -> None:
        for fault in self.faults:
            delay = began + fault.at - time.time()
            if self._cancel.wait(max(delay, 0)):
                return
            thread = threading.Thread(
                target=self._inflict, args=(fault,), name=fault.kind, daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """No new fault; wait for those running to heal."""
        self._cancel.set()
        for thread in self._threads:
            thread.join(timeout=120)

    @property
    def ran(self) -> list[Fault]:
        return [fault for fault in self.faults if fault.start is not None]

    def _inflict(self, fault: Fault) -> None:
        component = _component(fault.kind)
        with self._locks[component]:
            fault.start = time.time()
            try:
                getattr(self, fault.kind.split("_", 1)[0])(fault)
            except Exception as error:
                self.errors.append(f"{fault.kind} at {fault.at}: {type(error).__name__}: {error}")
            fault.end = time.time()

    # The blows, by the kind's first word ---------------------------------------------------------

    def kill(self, fault: Fault) -> None:
        deployment = self.deployment
        if fault.kind == "kill_gunicorn_worker":
            pid = self.random.choice(deployment.stack.web.children())
            fault.target = f"gunicorn worker {pid}"
            os.kill(pid, signal.SIGKILL)
        elif fault.kind == "kill_celery_worker":
            running = self._running_analyses()
            pid = deployment.worker_pid(self.random.choice(deployment.workers))
            fault.target = f"celery worker {pid}, {running} analyses running"
            if pid is not None:
                os.kill(pid, signal.SIGKILL)
        elif fault.kind == "kill_redis":
            redis = deployment.stack.redis
            fault.target = f"redis :{redis.port}"
            redis.kill()
            time.sleep(fault.hold)
            redis.start()

    def _running_analyses(self, patience: float = 10.0) -> int:
        """Wait (a little) for analyses to be running, so that a kill finds calls in flight."""
        deadline = time.time() + patience
        running = 0
        while time.time() < deadline:
            with contextlib.suppress(psycopg.Error):
                url = self.deployment.stack.postgres.url()
                with psycopg.connect(url, connect_timeout=1) as connection:
                    running = connection.execute(RUNNING).fetchone()[0]
            if running:
                break
            time.sleep(0.5)
        return running

    def pause(self, fault: Fault) -> None:
        pid = self.deployment.worker_pid(self.random.choice(self.deployment.workers))
        fault.target = f"celery worker {pid}"
        if pid is None:
            return
        os.kill(pid, signal.SIGSTOP)
        try:
            time.sleep(fault.hold)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)

    def restart(self, fault: Fault) -> None:
        if fault.kind == "restart_nginx":
            fault.target = "nginx"
            self.deployment.stack.nginx.restart()
            return
        mode = fault.kind.rsplit("_", 1)[1]
        fault.target = f"postgresql ({mode})"
        postgres = self.deployment.stack.postgres
        postgres.stop(mode)
        postgres.start()

    def provider(self, fault: Fault) -> None:
        behaviour = {
            "provider_hang": hang(60),
            "provider_500": status(500),
            "provider_429": rate_limited("2"),
            "provider_garbage": garbage_body(),
        }[fault.kind]
        fault.target = "primary provider"
        primary = self.deployment.primary
        primary.set_default(behaviour)
        try:
            time.sleep(fault.hold)
        finally:
            primary.set_default(ok(delay=PROVIDER_DELAY))


def _component(kind: str) -> str:
    if kind.startswith("provider"):
        return "provider"
    for name, component in (
        ("gunicorn", "web"),
        ("celery", "workers"),
        ("postgres", "postgres"),
        ("redis", "redis"),
        ("nginx", "nginx"),
    ):
        if name in kind:
            return component
    raise ValueError(kind)
