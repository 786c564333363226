"""Run the project's processes (gunicorn, a Celery worker, manage.py) in subprocesses, for tests
and benchmarks that need real server processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unreachable_redis_cache(timeout: float = 0.2) -> dict[str, Any]:
    """CACHES for a Redis nobody listens on: each call fails fast, as in an outage."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": timeout, "SOCKET_TIMEOUT": timeout},
        }
    }


def wait_until(condition: Callable[[], object], *, timeout: float, what: str) -> object:
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


def rss_kib(pid: int) -> int:
    """Resident memory of one process, in KiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def child_pids(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(child) for child in children.read().split()]
    except FileNotFoundError:
        return []


class Service:
    """One project process with its output in a log file, stopped on exit."""

    def __init__(
        self,
        name: str,
        command: list[str],
        env: dict[str, str],
        log: Path | None,
        *,
        inherit: bool = True,
    ):
        self.name = name
        # Never an undrained pipe: once its buffer is full, every log write blocks the process.
        self._own_log = log is None
        if log is None:
            descriptor, path = tempfile.mkstemp(prefix=f"{name.replace(' ', '-')}-", suffix=".log")
            os.close(descriptor)
            log = Path(path)
        self.log = log
        self._output: IO[bytes] = open(log, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line of our own
            command,
            cwd=ROOT,
            env={**os.environ, **env} if inherit else env,
            stdout=self._output,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def children(self) -> list[int]:
        return child_pids(self.pid)

    def rss_kib(self) -> int:
        """Resident memory of the process and its children (workers, pool processes)."""
        return rss_kib(self.pid) + sum(rss_kib(child) for child in self.children())

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited early:\n{self.output()[-5000:]}")

    def stop(self, timeout: float = 15) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                for child in self.children():  # a supervisor's command goes with it
                    os.kill(child, signal.SIGKILL)
                self.process.kill()
                self.process.wait()
        self._output.close()
        if self._own_log:
            self.log.unlink(missing_ok=True)


def _answering(service: Service, base_url: str, *, timeout: float) -> tuple[Service, str]:
    """Wait until `service` answers its health check at `base_url`; stop it if it never does."""

    def answers() -> bool:
        service.check_alive()
        try:
            with urllib.request.urlopen(f"{base_url}/api/v1/health", timeout=2):  # noqa: S310
                return True
        except OSError:  # refused, reset or timed out while it starts
            return False

    try:
        wait_until(answers, timeout=timeout, what=f"{service.name} to answer")
    except BaseException:
        service.stop()
        raise
    return service, base_url


def start_gunicorn(
    env: dict[str, str],
    workers: int = 1,
    log: Path | None = None,
    timeout: int = 30,
    threads: int = 1,
) -> tuple[Service, str]:
    """Serve config.wsgi; returns the process and its base URL once it answers.

    A browser needs threads: it holds idle keep-alive and preconnected sockets, each of which
    would occupy a synchronous worker until it timed out.
    """
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", str(timeout)]
    if threads > 1:
        env = {**env, "GUNICORN_THREADS": str(threads)}
    service = Service("gunicorn", command, env, log)
    base_url = f"http://127.0.0.1:{port}"

    return _answering(service, base_url, timeout=30)


# What a newcomer's shell has: none of the suite's DATABASE_URL, REDIS_URL or SECRET_KEY.
_SHELL = ("PATH", "HOME", "LANG", "TMPDIR")


def start_embedded(env: dict[str, str], log: Path | None = None) -> tuple[Service, str]:
    """`make run`'s own command (scripts/run.sh) on a fresh port, in an environment that has
    only `env` beside the shell's basics; returns it and its base URL once it answers."""
    port = free_port()
    clean = {name: os.environ[name] for name in _SHELL if name in os.environ}
    clean |= {"BIN": str(Path(sys.executable).parent), "PORT": str(port), **env}
    service = Service("make run", [str(ROOT / "scripts/run.sh")], clean, log, inherit=False)
    base_url = f"http://127.0.0.1:{port}"

    return _answering(service, base_url, timeout=90)


def start_celery_worker(
    env: dict[str, str],
    concurrency: int | None = None,
    log: Path | None = None,
    pool: str | None = None,
    *,
    supervised: bool = False,
) -> Service:
    """A Celery worker on the broker `env` names, once it answers a ping: the project's own pool
    and concurrency (settings CELERY_WORKER_POOL and CELERY_WORKER_CONCURRENCY), as the plain
    `celery -A config worker` an operator types, unless `pool` or `concurrency` say otherwise.
    `supervised` runs it under scripts/supervise.sh, as `make stack` does: started again (same
    hostname) whenever it exits; the Service is then the supervisor, the worker its child."""
    from celery import Celery
    from redis.exceptions import RedisError

    hostname = f"worker-{free_port()}@loopback"
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO"]
    if pool:
        command += ["--pool", pool]
    if concurrency:
        command += ["--concurrency", str(concurrency)]
    command += ["--without-mingle", "--without-gossip", "--hostname", hostname]
    if supervised:
        command = [str(ROOT / "scripts/supervise.sh"), "celery worker", *command]
    service = Service("celery worker", command, env, log)

    def ready() -> bool:
        service.check_alive()
        # A new client each time: a broker that was just restarted drops old connections.
        control = Celery(broker=env["CELERY_BROKER_URL"])
        try:
            return bool(control.control.ping(destination=[hostname], timeout=0.5))
        except (OSError, RedisError):
            return False
        finally:
            control.close()

    try:
        wait_until(ready, timeout=60, what="the Celery worker to be ready")
    except BaseException:
        service.stop()
        raise
    return service


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python manage.py ARGS` with `env`, its output captured."""
    return subprocess.run(  # noqa: S603 - a fixed command line of our own
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@contextmanager
def gunicorn_server(env: dict[str, str], workers: int = 1, threads: int = 1) -> Iterator[str]:
    """Serve config.wsgi with the given environment; yields the base URL, stops it afterwards."""
    service, base_url = start_gunicorn(env, workers=workers, threads=threads)
    try:
        yield base_url
    finally:
        service.stop(timeout=10)
